//! The recorder: a real exchange over loopback HTTP, made with known secret id, key and
//! token, is written as a fixture holding none of them (nor a secret the reply echoes),
//! and the fixture replays the same call.

use std::sync::Arc;

use tencentcloud_runtime::record::RecordingTransport;
use tencentcloud_runtime::transport::ReqwestTransport;
use tencentcloud_runtime::{Client as Runtime, Config, Credentials, Endpoint, FixedClock};
use tencentcloud_sdk_tests::loopback::LoopbackServer;
use tencentcloud_sdk_tests::{minimal_call, replay_config, NOW, SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::v20190722::Client;

const TOKEN: &str = "TmpToken-5c1fb0e7-never-in-a-fixture";
const ECHOED: &str = "echoed-session-secret-2d41";

#[tokio::test]
async fn a_recorded_exchange_holds_no_secret_and_replays() {
    let reply = format!(
        r#"{{"Response": {{"Total": 1, "UserList": [], "SessionToken": "{ECHOED}", "Note": "id {SECRET_ID}", "RequestId": "rec-1"}}}}"#
    );
    let server = LoopbackServer::start(&[(SECRET_ID, SECRET_KEY)], Arc::new(move |_| (200, reply.clone()))).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let credentials = Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN);
    let inner = ReqwestTransport::without_proxy(std::time::Duration::from_secs(5)).expect("transport");
    let recorder = RecordingTransport::new(inner, dir.path()).redact_credentials(&credentials);
    let config = Config::builder()
        .credentials(credentials)
        .region("ap-guangzhou")
        .endpoint(Endpoint::custom(server.url()))
        .clock(Arc::new(FixedClock::new(NOW)))
        .transport(Arc::new(recorder))
        .build()
        .expect("config");
    let client = Client::from_runtime(Runtime::new(config));
    let out = minimal_call(&client).user_ids(["user1"]).send().await.expect("loopback call");
    assert_eq!(out.total, 1);
    assert_eq!(server.received().len(), 1);
    assert!(server.received()[0].header("X-TC-Token") == Some(TOKEN), "the token was sent");

    let files: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").map(|e| e.expect("entry").path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).expect("fixture");
    for secret in [SECRET_ID, SECRET_KEY, TOKEN, ECHOED] {
        assert!(!text.contains(secret), "{secret} reached the fixture:\n{text}");
    }
    for header in ["Authorization", "X-TC-Token", "TC3-HMAC-SHA256"] {
        assert!(!text.contains(header), "{header} reached the fixture:\n{text}");
    }
    assert!(text.contains("DescribeUserInfo") && text.contains("<redacted>"), "{text}");

    let replay = tencentcloud_runtime::test_util::ReplayTransport::load(&files[0]).expect("loads as a fixture");
    let replayed = Client::new(replay_config(&replay).build().expect("config"));
    let again = minimal_call(&replayed).user_ids(["user1"]).send().await.expect("replays");
    assert_eq!(again.total, 1);
    assert_eq!(again.request_id, "rec-1");
    replay.finish();
}
