//! Paginators over a capturing transport, one hand-written action per paging style:
//! multi-page traversal, the stop rules (short page, total reached, empty page, empty
//! token), the page size in every request, `.items()`, and servers that do not advance
//! (an error, never a loop: each test reads at most `MAX_READS` elements).

mod common;

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tencentcloud_runtime::error::{ConfigError, SdkError, UntypedServiceError};
use tencentcloud_runtime::paginate::{PageStyle, Paginated, PaginationError, Paginator, Stream, MAX_REMEMBERED};
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::validation::{ValidationContext, Violations};
use tencentcloud_runtime::{Action, ActionMetadata};

/// More than any test needs: a paginator that keeps going is caught, not waited for.
const MAX_READS: usize = 20;

const META: ActionMetadata<'static> =
    ActionMetadata::new("test", "2020-01-01", "ListThings", "test.tencentcloudapi.com").idempotent();

trait Style: Send + Sync + 'static {
    const STYLE: PageStyle;
}
struct ByOffset;
struct ByPage;
struct ByToken;
impl Style for ByOffset {
    const STYLE: PageStyle = PageStyle::OffsetLimit;
}
impl Style for ByPage {
    const STYLE: PageStyle = PageStyle::PageNumber;
}
impl Style for ByToken {
    const STYLE: PageStyle = PageStyle::Token;
}

/// A request shaped like generated code; `S` says which members page.
#[derive(Debug, Serialize)]
struct ListThings<S> {
    #[serde(rename = "Offset", skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    #[serde(rename = "PageNumber", skip_serializing_if = "Option::is_none")]
    page: Option<u64>,
    #[serde(rename = "Limit", skip_serializing_if = "Option::is_none")]
    limit: Option<u64>,
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    #[serde(skip)]
    style: PhantomData<fn() -> S>,
}

impl<S> Clone for ListThings<S> {
    fn clone(&self) -> Self {
        ListThings {
            offset: self.offset,
            page: self.page,
            limit: self.limit,
            token: self.token.clone(),
            style: PhantomData,
        }
    }
}

fn request<S>() -> ListThings<S> {
    ListThings { offset: None, page: None, limit: None, token: None, style: PhantomData }
}

#[derive(Debug, Serialize, Deserialize)]
struct Things {
    #[serde(rename = "Items", default)]
    items: Vec<u32>,
    #[serde(rename = "Total", default)]
    total: Option<u64>,
    #[serde(rename = "NextToken", default)]
    next_token: Option<String>,
}

impl<S: Style> Action for ListThings<S> {
    type Output = Things;
    type Error = UntypedServiceError;

    fn metadata(&self) -> ActionMetadata<'_> {
        META
    }

    fn validate(&self, _ctx: &ValidationContext, _report: &mut Violations) {}
}

impl<S: Style> Paginated for ListThings<S> {
    type Item = u32;
    const STYLE: PageStyle = S::STYLE;

    fn page_size(&self) -> Option<u64> {
        self.limit
    }
    fn set_page_size(&mut self, size: u64) {
        self.limit = Some(size);
    }
    fn position(&self) -> Option<u64> {
        match S::STYLE {
            PageStyle::OffsetLimit => self.offset,
            _ => self.page,
        }
    }
    fn set_position(&mut self, position: u64) {
        match S::STYLE {
            PageStyle::OffsetLimit => self.offset = Some(position),
            _ => self.page = Some(position),
        }
    }
    fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
    fn set_token(&mut self, token: String) {
        self.token = Some(token);
    }
    fn items(output: &Things) -> &[u32] {
        &output.items
    }
    fn into_items(output: Things) -> Vec<u32> {
        output.items
    }
    fn total(output: &Things) -> Option<u64> {
        output.total
    }
    fn next_token(output: &Things) -> Option<&str> {
        output.next_token.as_deref()
    }
}

fn reply(items: &[u32], total: Option<u64>, token: Option<&str>) -> String {
    let mut r = json!({ "Items": items, "RequestId": "r" });
    if let Some(t) = total {
        r["Total"] = json!(t);
    }
    if let Some(t) = token {
        r["NextToken"] = json!(t);
    }
    json!({ "Response": r }).to_string()
}

