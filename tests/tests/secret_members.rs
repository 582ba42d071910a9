//! Members that hold secrets in generated code (STS credentials, TRTC's `UserSig` and
//! `PrivateMapKey`): `Debug` of the request, its builders and the response never shows
//! their values, and an STS reply that fails to decode is not quoted in the error.

use std::sync::Arc;

use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::{Config, Credentials, SdkError};
use tencentcloud_sdk_tests::{SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::v20190722::operation::start_stream_ingest::StartStreamIngestRequest;

const USER_SIG: &str = "eJw1jcEKgjAUsecretsig";
const MAP_KEY: &str = "privmapkey-0123456789";
const TMP_KEY: &str = "tmp-secret-key-abcdef";
const TOKEN: &str = "sts-session-token-xyz";

#[test]
fn debug_output_of_requests_and_builders_hides_secret_members() {
    let request = StartStreamIngestRequest::new(1400188366, "room", 0, "user", USER_SIG).with_private_map_key(MAP_KEY);
    let builder = StartStreamIngestRequest::builder().user_sig(USER_SIG).private_map_key(MAP_KEY).user_id("user");
    let client =
        tencentcloud_trtc::v20190722::Client::new(Config::builder().region("ap-guangzhou").build().expect("config"));
    let fluent = client.start_stream_ingest().user_sig(USER_SIG).private_map_key(MAP_KEY);
    for text in [format!("{request:?}"), format!("{builder:?}"), format!("{fluent:?}"), format!("{request:#?}")] {
        assert!(!text.contains(USER_SIG) && !text.contains(MAP_KEY), "a secret in {text}");
        assert!(text.contains("<redacted>") && text.contains("user"), "other members are shown: {text}");
    }
}

fn sts_reply(expired_time: &str) -> String {
    format!(
        r#"{{"Response":{{"Credentials":{{"Token":"{TOKEN}","TmpSecretId":"AKIDtmp","TmpSecretKey":"{TMP_KEY}"}},"ExpiredTime":{expired_time},"Expiration":"2026-11-27T10:00:00Z","RequestId":"r"}}}}"#
    )
}

fn sts_client(transport: &CapturingTransport) -> tencentcloud_sts::v20180813::Client {
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .transport(Arc::new(transport.clone()))
        .build()
        .expect("config");
    tencentcloud_sts::v20180813::Client::new(config)
}

#[tokio::test]
async fn sts_credentials_are_hidden_in_debug_output_and_in_decode_errors() {
    let t = CapturingTransport::new().with_response(200, sts_reply("1800000000"));
    let client = sts_client(&t);
    let reply = client.assume_role().role_arn("qcs::cam::uin/1:roleName/r").role_session_name("s").send().await;
    let reply = reply.expect("decoded");
    assert_eq!(reply.credentials.tmp_secret_key, TMP_KEY);
    let text = format!("{reply:?}");
    assert!(!text.contains(TMP_KEY) && !text.contains(TOKEN), "a secret in {text}");
    assert!(text.contains("AKIDtmp"), "the secret id is not a secret: {text}");

    // A reply the typed response cannot take: the error does not quote it.
    let t = CapturingTransport::new().with_response(200, sts_reply("\"not a number\""));
    let client = sts_client(&t);
    let err = client.assume_role().role_arn("qcs::cam::uin/1:roleName/r").role_session_name("s").send().await;
    let err = err.expect_err("a decode error");
    assert!(matches!(err, SdkError::Decode(_)), "{err:?}");
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains(TMP_KEY) && !text.contains(TOKEN), "a secret in {text}");
    }
}
