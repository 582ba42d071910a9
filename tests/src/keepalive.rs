//! A minimal keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with
//! the example reply of trtc `DescribeUserInfo` without looking at it, and the request
//! the benchmarks send to it (`benches/concurrency.rs`, `benches/allocations.rs`): it
//! costs the same whatever sends, so the differences measured are the sender's.

use std::sync::Arc;

use tencentcloud_runtime::test_util::{CapturedRequest, CapturingTransport};
use tencentcloud_runtime::Client;
use tencentcloud_trtc::v20190722::operation::describe_user_info::DescribeUserInfoRequest;

use crate::loopback_bench_config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The example reply of `DescribeUserInfo`.
pub const REPLY: &str = r#"{"Response": {"Total": 1, "UserList": [{"RoomStr": "218695", "UserId": "user1_54816741", "JoinTs": 1590065777, "LeaveTs": 1590067658, "Finished": true, "DeviceType": "", "SdkVersion": "4.3.14", "ClientIp": "10.4.1.13"}], "RequestId": "2e12e365-43e8-4efd-902d-906303e2ee4a"}}"#;

/// The request the benchmarks send, as the typed call builds it.
pub fn request() -> DescribeUserInfoRequest {
    DescribeUserInfoRequest::new("1400188366_218695_1590065777", 1_590_065_777, 1_590_065_877, 1_400_188_366)
        .with_user_ids(["user1_54816741", "user2_2107025"])
        .with_page_size(10)
}

/// What the client sends for [`request`] to `url` (its exact bytes and headers, signed
/// with the benchmarks' fixed clock), for the variants that POST them without the client.
pub fn sent_request(runtime: &tokio::runtime::Runtime, url: &str) -> CapturedRequest {
    let capture = CapturingTransport::new().with_response(200, REPLY);
    let client = Client::new(loopback_bench_config(url, Arc::new(capture.clone())));
    runtime.block_on(client.call(&request())).unwrap_or_else(|e| panic!("{e}"));
    capture.requests().pop().unwrap_or_else(|| panic!("no request captured"))
}

/// Serves one connection: reads each request (headers, then `Content-Length` bytes) and
/// answers it with `reply`, until the client closes.
async fn serve(mut stream: TcpStream, reply: Arc<Vec<u8>>) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        let head_end = loop {
            if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        while buf.len() < head_end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + length);
        if stream.write_all(&reply).await.is_err() {
            return;
        }
    }
}

/// Starts the server on its own thread and runtime; its URL.
pub fn start_server() -> String {
    start_server_with(|| {})
}

/// [`start_server`], running `setup` first on the server's thread (to tell its work
/// apart from the caller's, as the allocation count does).
pub fn start_server_with(setup: fn()) -> String {
    let reply =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{REPLY}", REPLY.len());
    let reply = Arc::new(reply.into_bytes());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        setup();
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
            let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
            let _ = tx.send(format!("http://{addr}"));
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, reply.clone()));
            }
        });
    });
    rx.recv().unwrap_or_else(|e| panic!("{e}"))
}

/// The value of environment variable `name` parsed, or `default` when it is unset or
/// does not parse (the benchmarks' settings: `SECONDS`, `ROUNDS`, `CALLS`).
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
