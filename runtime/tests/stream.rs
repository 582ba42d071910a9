//! Streaming actions (server-sent events) through the default reqwest transport against
//! a loopback HTTP/1.1 server that writes each piece of the stream as its own chunk, and
//! through the mock, the recorder and the replay of examples.
#![cfg(feature = "rustls")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tencentcloud_runtime::error::{SdkError, ServiceError, TransportErrorKind};
use tencentcloud_runtime::transport::ReqwestTransport;
use tencentcloud_runtime::validation::{ValidationContext, Violations};
use tencentcloud_runtime::{
    Action, ActionMetadata, Client, Config, Credentials, Endpoint, EventStream, RetryConfig, StreamReply,
    StreamingAction,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use common::DescribeUserInfoError;

/// A chat action shaped like hunyuan's `ChatCompletions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Chat {
    #[serde(rename = "Stream")]
    stream: bool,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct ChatOutput {
    #[serde(rename = "Note")]
    note: String,
    #[serde(rename = "RequestId")]
    request_id: String,
}

/// One event's data.
#[derive(Debug, Serialize, Deserialize, PartialEq, Clone)]
struct Delta {
    #[serde(rename = "Content")]
    content: String,
    #[serde(rename = "Index", default)]
    index: u32,
}

const CHAT: ActionMetadata<'static> =
    ActionMetadata::new("hunyuan", "2023-09-01", "ChatCompletions", "hunyuan.tencentcloudapi.com").idempotent();

impl Action for Chat {
    type Output = ChatOutput;
    type Error = DescribeUserInfoError;
    fn metadata(&self) -> ActionMetadata<'_> {
        CHAT
    }
    fn validate(&self, _: &ValidationContext, _: &mut Violations) {}
}

impl StreamingAction for Chat {
    type Event = Delta;
}

/// What the server does after the head of an event stream.
#[derive(Debug, Clone)]
enum Step {
    /// Writes these bytes as one HTTP chunk.
    Send(Vec<u8>),
    /// Waits.
    Sleep(Duration),
    /// Closes the connection without ending the body.
    Cut,
    /// Waits (up to 5 s) for the client to close the connection; the result is sent on
    /// the server's report.
    ExpectClose,
}

fn send(text: &str) -> Step {
    Step::Send(text.as_bytes().to_vec())
}

/// A reply of the server: a stream of events, or a whole JSON one.
#[derive(Debug, Clone)]
enum Reply {
    Events(Vec<Step>),
    Json(u16, String),
}

/// Reads one request (headers and a `Content-Length` body).
async fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            return raw;
        }
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
                .unwrap_or(0usize);
            if raw.len() >= end + 4 + length {
                return raw;
            }
        }
    }
}

/// Serves `replies`, one connection each, in order; the report says, per
/// [`Step::ExpectClose`], whether the client closed the connection.
async fn serve(listener: TcpListener, replies: Vec<Reply>) -> Vec<bool> {
    let mut closed = Vec::new();
    for reply in replies {
        let (mut stream, _) = listener.accept().await.unwrap();
        read_request(&mut stream).await;
        match reply {
            Reply::Json(status, body) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
            Reply::Events(steps) => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Transfer-Encoding: chunked\r\nX-TC-RequestId: header-id\r\nConnection: close\r\n\r\n";
                let _ = stream.write_all(head.as_bytes()).await;
                let mut cut = false;
                for step in steps {
                    match step {
                        Step::Send(bytes) => {
                            let mut chunk = format!("{:x}\r\n", bytes.len()).into_bytes();
                            chunk.extend_from_slice(&bytes);
                            chunk.extend_from_slice(b"\r\n");
                            let _ = stream.write_all(&chunk).await;
                            let _ = stream.flush().await;
                        }
                        Step::Sleep(d) => tokio::time::sleep(d).await,
                        Step::Cut => {
                            cut = true;
                            break;
                        }
                        Step::ExpectClose => {
                            let mut buf = [0u8; 64];
                            let eof = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await;
                            closed.push(matches!(eof, Ok(Ok(0)) | Ok(Err(_))));
                            cut = true;
                            break;
                        }
                    }
                }
                if !cut {
                    let _ = stream.write_all(b"0\r\n\r\n").await;
                    let _ = stream.shutdown().await;
                }
            }
        }
    }
    closed
}

