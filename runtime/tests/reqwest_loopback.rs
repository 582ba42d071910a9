//! The default reqwest transport against a plain-HTTP server on loopback.
#![cfg(feature = "rustls")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tencentcloud_runtime::error::{DecodeErrorKind, SdkError, TransportErrorKind};
use tencentcloud_runtime::transport::ReqwestTransport;
use tencentcloud_runtime::{ActionMetadata, Client, Config, Credentials, Endpoint, RetryConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const META: ActionMetadata<'static> =
    ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");

/// Reads one whole request (headers and a `Content-Length` body) from `stream`.
async fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if raw.len() >= end + 4 + length {
                break;
            }
        }
    }
    raw
}

/// Serves one request with `reply_body`, returning the raw request text.
async fn serve_once(listener: TcpListener, reply_body: &'static str) -> String {
    let (mut stream, _) = listener.accept().await.unwrap();
    let raw = read_request(&mut stream).await;
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply_body}",
        reply_body.len()
    );
    stream.write_all(reply.as_bytes()).await.unwrap();
    stream.shutdown().await.unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

fn client(port: u16) -> Client {
    client_with_retry(port, RetryConfig::disabled())
}

fn client_with_retry(port: u16, retry: RetryConfig) -> Client {
    let transport = ReqwestTransport::without_proxy(Duration::from_secs(2)).unwrap();
    Client::new(
        Config::builder()
            .credentials(Credentials::new("AKIDloop", "loop-key"))
            .region("ap-guangzhou")
            .endpoint(Endpoint::custom(format!("http://127.0.0.1:{port}")))
            .transport(Arc::new(transport))
            .retry(retry)
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn plain_http_round_trip() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(serve_once(listener, r#"{"Response": {"Total": 0, "RequestId": "loop"}}"#));
    let out = client(port).call_json(META, &json!({"SdkAppId": 1})).await.unwrap();
    assert_eq!(out["RequestId"], "loop");
    let raw = server.await.unwrap().to_ascii_lowercase();
    assert!(raw.starts_with("post / http/1.1\r\n"), "{raw}");
    assert!(raw.contains(&format!("\r\nhost: 127.0.0.1:{port}\r\n")), "{raw}");
    assert!(raw.contains("\r\nx-tc-action: describeuserinfo\r\n"), "{raw}");
    assert!(raw.ends_with(r#"{"sdkappid": 1}"#), "{raw}");
}

#[tokio::test]
async fn refused_connection_is_a_connect_error_that_says_why() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let err = client(port).call_json(META, &json!({})).await.unwrap_err();
    let shown = err.to_string();
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::Connect);
    // The cause is shown, not only in the source chain.
    assert!(shown.to_lowercase().contains("connection refused"), "{shown}");
    assert!(shown.contains(&root_cause(t)), "{shown}");
}

/// The innermost cause of `error`, as it displays.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[tokio::test]
async fn tls_to_a_plain_http_server_says_why() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = stream.read(&mut buf).await;
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n").await;
    });
    let transport = ReqwestTransport::without_proxy(Duration::from_secs(2)).unwrap();
    let client = Client::new(
        Config::builder()
            .credentials(Credentials::new("AKIDloop", "loop-key"))
            .region("ap-guangzhou")
            .endpoint(Endpoint::custom(format!("https://127.0.0.1:{port}")))
            .transport(Arc::new(transport))
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    );
    let err = client.call_json(META, &json!({})).await.unwrap_err();
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    let (shown, cause) = (err.to_string(), root_cause(t));
    assert!(shown.contains(&cause), "{shown} lacks {cause}");
    server.abort();
}

#[test]
fn the_default_transport_builds() {
    let config = Config::builder().region("ap-guangzhou").build().unwrap();
    assert!(format!("{config:?}").contains("ReqwestTransport"));
}

/// How a test server breaks the exchange after reading the whole request.
#[derive(Clone, Copy)]
enum Break {
    /// Closes the connection without a byte of response.
    CloseBeforeResponse,
    /// Sends the status line, headers and part of the promised body, then closes.
    CloseMidResponse,
}

