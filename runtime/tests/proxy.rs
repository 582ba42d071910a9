//! Proxy settings of the default transport: explicit, from the environment, disabled.
//! One test, as it sets process environment variables.
#![cfg(feature = "rustls")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tencentcloud_runtime::error::{SdkError, TransportErrorKind};
use tencentcloud_runtime::{ActionMetadata, Client, Config, ConfigBuilder, Credentials, Endpoint, RetryConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const META: ActionMetadata<'static> =
    ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");

/// A forward proxy stand-in: records each request's first line and answers it itself.
async fn proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let seen = lines.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut raw = Vec::new();
            let mut buf = [0u8; 4096];
            while !String::from_utf8_lossy(&raw).contains("\r\n\r\n{") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => raw.extend_from_slice(&buf[..n]),
                }
            }
            let text = String::from_utf8_lossy(&raw).to_string();
            seen.lock().unwrap().push(text.lines().next().unwrap_or("").to_owned());
            let body = r#"{"Response": {"RequestId": "via-proxy"}}"#;
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    (port, lines)
}

/// A port with nothing listening: a direct request is refused.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

fn builder(target: u16) -> ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new("AKIDproxy", "proxy-key"))
        .region("ap-guangzhou")
        .endpoint(Endpoint::custom(format!("http://127.0.0.1:{target}")))
        .retry(RetryConfig::disabled())
        .timeout(Duration::from_secs(10))
}

#[tokio::test]
async fn requests_go_through_the_configured_or_environment_proxy() {
    let target = closed_port().await;
    let (port, lines) = proxy().await;
    let absolute = format!("POST http://127.0.0.1:{target}/ HTTP/1.1");

    // Explicit.
    let client = Client::new(builder(target).proxy(format!("http://127.0.0.1:{port}")).build().unwrap());
    let out = client.call_json(META, &json!({})).await.unwrap();
    assert_eq!(out["RequestId"], "via-proxy");
    assert_eq!(lines.lock().unwrap().as_slice(), [absolute]);

    // From the environment (the default).
    for name in ["NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"] {
        std::env::remove_var(name);
    }
    std::env::set_var("HTTP_PROXY", format!("http://127.0.0.1:{port}"));
    let client = Client::new(builder(target).build().unwrap());
    assert_eq!(client.call_json(META, &json!({})).await.unwrap()["RequestId"], "via-proxy");
    assert_eq!(lines.lock().unwrap().len(), 2);

    // Disabled: straight to the (closed) target.
    let client = Client::new(builder(target).no_proxy().build().unwrap());
    let err = client.call_json(META, &json!({})).await.unwrap_err();
    let SdkError::Transport(t) = err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::Connect);
    assert_eq!(lines.lock().unwrap().len(), 2);

    // NO_PROXY exempts the host, for the environment's proxy and an explicit one.
    std::env::set_var("NO_PROXY", "127.0.0.1");
    for client in [
        Client::new(builder(target).build().unwrap()),
        Client::new(builder(target).proxy(format!("http://127.0.0.1:{port}")).build().unwrap()),
    ] {
        assert!(client.call_json(META, &json!({})).await.is_err());
    }
    assert_eq!(lines.lock().unwrap().len(), 2);
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("HTTP_PROXY");

    // A proxy and a transport together are refused; a bad proxy URL never echoes it.
    let transport = Arc::new(tencentcloud_runtime::test_util::CapturingTransport::new());
    assert!(builder(target).proxy("http://127.0.0.1:1").transport(transport).build().is_err());
    let err = builder(target).proxy("http://user:pa ss@[bad").build().unwrap_err();
    assert!(!err.to_string().contains("pa ss"), "{err}");
}