fn builder(port: u16) -> tencentcloud_runtime::ConfigBuilder {
    let transport = ReqwestTransport::without_proxy(Duration::from_secs(2)).unwrap();
    Config::builder()
        .credentials(Credentials::new("AKIDloop", "loop-key"))
        .region("ap-guangzhou")
        .endpoint(Endpoint::custom(format!("http://127.0.0.1:{port}")))
        .transport(Arc::new(transport))
        .retry(RetryConfig::disabled())
}

/// A client of a server serving `replies`, and the server's task.
async fn start(
    replies: Vec<Reply>,
    configure: impl FnOnce(tencentcloud_runtime::ConfigBuilder) -> tencentcloud_runtime::ConfigBuilder,
) -> (Client, tokio::task::JoinHandle<Vec<bool>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(serve(listener, replies));
    (Client::new(configure(builder(port)).build().unwrap()), server)
}

type Events = EventStream<Delta, DescribeUserInfoError>;

async fn events_of(client: &Client) -> Events {
    match client.call_stream(&Chat { stream: true }).await.unwrap() {
        StreamReply::Events(events) => events,
        StreamReply::Response(r) => panic!("a response: {r:?}"),
    }
}

/// Every item of `events`, with the errors as text, then checks that it stays ended.
async fn collect(events: &mut Events) -> Vec<Result<String, String>> {
    let mut out = Vec::new();
    while let Some(item) = events.next_event().await {
        out.push(item.map(|d| d.content).map_err(|e| e.to_string()));
    }
    assert!(events.next_event().await.is_none(), "ended for good");
    out
}

fn delta(content: &str) -> String {
    format!("data: {}\n\n", json!({"Content": content, "Index": 0, "RequestId": "event-id"}))
}

#[tokio::test]
async fn events_arrive_as_sent_and_done_ends_the_stream() {
    // The second event is sent only after the first was read: a client that waited
    // for the whole body would wait forever (the test's timeout).
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        read_request(&mut stream).await;
        let first = delta("one");
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{first}\r\n",
            first.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        rx.await.unwrap();
        let rest = format!("{}data: [DONE]\n\n{}", delta("two"), delta("after the end"));
        let chunk = format!("{:x}\r\n{rest}\r\n0\r\n\r\n", rest.len());
        stream.write_all(chunk.as_bytes()).await.unwrap();
    });
    let client = Client::new(builder(port).build().unwrap());
    let mut events = events_of(&client).await;
    assert_eq!(events.request_id(), None, "no header, no event yet");
    let first = tokio::time::timeout(Duration::from_secs(5), events.next_event()).await.expect("the first event");
    assert_eq!(first.unwrap().unwrap().content, "one");
    assert_eq!(events.request_id(), Some("event-id"), "from the first event");
    tx.send(()).unwrap();
    assert_eq!(collect(&mut events).await, [Ok("two".to_owned())], "[DONE] ends it");
    server.await.unwrap();
}

#[tokio::test]
async fn chunk_boundaries_anywhere_give_the_same_events() {
    let text = ": heartbeat\r\n\r\nevent: delta\r\ndata: {\"Content\": \"你好\",\r\ndata:  \"Index\": 1}\r\n\r\n:\n\n\
        data: {\"Content\": \"é\"}\r\rid: 3\ndata: {\"Content\": \"last\"}";
    let bytes = text.as_bytes();
    let expected = [Ok("你好".to_owned()), Ok("é".to_owned()), Ok("last".to_owned())];
    // Every byte its own chunk, then every split in two.
    let mut replies = vec![Reply::Events(bytes.iter().map(|b| Step::Send(vec![*b])).collect())];
    for at in 1..bytes.len() {
        let (a, b) = bytes.split_at(at);
        replies.push(Reply::Events(vec![
            Step::Send(a.to_vec()),
            Step::Sleep(Duration::from_millis(2)),
            Step::Send(b.to_vec()),
        ]));
    }
    let count = replies.len();
    let (client, server) = start(replies, |b| b).await;
    for case in 0..count {
        let mut events = events_of(&client).await;
        assert_eq!(events.request_id(), Some("header-id"));
        assert_eq!(collect(&mut events).await, expected, "case {case}");
    }
    server.await.unwrap();
}