/// A transport answering with `replies` in order, then with an empty page.
fn server(replies: &[String]) -> CapturingTransport {
    let t = CapturingTransport::new().with_response(200, reply(&[], None, None));
    for r in replies {
        t.enqueue_response(200, r.clone());
    }
    t
}

/// The JSON bodies the paginator sent.
fn sent(t: &CapturingTransport) -> Vec<Value> {
    t.requests().iter().map(|r| serde_json::from_str(&r.body_text()).expect("JSON body")).collect()
}

/// Every page (item counts) and the error that ended the traversal, if any.
async fn pages<S: Style>(mut p: Paginator<ListThings<S>>) -> (Vec<Vec<u32>>, Option<SdkError<UntypedServiceError>>) {
    let mut out = Vec::new();
    for _ in 0..MAX_READS {
        match p.next_page().await {
            Some(Ok(page)) => out.push(page.items),
            Some(Err(e)) => {
                assert!(p.next_page().await.is_none(), "nothing after an error");
                return (out, Some(e));
            }
            None => return (out, None),
        }
    }
    panic!("the paginator did not stop after {MAX_READS} pages: {out:?}");
}

fn paginator<S: Style>(t: &CapturingTransport, r: ListThings<S>) -> Paginator<ListThings<S>> {
    Paginator::new(common::client(t), Ok(r))
}

#[tokio::test]
async fn offset_limit_pages_until_the_total_is_reached() {
    // Full pages only: the total is what stops it.
    let t = server(&[reply(&[1, 2], Some(4), None), reply(&[3, 4], Some(4), None)]);
    let (pages, err) = pages(paginator(&t, request::<ByOffset>()).page_size(2)).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(pages, [vec![1, 2], vec![3, 4]]);
    assert_eq!(sent(&t), [json!({"Limit": 2}), json!({"Offset": 2, "Limit": 2})]);
}

#[tokio::test]
async fn offset_limit_stops_on_a_short_page_and_counts_a_starting_offset() {
    let t = server(&[reply(&[11, 12], None, None), reply(&[13], None, None)]);
    let mut r = request::<ByOffset>();
    r.offset = Some(10);
    let (pages, err) = pages(paginator(&t, r).page_size(2)).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(pages, [vec![11, 12], vec![13]]);
    assert_eq!(sent(&t), [json!({"Offset": 10, "Limit": 2}), json!({"Offset": 12, "Limit": 2})]);
}

#[tokio::test]
async fn offset_limit_with_a_total_goes_on_after_a_capped_page() {
    // The server caps the page at 2 items when 3 are asked for: nothing is skipped.
    let t = server(&[reply(&[11, 12], Some(15), None), reply(&[13, 14], Some(15), None), reply(&[15], Some(15), None)]);
    let mut r = request::<ByOffset>();
    r.offset = Some(10);
    let (pages, err) = pages(paginator(&t, r).page_size(3)).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(pages, [vec![11, 12], vec![13, 14], vec![15]]);
    assert_eq!(
        sent(&t),
        [json!({"Offset": 10, "Limit": 3}), json!({"Offset": 12, "Limit": 3}), json!({"Offset": 14, "Limit": 3})]
    );
}

#[tokio::test]
async fn without_page_size_or_total_an_empty_page_ends_it() {
    let t = server(&[reply(&[1, 2], None, None), reply(&[3], None, None)]);
    let (pages, err) = pages(paginator(&t, request::<ByOffset>())).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(pages, [vec![1, 2], vec![3], vec![]]);
    assert_eq!(sent(&t), [json!({}), json!({"Offset": 2}), json!({"Offset": 3})]);
}

#[tokio::test]
async fn an_empty_page_before_the_total_is_an_error() {
    let t = server(&[reply(&[1, 2], Some(5), None), reply(&[], Some(5), None)]);
    let (pages, err) = pages(paginator(&t, request::<ByOffset>()).page_size(2)).await;
    assert_eq!(pages, [vec![1, 2]]);
    let err = err.expect("an error");
    assert!(
        matches!(err, SdkError::Pagination(PaginationError::EmptyBeforeTotal { position: 2, total: 5 })),
        "{err:?}"
    );
    assert_eq!(t.request_count(), 2);
}

