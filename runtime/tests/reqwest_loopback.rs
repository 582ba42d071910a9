//! The default reqwest transport against a plain-HTTP server on loopback.
#![cfg(feature = "rustls")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tencentcloud_runtime::error::{SdkError, TransportErrorKind};
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
async fn refused_connection_is_a_connect_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let err = client(port).call_json(META, &json!({})).await.unwrap_err();
    let SdkError::Transport(t) = err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::Connect);
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
