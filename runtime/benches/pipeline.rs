//! The per-request hot path, each part beside a baseline measured in the same run:
//! - body: the Python-SDK-compatible JSON writer vs serde_json's compact writer;
//! - sign: a full TC3-HMAC-SHA256 signature vs hashing the body alone;
//! - call: a whole `call_json` (validation, serialization, signing, rate limiter, decode)
//!   through an in-memory transport vs decoding the reply alone;
//! - decode: the typed `Response` with every member strict vs with the lenient
//!   attributes of members documented as always present, plus the default counter the
//!   client resets and reads around each decode.
//!
//! Run with `cargo bench -p tencentcloud-runtime` (or `scripts/bench/bench.sh`); compare the
//! ratios, not the times. The typed call beside its floor is in the tests package
//! (`tests/benches/call.rs`), which can depend on a generated crate.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use tencentcloud_runtime::error::TransportError;
use tencentcloud_runtime::json::to_wire_json;
use tencentcloud_runtime::sign::{sha256_hex, sign, SigningInput};
use tencentcloud_runtime::transport::{BoxFuture, Transport};
use tencentcloud_runtime::{ActionMetadata, Client, Config, Credentials, FixedClock};

fn params() -> serde_json::Value {
    json!({
        "CommId": "1400188366_218695_1590065777",
        "StartTime": 1590065777,
        "EndTime": 1590065877,
        "SdkAppId": 1400188366,
        "UserIds": ["user1_54816741", "user2_2107025", "用户三"],
        "PageSize": 100
    })
}

const REPLY: &str = r#"{"Response": {"Total": 1, "UserList": [{"RoomStr": "218695", "UserId": "user1_54816741",
 "JoinTs": 1590065777, "LeaveTs": 1590067658, "Finished": true, "DeviceType": "", "SdkVersion": "4.3.14",
 "ClientIp": "10.4.1.13"}], "RequestId": "2e12e365-43e8-4efd-902d-906303e2ee4a"}}"#;

fn body(c: &mut Criterion) {
    let value = params();
    let mut g = c.benchmark_group("body");
    g.bench_function("baseline: serde_json compact", |b| b.iter(|| serde_json::to_vec(black_box(&value))));
    g.bench_function("python-compatible", |b| b.iter(|| to_wire_json(black_box(&value))));
    g.finish();
}

fn signature(c: &mut Criterion) {
    let payload = to_wire_json(&params()).unwrap_or_default();
    let headers = [("content-type", "application/json"), ("host", "trtc.tencentcloudapi.com")];
    let input = SigningInput {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers: &headers,
        payload: &payload,
        service: "trtc",
        timestamp: 1_590_066_000,
        secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret_key: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    };
    let mut g = c.benchmark_group("sign");
    g.bench_function("baseline: sha256 of the body", |b| b.iter(|| sha256_hex(black_box(&payload))));
    g.bench_function("tc3-hmac-sha256", |b| b.iter(|| sign(black_box(&input))));
    g.finish();
}

/// Answers every request with [`REPLY`] and keeps nothing (a `CapturingTransport` would
/// record every one of the benchmark's millions of requests).
#[derive(Debug)]
struct Canned;

impl Transport for Canned {
    fn send(&self, _: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        let response = http::Response::new(REPLY.as_bytes().to_vec());
        Box::pin(async move { Ok(response) })
    }
}

fn call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    let config = Config::builder()
        .credentials(Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"))
        .region("ap-guangzhou")
        .transport(Arc::new(Canned))
        .clock(Arc::new(FixedClock::new(1_590_066_000)))
        .rate_limiting(false)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let client = Client::new(config);
    let meta = ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
    let value = params();
    let mut g = c.benchmark_group("call");
    g.bench_function("baseline: decode the reply", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(REPLY)))
    });
    g.bench_function("call_json end to end (in-memory transport)", |b| {
        b.to_async(&runtime).iter(|| client.call_json(meta, black_box(&value)))
    });
    g.finish();
}

mod strict {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Response {
        #[serde(rename = "Total")]
        pub total: u64,
        #[serde(rename = "UserList", default)]
        pub user_list: Option<Vec<User>>,
        #[serde(rename = "RequestId")]
        pub request_id: String,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct User {
        #[serde(rename = "RoomStr")]
        pub room_str: String,
        #[serde(rename = "UserId")]
        pub user_id: String,
        #[serde(rename = "JoinTs")]
        pub join_ts: u64,
        #[serde(rename = "LeaveTs")]
        pub leave_ts: u64,
        #[serde(rename = "Finished")]
        pub finished: bool,
        #[serde(rename = "DeviceType")]
        pub device_type: String,
        #[serde(rename = "SdkVersion")]
        pub sdk_version: String,
        #[serde(rename = "ClientIp")]
        pub client_ip: String,
    }
}

mod lenient {
    //! As generated code marks members documented as always present.

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Response {
        #[serde(
            rename = "Total",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub total: u64,
        #[serde(rename = "UserList", default)]
        pub user_list: Option<Vec<User>>,
        #[serde(
            rename = "RequestId",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub request_id: String,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct User {
        #[serde(
            rename = "RoomStr",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub room_str: String,
        #[serde(
            rename = "UserId",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub user_id: String,
        #[serde(
            rename = "JoinTs",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub join_ts: u64,
        #[serde(
            rename = "LeaveTs",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub leave_ts: u64,
        #[serde(
            rename = "Finished",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub finished: bool,
        #[serde(
            rename = "DeviceType",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub device_type: String,
        #[serde(
            rename = "SdkVersion",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub sdk_version: String,
        #[serde(
            rename = "ClientIp",
            default = "tencentcloud_runtime::de::absent",
            deserialize_with = "tencentcloud_runtime::de::null_as_default"
        )]
        pub client_ip: String,
    }
}

fn decode(c: &mut Criterion) {
    let response = serde_json::from_str::<serde_json::Value>(REPLY).unwrap_or_default()["Response"].to_string();
    let mut g = c.benchmark_group("decode");
    g.bench_function("baseline: strict typed Response", |b| {
        b.iter(|| serde_json::from_str::<strict::Response>(black_box(&response)).is_ok())
    });
    g.bench_function("lenient typed Response with the default counter", |b| {
        b.iter(|| {
            tencentcloud_runtime::de::take_defaults_used();
            let ok = serde_json::from_str::<lenient::Response>(black_box(&response)).is_ok();
            (ok, tencentcloud_runtime::de::take_defaults_used())
        })
    });
    g.finish();
}

criterion_group!(benches, body, signature, call, decode);
criterion_main!(benches);