#[tokio::test]
async fn page_number_pages_and_items_flatten() {
    let t = server(&[reply(&[1, 2], Some(5), None), reply(&[3, 4], Some(5), None), reply(&[5], Some(5), None)]);
    let mut items = paginator(&t, request::<ByPage>()).page_size(2).items();
    let mut got = Vec::new();
    for _ in 0..MAX_READS {
        match items.next_item().await {
            Some(item) => got.push(item.expect("an item")),
            None => break,
        }
    }
    assert_eq!(got, [1, 2, 3, 4, 5]);
    // The first request leaves the page number to the server's default (the first page).
    assert_eq!(
        sent(&t),
        [json!({"Limit": 2}), json!({"PageNumber": 2, "Limit": 2}), json!({"PageNumber": 3, "Limit": 2})]
    );
}

#[tokio::test]
async fn page_number_stops_at_the_total_counting_skipped_pages() {
    // Starting at page 3 of size 2: items 5 and 6 reach the total of 6.
    let t = server(&[reply(&[5, 6], Some(6), None)]);
    let mut r = request::<ByPage>();
    r.page = Some(3);
    let (pages, err) = pages(paginator(&t, r).page_size(2)).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(pages, [vec![5, 6]]);
    assert_eq!(t.request_count(), 1);
}

#[tokio::test]
async fn a_server_repeating_a_page_is_an_error() {
    // It ignores the page number: every reply is the same full page, and no total.
    let t = CapturingTransport::new().with_response(200, reply(&[1, 2], None, None));
    let (pages, err) = pages(paginator(&t, request::<ByPage>()).page_size(2)).await;
    assert_eq!(pages, [vec![1, 2]]);
    let err = err.expect("an error");
    assert!(matches!(err, SdkError::Pagination(PaginationError::RepeatedPage { page: 2 })), "{err:?}");
    assert_eq!(t.request_count(), 2);
}

/// A transport answering request `i` (from 0) with `reply(i)`, for `n` requests.
fn scripted(n: usize, reply: impl Fn(usize) -> String) -> CapturingTransport {
    let replies: Vec<String> = (0..n).map(reply).collect();
    server(&replies)
}

#[tokio::test]
async fn a_server_alternating_two_pages_is_an_error() {
    // Pages A, B, A, B, ... while the offset advances: no page repeats the one before it.
    let t = scripted(2 * MAX_READS, |i| reply(if i % 2 == 0 { &[1, 2] } else { &[3, 4] }, None, None));
    let (pages, err) = pages(paginator(&t, request::<ByOffset>()).page_size(2)).await;
    assert_eq!(pages, [vec![1, 2], vec![3, 4]]);
    let err = err.expect("an error");
    assert!(matches!(err, SdkError::Pagination(PaginationError::RepeatedPage { page: 3 })), "{err:?}");
    assert_eq!(t.request_count(), 3);
}

#[tokio::test]
async fn fresh_tokens_over_the_same_items_are_an_error() {
    let t = scripted(2 * MAX_READS, |i| reply(&[u32::from(i % 2 == 1)], None, Some(&format!("t{i}"))));
    let (pages, err) = pages(paginator(&t, request::<ByToken>())).await;
    assert_eq!(pages, [vec![0], vec![1]]);
    let err = err.expect("an error");
    assert!(matches!(err, SdkError::Pagination(PaginationError::RepeatedPage { page: 3 })), "{err:?}");
    assert_eq!(t.request_count(), 3);
}

#[tokio::test]
async fn pages_that_overlap_as_the_listing_changes_are_not_repeats() {
    // An item inserted between two requests shifts the next page by one: not a repeat.
    let t = server(&[reply(&[1, 2], None, None), reply(&[2, 3], None, None), reply(&[4], None, None)]);
    let (pages, err) = pages(paginator(&t, request::<ByOffset>()).page_size(2)).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(pages, [vec![1, 2], vec![2, 3], vec![4]]);
}

#[tokio::test]
async fn a_loop_entered_after_more_pages_than_are_remembered_is_still_an_error() {
    // New items and tokens for more pages than the fingerprints kept, then the same
    // three pages over and over with fresh tokens: stopped at the first repeat.
    let fresh = MAX_REMEMBERED + 10;
    let t = scripted(fresh + 100, |i| {
        let item = if i < fresh { i } else { fresh + i % 3 };
        reply(&[u32::try_from(item).expect("small")], None, Some(&format!("t{i}")))
    });
    let mut p = paginator(&t, request::<ByToken>());
    let mut delivered = 0;
    let err = loop {
        match p.next_page().await {
            Some(Ok(_)) => delivered += 1,
            Some(Err(e)) => break e,
            None => panic!("the paginator stopped without an error after {delivered} pages"),
        }
        assert!(delivered < fresh + 100, "the loop was not caught");
    };
    let page = u64::try_from(fresh + 4).expect("small");
    assert!(matches!(err, SdkError::Pagination(PaginationError::RepeatedPage { page: p }) if p == page), "{err:?}");
    assert_eq!(delivered, fresh + 3);
}

