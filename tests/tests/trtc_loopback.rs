//! `DescribeUserInfo` end to end over real HTTP on 127.0.0.1 (reqwest, not a replay):
//! the server checks the TC3 signature with its own implementation and the headers.

use std::sync::Arc;

use tencentcloud_runtime::{Config, Credentials, Endpoint, FixedClock, Language};
use tencentcloud_sdk_tests::loopback::LoopbackServer;
use tencentcloud_sdk_tests::{NOW, SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::operation::describe_user_info::DescribeUserInfoError;
use tencentcloud_trtc::Client;

const EXAMPLE: &str = r#"{"Response": {"Total": 1, "UserList": [{"RoomStr": "218695", "UserId": "user1_54816741",
  "JoinTs": 1590065777, "LeaveTs": 1590067658, "Finished": true, "DeviceType": "", "SdkVersion": "4.3.14",
  "ClientIp": "10.4.1.13"}], "RequestId": "loopback-1"}}"#;

fn client(server: &LoopbackServer, credentials: Credentials, language: Language) -> Client {
    let config = Config::builder()
        .credentials(credentials)
        .region("ap-guangzhou")
        .language(language)
        .endpoint(Endpoint::custom(server.url()))
        .clock(Arc::new(FixedClock::new(NOW)))
        .build()
        .expect("config");
    Client::new(config)
}

#[tokio::test]
async fn signed_request_over_http_succeeds() {
    let server = LoopbackServer::start(&[(SECRET_ID, SECRET_KEY)], Arc::new(|_| (200, EXAMPLE.to_owned()))).await;
    let response = client(&server, Credentials::new(SECRET_ID, SECRET_KEY), Language::ZhCn)
        .describe_user_info()
        .comm_id("1400188366_218695_1590065777")
        .start_time(1_590_065_777)
        .end_time(1_590_065_877)
        .sdk_app_id(1_400_188_366)
        .user_ids(["user1_54816741"])
        .send()
        .await
        .expect("success over loopback");
    assert_eq!(response.request_id, "loopback-1");
    assert_eq!(response.user_list.map(|u| u.len()), Some(1));

    let received = server.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!(r.signature, Ok(()), "independent TC3 verification");
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    assert_eq!(r.header("X-TC-Action"), Some("DescribeUserInfo"));
    assert_eq!(r.header("X-TC-Version"), Some("2019-07-22"));
    assert_eq!(r.header("X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(r.header("X-TC-Language"), Some("zh-CN"));
    assert_eq!(r.header("X-TC-Timestamp"), Some("1590066000"));
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.header("X-TC-Token"), None);
    assert!(r.header("X-TC-RequestClient").is_some_and(|c| c.starts_with("SDK_RUST_")));
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        r#"{"CommId": "1400188366_218695_1590065777", "StartTime": 1590065777, "EndTime": 1590065877, "SdkAppId": 1400188366, "UserIds": ["user1_54816741"]}"#
    );
}

#[tokio::test]
async fn wrong_key_is_detected_and_the_error_envelope_decoded() {
    let server = LoopbackServer::start(
        &[(SECRET_ID, SECRET_KEY)],
        Arc::new(|r| match &r.signature {
            Ok(()) => (200, EXAMPLE.to_owned()),
            Err(_) => (
                200,
                r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad signature"}, "RequestId": "loopback-2"}}"#
                    .to_owned(),
            ),
        }),
    )
    .await;
    let err = client(&server, Credentials::new(SECRET_ID, "not-the-key"), Language::EnUs)
        .describe_user_info()
        .comm_id("c")
        .start_time(1_590_065_777)
        .end_time(1_590_065_877)
        .sdk_app_id(1)
        .send()
        .await
        .expect_err("the server refuses the signature");
    assert!(matches!(err.as_service_error(), Some(DescribeUserInfoError::AuthFailureSignatureFailure(_))));
    assert_eq!(err.request_id(), Some("loopback-2"));
    let received = server.received();
    assert_eq!(received.len(), 1, "auth failures are not retried");
    assert!(received[0].signature.is_err());
    assert_eq!(received[0].header("X-TC-Language"), Some("en-US"));
}
