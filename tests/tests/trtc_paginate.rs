//! The generated paginator of `DescribeUserInfo` (page number from 0, page size, total):
//! every page requested with the page size, the items of every page, the stop at the
//! total, a server that ignores the page number, and a request that cannot be built.

use std::sync::Arc;

use serde_json::{json, Value};
use tencentcloud_runtime::error::SdkError;
use tencentcloud_runtime::paginate::PaginationError;
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::{Config, Credentials, FixedClock};
use tencentcloud_sdk_tests::{NOW, SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::v20190722::operation::describe_user_info::DescribeUserInfoFluentBuilder;
use tencentcloud_trtc::v20190722::Client;

/// More reads than any test needs: a paginator that keeps going is caught.
const MAX_READS: usize = 20;

fn client(transport: &CapturingTransport) -> Client {
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .transport(Arc::new(transport.clone()))
        .clock(Arc::new(FixedClock::new(NOW)))
        .build()
        .expect("config");
    Client::new(config)
}

fn call(client: &Client) -> DescribeUserInfoFluentBuilder {
    let now = NOW as u64;
    client
        .describe_user_info()
        .comm_id("1400188366_218695_1590065777")
        .start_time(now - 100)
        .end_time(now)
        .sdk_app_id(1)
}

fn user(id: u32) -> Value {
    json!({"RoomStr": "r", "UserId": format!("u{id}"), "JoinTs": 1, "LeaveTs": 2, "DeviceType": "",
           "SdkVersion": "", "ClientIp": "", "Finished": true})
}

fn reply(ids: &[u32], total: u64) -> String {
    let users: Vec<Value> = ids.iter().map(|i| user(*i)).collect();
    json!({"Response": {"Total": total, "UserList": users, "RequestId": "r"}}).to_string()
}

/// (PageNumber, PageSize) of every request sent.
fn pages_sent(t: &CapturingTransport) -> Vec<(Value, Value)> {
    t.requests()
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_str(&r.body_text()).expect("JSON");
            (body["PageNumber"].clone(), body["PageSize"].clone())
        })
        .collect()
}

#[tokio::test]
async fn every_user_of_every_page_until_the_total() {
    let t = CapturingTransport::new().with_response(200, reply(&[], 5));
    t.enqueue_response(200, reply(&[1, 2], 5)).enqueue_response(200, reply(&[3, 4], 5));
    t.enqueue_response(200, reply(&[5], 5));
    let mut items = call(&client(&t)).into_paginator().page_size(2).items();
    let mut ids = Vec::new();
    for _ in 0..MAX_READS {
        match items.next_item().await {
            Some(user) => ids.push(user.expect("a user").user_id),
            None => break,
        }
    }
    assert_eq!(ids, ["u1", "u2", "u3", "u4", "u5"]);
    // Page numbers count from 0 (the spec's default); the first is the server's default.
    assert_eq!(
        pages_sent(&t),
        [(Value::Null, json!(2)), (json!(1), json!(2)), (json!(2), json!(2))],
        "page size on every request"
    );
}

#[tokio::test]
async fn a_full_last_page_stops_at_the_total() {
    let t = CapturingTransport::new().with_response(200, reply(&[9], 9));
    t.enqueue_response(200, reply(&[1, 2], 4)).enqueue_response(200, reply(&[3, 4], 4));
    let mut pages = call(&client(&t)).page_number(0).into_paginator().page_size(2);
    let mut seen = Vec::new();
    for _ in 0..MAX_READS {
        match pages.next_page().await {
            Some(page) => seen.push(page.expect("a page").user_list.map_or(0, |l| l.len())),
            None => break,
        }
    }
    assert_eq!(seen, [2, 2]);
    assert_eq!(t.request_count(), 2);
}

#[tokio::test]
async fn a_server_ignoring_the_page_number_is_an_error() {
    // The same full page every time, with a total that never comes.
    let t = CapturingTransport::new().with_response(200, reply(&[1, 2], 1000));
    let mut pages = call(&client(&t)).into_paginator().page_size(2);
    assert!(pages.next_page().await.expect("a page").is_ok());
    let err = pages.next_page().await.expect("an element").expect_err("a repeated page");
    assert!(matches!(err, SdkError::Pagination(PaginationError::RepeatedPage { page: 2 })), "{err:?}");
    assert!(pages.next_page().await.is_none());
    assert_eq!(t.request_count(), 2);
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_reported_once_and_nothing_is_sent() {
    let t = CapturingTransport::new().with_response(200, reply(&[], 0));
    let mut pages = client(&t).describe_user_info().into_paginator();
    let err = pages.next_page().await.expect("an element").expect_err("missing members");
    assert!(matches!(err, SdkError::Validation(_)), "{err:?}");
    assert!(pages.next_page().await.is_none());
    assert_eq!(t.request_count(), 0);
}

#[tokio::test]
async fn the_builders_overrides_apply_to_every_page() {
    let t = CapturingTransport::new().with_response(200, reply(&[3], 3));
    t.enqueue_response(200, reply(&[1, 2], 3));
    let mut pages = call(&client(&t)).customize(|o| o.region("ap-beijing").header("X-Trace", "p")).into_paginator();
    let mut count = 0;
    for _ in 0..MAX_READS {
        match pages.next_page().await {
            Some(page) => {
                page.expect("a page");
                count += 1;
            }
            None => break,
        }
    }
    assert_eq!(count, 2);
    for request in t.requests() {
        assert_eq!(request.header("X-TC-Region"), Some("ap-beijing"));
        assert_eq!(request.header("X-Trace"), Some("p"));
    }
    assert_eq!(t.request_count(), 2);
}