/// A server that breaks every exchange the same way; returns its port and a counter of
/// the requests it read.
async fn breaking_server(how: Break) -> (u16, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(AtomicUsize::new(0));
    let count = requests.clone();
    let server = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            read_request(&mut stream).await;
            count.fetch_add(1, Ordering::SeqCst);
            if let Break::CloseMidResponse = how {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
                let _ = stream.write_all(format!("{head}{{\"Response\": {{").as_bytes()).await;
                let _ = stream.flush().await;
            }
            drop(stream);
        }
    });
    (port, requests, server)
}

fn fast_retries() -> RetryConfig {
    RetryConfig::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
}

#[tokio::test]
async fn a_connection_lost_after_sending_is_io_and_retried_only_when_idempotent() {
    for how in [Break::CloseBeforeResponse, Break::CloseMidResponse] {
        let (port, requests, server) = breaking_server(how).await;
        let err = client_with_retry(port, fast_retries()).call_json(META, &json!({})).await.unwrap_err();
        let SdkError::Transport(t) = &err else { panic!("{err:?}") };
        assert_eq!(t.kind(), TransportErrorKind::Io, "{t}");
        assert_eq!(requests.load(Ordering::SeqCst), 1, "the server got the request: not repeated");

        let idempotent = META.idempotent();
        let err = client_with_retry(port, fast_retries()).call_json(idempotent, &json!({})).await.unwrap_err();
        assert!(matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::Io), "{err:?}");
        assert_eq!(requests.load(Ordering::SeqCst), 1 + 3, "idempotent: every attempt");
        server.abort();
    }
}

/// A server that records every request it gets (raw bytes) and answers each with a
/// valid reply, so a call that reached it would succeed.
async fn recording_server() -> (u16, Arc<std::sync::Mutex<Vec<String>>>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let server = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let raw = read_request(&mut stream).await;
            record.lock().unwrap().push(String::from_utf8_lossy(&raw).into_owned());
            let body = r#"{"Response": {"Total": 0, "RequestId": "elsewhere"}}"#;
            let reply = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = stream.write_all(reply.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    (port, seen, server)
}

/// A server answering every request with `status` and `Location: location`; returns
/// its port and a counter of the requests it read.
async fn redirecting_server(status: u16, location: String) -> (u16, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(AtomicUsize::new(0));
    let count = requests.clone();
    let server = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            read_request(&mut stream).await;
            count.fetch_add(1, Ordering::SeqCst);
            let reply = format!(
                "HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(reply.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    (port, requests, server)
}

#[tokio::test]
async fn redirects_are_never_followed_and_fail_the_call() {
    const TOKEN: &str = "redirect-token-must-not-leak";
    let transports = [
        ("without_proxy", ReqwestTransport::without_proxy(Duration::from_secs(2)).unwrap()),
        // A caller's builder gets the no-redirect policy too.
        ("from_builder", ReqwestTransport::from_builder(reqwest::Client::builder().no_proxy()).unwrap()),
    ];
    for (name, transport) in transports {
        for status in [301u16, 302, 307, 308] {
            let (target_port, seen, target) = recording_server().await;
            let location = format!("http://127.0.0.1:{target_port}/");
            let (port, requests, server) = redirecting_server(status, location.clone()).await;
            let client = Client::new(
                Config::builder()
                    .credentials(Credentials::new("AKIDloop", "loop-key").with_token(TOKEN))
                    .region("ap-guangzhou")
                    .endpoint(Endpoint::custom(format!("http://127.0.0.1:{port}")))
                    .transport(Arc::new(transport.clone()))
                    .retry(fast_retries())
                    .build()
                    .unwrap(),
            );
            // Idempotent, with retries: a redirect is still not repeated.
            let result = client.call_json(META.idempotent(), &json!({"SdkAppId": 1})).await;
            let err = result.expect_err("a redirect is never a success");
            let SdkError::Decode(d) = &err else { panic!("{name} {status}: {err:?}") };
            assert_eq!(d.kind(), &DecodeErrorKind::Redirect, "{name} {status}");
            assert_eq!(d.status(), status);
            assert_eq!(d.location(), Some(location.as_str()));
            assert_eq!(requests.load(Ordering::SeqCst), 1, "{name} {status}: not retried");
            let seen = seen.lock().unwrap().clone();
            assert!(seen.is_empty(), "{name} {status}: the redirect target was contacted: {seen:?}");
            assert!(!seen.iter().any(|r| r.contains(TOKEN) || r.contains("SdkAppId")));
            server.abort();
            target.abort();
        }
    }
}

/// A server answering every request with a chunked body of `total` bytes written
/// lazily, 64 KiB at a time, until the client goes away; a `Content-Length` header
/// instead when `announce`. Reports the body bytes it managed to write.
async fn streaming_server(
    total: usize,
    announce: bool,
) -> (u16, Arc<AtomicUsize>, tokio::sync::mpsc::UnboundedReceiver<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(AtomicUsize::new(0));
    let count = requests.clone();
    let (done, written) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            read_request(&mut stream).await;
            count.fetch_add(1, Ordering::SeqCst);
            let done = done.clone();
            tokio::spawn(async move {
                let framing =
                    if announce { format!("Content-Length: {total}") } else { "Transfer-Encoding: chunked".to_owned() };
                let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\n\r\n");
                let mut sent = 0usize;
                if stream.write_all(head.as_bytes()).await.is_ok() {
                    let piece = vec![b' '; 64 * 1024];
                    while sent < total {
                        let n = piece.len().min(total - sent);
                        let ok = if announce {
                            stream.write_all(&piece[..n]).await.is_ok()
                        } else {
                            let mut frame = format!("{n:x}\r\n").into_bytes();
                            frame.extend_from_slice(&piece[..n]);
                            frame.extend_from_slice(b"\r\n");
                            stream.write_all(&frame).await.is_ok()
                        };
                        if !ok {
                            break;
                        }
                        sent += n;
                    }
                    if sent == total && !announce {
                        let _ = stream.write_all(b"0\r\n\r\n").await;
                    }
                }
                let _ = done.send(sent);
            });
        }
    });
    (port, requests, written)
}