#[tokio::test]
async fn token_pages_until_the_token_is_empty() {
    let t = server(&[reply(&[1], None, Some("a")), reply(&[], None, Some("b")), reply(&[2], None, Some(""))]);
    let (pages, err) = pages(paginator(&t, request::<ByToken>()).page_size(1)).await;
    assert!(err.is_none(), "{err:?}");
    // An empty page with a token is not the end.
    assert_eq!(pages, [vec![1], vec![], vec![2]]);
    assert_eq!(
        sent(&t),
        [json!({"Limit": 1}), json!({"Limit": 1, "NextToken": "a"}), json!({"Limit": 1, "NextToken": "b"})]
    );
}

#[tokio::test]
async fn token_stops_when_the_token_is_absent() {
    let t = server(&[reply(&[1], None, Some("a")), reply(&[2], None, None)]);
    let (pages, err) = pages(paginator(&t, request::<ByToken>())).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(pages, [vec![1], vec![2]]);
}

#[tokio::test]
async fn a_server_repeating_a_token_is_an_error() {
    let t = server(&[reply(&[1], None, Some("a")), reply(&[2], None, Some("b")), reply(&[3], None, Some("a"))]);
    let (pages, err) = pages(paginator(&t, request::<ByToken>())).await;
    // The page that carried the repeated token has new items: delivered before the error.
    assert_eq!(pages, [vec![1], vec![2], vec![3]]);
    let err = err.expect("an error");
    assert!(matches!(err, SdkError::Pagination(PaginationError::RepeatedToken { page: 3 })), "{err:?}");
    assert_eq!(t.request_count(), 3);
}

#[tokio::test]
async fn empty_pages_with_new_tokens_forever_are_an_error() {
    let replies: Vec<String> = (0..12).map(|i| reply(&[], None, Some(&format!("t{i}")))).collect();
    let t = server(&replies);
    let (pages, err) = pages(paginator(&t, request::<ByToken>())).await;
    assert_eq!(pages.len(), 7, "the pages before the limit are delivered");
    let err = err.expect("an error");
    assert!(matches!(err, SdkError::Pagination(PaginationError::EmptyPages { page: 8 })), "{err:?}");
    assert_eq!(t.request_count(), 8);
}

#[tokio::test]
async fn an_empty_page_with_a_token_is_not_the_end() {
    let t = server(&[reply(&[1], None, Some("a")), reply(&[], None, Some("b")), reply(&[2], None, None)]);
    let (pages, err) = pages(paginator(&t, request::<ByToken>())).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(pages, [vec![1], vec![], vec![2]]);
}

#[tokio::test]
async fn a_server_returning_the_starting_token_is_an_error() {
    let t = server(&[reply(&[1], None, Some("start"))]);
    let mut r = request::<ByToken>();
    r.token = Some("start".into());
    let (pages, err) = pages(paginator(&t, r)).await;
    assert_eq!(pages, [vec![1]], "the page is delivered, then the error");
    let err = err.expect("an error");
    assert!(matches!(err, SdkError::Pagination(PaginationError::RepeatedToken { page: 1 })), "{err:?}");
    assert_eq!(t.request_count(), 1);
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_the_only_element() {
    let t = server(&[]);
    let failed = Err(SdkError::Config(ConfigError("no request".into())));
    let (pages, err) = pages(Paginator::<ListThings<ByToken>>::new(common::client(&t), failed)).await;
    assert!(pages.is_empty());
    assert!(matches!(err, Some(SdkError::Config(_))), "{err:?}");
    assert_eq!(t.request_count(), 0);
}

#[test]
fn paginators_and_items_are_streams() {
    fn stream<S: Stream>(_: &S) {}
    let t = server(&[]);
    let p = paginator(&t, request::<ByToken>());
    stream(&p);
    stream(&p.items());
}