#[tokio::test]
async fn the_idle_timeout_spares_a_stream_that_keeps_coming_and_ends_one_that_stalls() {
    let mut steady = Vec::new();
    for i in 0..6 {
        steady.push(send(&delta(&i.to_string())));
        steady.push(Step::Sleep(Duration::from_millis(150)));
    }
    let stalled = vec![send(&delta("only")), Step::Sleep(Duration::from_secs(3))];
    // Per-attempt and operation timeouts shorter than the stream: they bound the head only.
    let (client, server) = start(vec![Reply::Events(steady), Reply::Events(stalled)], |b| {
        b.stream_idle_timeout(Duration::from_millis(400))
            .timeout(Duration::from_millis(300))
            .operation_timeout(Duration::from_millis(300))
    })
    .await;
    let items = collect(&mut events_of(&client).await).await;
    assert_eq!(items, (0..6).map(|i| Ok(i.to_string())).collect::<Vec<_>>());
    let mut events = events_of(&client).await;
    assert_eq!(events.next_event().await.unwrap().unwrap().content, "only");
    let started = std::time::Instant::now();
    let Some(Err(SdkError::Transport(e))) = events.next_event().await else { panic!("a timeout") };
    assert_eq!(e.kind(), TransportErrorKind::Timeout);
    assert!(e.to_string().contains("idle"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(events.next_event().await.is_none());
    drop(events);
    server.await.unwrap();
}

#[tokio::test]
async fn the_idle_timeout_can_be_set_per_call() {
    let stalled = vec![send(&delta("only")), Step::Sleep(Duration::from_secs(3))];
    let (client, server) = start(vec![Reply::Events(stalled)], |b| b).await;
    let overrides = tencentcloud_runtime::CallOverrides::new().stream_idle_timeout(Duration::from_millis(200));
    let reply = client.call_stream_with(&Chat { stream: true }, &overrides).await.unwrap();
    let items = collect(&mut reply.into_events().unwrap()).await;
    assert_eq!(items.len(), 2);
    assert!(items[1].as_ref().unwrap_err().contains("idle timeout of 200ms"), "{items:?}");
    server.await.unwrap();
}

#[tokio::test]
async fn a_connection_lost_mid_stream_is_an_error_item_then_the_end() {
    let (client, server) =
        start(vec![Reply::Events(vec![send(&delta("one")), send("data: {\"Con"), Step::Cut])], |b| b).await;
    let mut events = events_of(&client).await;
    assert_eq!(events.next_event().await.unwrap().unwrap().content, "one");
    let Some(Err(SdkError::Transport(e))) = events.next_event().await else { panic!("a transport error") };
    assert_eq!(e.kind(), TransportErrorKind::Io, "{e}");
    assert!(events.next_event().await.is_none());
    server.await.unwrap();
}

#[tokio::test]
async fn an_error_event_ends_the_stream_with_the_typed_error() {
    let error = r#"data: {"Type": "error", "RequestId": "err-id", "Error": {"Code": "InternalError.Busy", "Message": "later"}}"#;
    let nested = r#"data: {"Response": {"Error": {"Code": "LimitExceeded", "Message": "m"}, "RequestId": "r2"}}"#;
    let replies = vec![
        Reply::Events(vec![send(&delta("one")), send(&format!("{error}\n\n")), send(&delta("never"))]),
        Reply::Events(vec![send(&format!("{nested}\n\n"))]),
    ];
    let (client, server) = start(replies, |b| b).await;
    let mut events = events_of(&client).await;
    assert_eq!(events.next_event().await.unwrap().unwrap().content, "one");
    let Some(Err(SdkError::Service(DescribeUserInfoError::Busy(meta)))) = events.next_event().await else {
        panic!("the typed error")
    };
    assert_eq!((meta.code(), meta.message(), meta.request_id()), ("InternalError.Busy", "later", Some("err-id")));
    assert!(events.next_event().await.is_none(), "nothing after the error");
    let mut events = events_of(&client).await;
    let Some(Err(SdkError::Service(e))) = events.next_event().await else { panic!("the error in Response") };
    assert_eq!((e.metadata().code(), e.metadata().request_id()), ("LimitExceeded", Some("r2")));
    drop(events);
    server.await.unwrap();
}

#[tokio::test]
async fn an_event_over_the_limit_ends_the_stream_but_the_stream_is_not_capped() {
    let big = delta(&"x".repeat(300));
    let mut many: Vec<Step> = (0..50).map(|i| send(&delta(&format!("{i:040}")))).collect();
    many.push(send(&big));
    // 50 events of ~80 bytes: far more than either limit in all.
    let (client, server) = start(vec![Reply::Events(many)], |b| b.max_event_bytes(200).max_response_bytes(1000)).await;
    let items = collect(&mut events_of(&client).await).await;
    assert_eq!(items.len(), 51);
    assert!(items[..50].iter().all(Result::is_ok));
    assert!(items[50].as_ref().unwrap_err().contains("max_event_bytes"), "{:?}", items[50]);
    server.await.unwrap();
}

#[tokio::test]
async fn an_event_that_does_not_decode_ends_the_stream_with_a_decode_error() {
    let replies =
        vec![Reply::Events(vec![send(&delta("one")), send("data: {\"Content\": [1]}\n\n"), send(&delta("two"))])];
    let (client, server) = start(replies, |b| b).await;
    let mut events = events_of(&client).await;
    assert!(events.next_event().await.unwrap().is_ok());
    let Some(Err(SdkError::Decode(e))) = events.next_event().await else { panic!("a decode error") };
    assert!(e.to_string().contains("event data does not match"), "{e}");
    assert!(events.next_event().await.is_none());
    drop(events);
    server.await.unwrap();
}

#[tokio::test]
async fn a_json_reply_and_a_json_error_are_decoded_as_call_does_and_retried_before_the_stream() {
    let ok = r#"{"Response": {"Note": "not streamed", "RequestId": "j"}}"#;
    let busy = r#"{"Response": {"Error": {"Code": "InternalError.Busy", "Message": "m"}, "RequestId": "b"}}"#;
    let denied =
        r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "m"}, "RequestId": "d"}}"#;
    let replies = vec![
        Reply::Json(200, ok.into()),
        Reply::Json(200, denied.into()),
        // A transient error, retried; then the stream.
        Reply::Json(200, busy.into()),
        Reply::Events(vec![send(&delta("after a retry"))]),
    ];
    let retry = RetryConfig::default().with_initial_backoff(Duration::from_millis(1)).with_jitter(false);
    let (client, server) = start(replies, |b| b.retry(retry)).await;
    let reply = client.call_stream(&Chat { stream: false }).await.unwrap();
    assert_eq!(reply.into_response(), Some(ChatOutput { note: "not streamed".into(), request_id: "j".into() }));
    let Err(SdkError::Service(e)) = client.call_stream(&Chat { stream: true }).await else { panic!("the error") };
    assert_eq!(e.metadata().code(), "AuthFailure.SignatureFailure");
    let items = collect(&mut events_of(&client).await).await;
    assert_eq!(items, [Ok("after a retry".to_owned())]);
    server.await.unwrap();
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let steps =
        vec![send(&delta("one")), Step::Sleep(Duration::from_millis(50)), send(&delta("two")), Step::ExpectClose];
    let (client, server) = start(vec![Reply::Events(steps)], |b| b).await;
    let mut events = events_of(&client).await;
    assert_eq!(events.next_event().await.unwrap().unwrap().content, "one");
    drop(events);
    assert_eq!(server.await.unwrap(), [true], "the server saw the connection closed");
}

#[tokio::test]
async fn untyped_streams_give_json_and_raw_streams_give_the_events() {
    let steps =
        vec![send(": ping\n\n"), send("event: delta\nid: 1\ndata: {\"Content\": \"a\"}\n\n"), send("data: [DONE]\n\n")];
    let (client, server) = start(vec![Reply::Events(steps.clone()), Reply::Events(steps)], |b| b).await;
    let reply = client.call_json_stream(CHAT, &json!({"Stream": true}), &Default::default()).await.unwrap();
    let mut events = reply.into_events().unwrap();
    assert_eq!(events.next_event().await.unwrap().unwrap(), json!({"Content": "a"}));
    assert!(events.next_event().await.is_none());
    let mut raw = events_of(&client).await.into_raw();
    assert_eq!(raw.request_id(), Some("header-id"));
    let event = raw.next_event().await.unwrap().unwrap();
    assert_eq!(
        (event.event.as_deref(), event.id.as_deref(), event.data.as_str()),
        (Some("delta"), Some("1"), r#"{"Content": "a"}"#)
    );
    assert!(raw.next_event().await.is_none(), "[DONE] is not an event");
    server.await.unwrap();
}