const MIB: usize = 1024 * 1024;

fn capped_client(port: u16, max: usize) -> Client {
    let transport = ReqwestTransport::without_proxy(Duration::from_secs(2)).unwrap();
    Client::new(
        Config::builder()
            .credentials(Credentials::new("AKIDloop", "loop-key"))
            .region("ap-guangzhou")
            .endpoint(Endpoint::custom(format!("http://127.0.0.1:{port}")))
            .transport(Arc::new(transport))
            .retry(fast_retries())
            .max_response_bytes(max)
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn a_streamed_body_over_the_cap_stops_the_read_early() {
    let total = 50 * MIB;
    let (port, requests, mut written) = streaming_server(total, false).await;
    let started = std::time::Instant::now();
    let client = capped_client(port, MIB);
    let params = json!({});
    let call = client.call_json(META.idempotent(), &params);
    let err = tokio::time::timeout(Duration::from_secs(60), call).await.expect("fails quickly").unwrap_err();
    let elapsed = started.elapsed();
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::ResponseTooLarge, "{t}");
    assert!(t.to_string().contains("limit of 1048576 bytes"), "{t}");
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1, "not retried");
    let sent = tokio::time::timeout(Duration::from_secs(60), written.recv()).await.expect("server done").unwrap();
    // The client closed the connection: the server could not write more than what the
    // client read plus the socket buffers, far from the whole body.
    assert!(sent < total / 2, "the server wrote {sent} of {total} bytes");
}

#[tokio::test]
async fn an_announced_content_length_over_the_cap_fails_before_reading() {
    let total = 50 * MIB;
    let (port, requests, mut written) = streaming_server(total, true).await;
    let client = capped_client(port, MIB);
    let params = json!({});
    let call = client.call_json(META.idempotent(), &params);
    let err = tokio::time::timeout(Duration::from_secs(60), call).await.expect("fails quickly").unwrap_err();
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::ResponseTooLarge, "{t}");
    assert!(t.to_string().contains(&format!("Content-Length is {total}")), "{t}");
    assert_eq!(requests.load(Ordering::SeqCst), 1, "not retried");
    let sent = tokio::time::timeout(Duration::from_secs(60), written.recv()).await.expect("server done").unwrap();
    assert!(sent < total / 2, "the server wrote {sent} of {total} bytes");
}

#[tokio::test]
async fn a_body_at_the_cap_is_read_whole() {
    let (port, _, mut written) = streaming_server(MIB, false).await;
    // Exactly at the cap is accepted. Spaces only: not JSON, so a decode error — but
    // one that saw the whole body.
    let err = capped_client(port, MIB).call_json(META, &json!({})).await.unwrap_err();
    let SdkError::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.kind(), &DecodeErrorKind::NotJson);
    assert_eq!(written.recv().await, Some(MIB));
}
