//! `DescribeUserInfo` against recorded exchanges: success, documented and common error
//! codes, an unknown code, a null list, unknown fields, temporary credentials, retries
//! and undecodable replies.

use tencentcloud_runtime::error::SdkError;
use tencentcloud_runtime::{Credentials, Endpoint, Language, RetryConfig};
use tencentcloud_sdk_tests::{minimal_call, replay, replay_config};
use tencentcloud_trtc::v20190722::operation::describe_user_info::{
    DescribeUserInfoError, DescribeUserInfoFluentBuilder, DescribeUserInfoRequest, DescribeUserInfoResponse,
};
use tencentcloud_trtc::v20190722::types::UserInformation;
use tencentcloud_trtc::v20190722::Client;

async fn run_minimal(fixture: &str) -> Result<DescribeUserInfoResponse, SdkError<DescribeUserInfoError>> {
    let transport = replay(fixture);
    let client = Client::new(replay_config(&transport).build().expect("config"));
    let result = minimal_call(&client).send().await;
    transport.finish();
    result
}

/// The call of the recorded example, parameters in another order than the example's.
fn example_call(client: &Client) -> DescribeUserInfoFluentBuilder {
    client
        .describe_user_info()
        .start_time(1_590_065_777)
        .comm_id("1400188366_218695_1590065777")
        .user_ids(["user1_54816741", "user2_2107025"])
        .sdk_app_id(1_400_188_366)
        .end_time(1_590_065_877)
}

#[tokio::test]
async fn example_exchange_decodes_every_field() {
    let transport = replay("trtc/DescribeUserInfo/example.json");
    let client = Client::new(replay_config(&transport).build().expect("config"));
    let response = example_call(&client).send().await.expect("the example succeeds");
    transport.finish();
    assert_eq!(response.total, 1);
    assert_eq!(response.request_id, "2e12e365-43e8-4efd-902d-906303e2ee4a");
    let users = response.user_list.expect("UserList present");
    assert_eq!(users.len(), 2);
    let UserInformation { room_str, user_id, join_ts, leave_ts, device_type, sdk_version, client_ip, finished, .. } =
        &users[1];
    assert_eq!(
        (room_str.as_str(), user_id.as_str(), *join_ts, *leave_ts),
        ("218695", "user2_2107025", 1_590_065_700, 1_590_067_693)
    );
    assert_eq!((device_type.as_str(), sdk_version.as_str(), client_ip.as_str()), ("", "4.3.14", "10.4.1.13"));
    assert!(*finished);
}

#[tokio::test]
async fn prebuilt_request_goes_through_execute() {
    let transport = replay("trtc/DescribeUserInfo/example.json");
    let client = Client::new(replay_config(&transport).build().expect("config"));
    let request =
        DescribeUserInfoRequest::new("1400188366_218695_1590065777", 1_590_065_777, 1_590_065_877, 1_400_188_366)
            .with_user_ids(["user1_54816741", "user2_2107025"]);
    let response = client.execute(&request).await.expect("success");
    transport.finish();
    assert_eq!(response.user_list.map(|l| l.len()), Some(2));
}

/// Each documented or common code maps to its own variant and keeps message and id.
#[tokio::test]
async fn error_codes_map_to_variants() {
    type E = DescribeUserInfoError;
    type Case = (&'static str, fn(&E) -> bool, &'static str);
    let cases: [Case; 6] = [
        ("error_sdkappid_upper.json", |e| matches!(e, E::InvalidParameterSdkAppId(_)), "InvalidParameter.SdkAppId"),
        ("error_sdkappid_lower.json", |e| matches!(e, E::InvalidParameterSdkAppid(_)), "InvalidParameter.SdkAppid"),
        ("error_db.json", |e| matches!(e, E::InternalErrorDBError(_)), "InternalError.DBError"),
        (
            "error_start_time_oversize.json",
            |e| matches!(e, E::InvalidParameterStartTimeOversize(_)),
            "InvalidParameter.StartTimeOversize",
        ),
        ("error_signature.json", |e| matches!(e, E::AuthFailureSignatureFailure(_)), "AuthFailure.SignatureFailure"),
        ("error_unsupported_region.json", |e| matches!(e, E::UnsupportedRegion(_)), "UnsupportedRegion"),
    ];
    for (i, (file, is_variant, code)) in cases.into_iter().enumerate() {
        let err = run_minimal(&format!("trtc/DescribeUserInfo/{file}")).await.expect_err("an error envelope");
        assert_eq!(err.code(), Some(code), "{file}");
        let expected_id = format!("req-err-{}", i + 1);
        assert_eq!(err.request_id(), Some(expected_id.as_str()), "{file}");
        let service = err.into_service_error().expect("a service error");
        assert!(is_variant(&service), "{file}: got {service:?}");
        assert!(!service.is_unhandled());
        assert!(!service.message().is_empty());
        assert!(service.to_string().starts_with(code), "{service}");
    }
}

#[tokio::test]
async fn unknown_code_keeps_code_and_message() {
    let err = run_minimal("trtc/DescribeUserInfo/error_unknown_code.json").await.expect_err("an error envelope");
    let service = err.into_service_error().expect("a service error");
    assert!(service.is_unhandled());
    assert_eq!(service.code(), "FailedOperation.BrandNewCode");
    assert_eq!(service.message(), "A code this SDK has never seen.");
    assert_eq!(service.request_id(), Some("req-err-7"));
}

#[tokio::test]
async fn null_user_list_is_none() {
    let response = run_minimal("trtc/DescribeUserInfo/null_user_list.json").await.expect("success");
    assert_eq!(response.user_list, None);
    assert_eq!(response.total, 0);
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let response = run_minimal("trtc/DescribeUserInfo/extra_fields.json").await.expect("success");
    assert_eq!(response.request_id, "req-extra-1");
    assert_eq!(response.user_list.map(|l| l[0].user_id.clone()), Some("user1_54816741".to_owned()));
}

#[tokio::test]
async fn temporary_credentials_english_and_regional_host() {
    let transport = replay("trtc/DescribeUserInfo/regional_token_en.json");
    let config = replay_config(&transport)
        .credentials(
            Credentials::new("AKIDTEMPSECRETIDEXAMPLE", "TmpSecretKeyEXAMPLE0000000000000")
                .with_token("TOKEN-EXAMPLE-abc123"),
        )
        .region("ap-beijing")
        .language(Language::EnUs)
        .endpoint(Endpoint::Regional)
        .build()
        .expect("config");
    let response = minimal_call(&Client::new(config)).page_number(1).page_size(100).send().await.expect("success");
    transport.finish();
    assert_eq!(response.request_id, "req-regional-1");
}

#[tokio::test]
async fn throttling_is_retried() {
    let response = run_minimal("trtc/DescribeUserInfo/throttled_then_ok.json").await.expect("second attempt succeeds");
    assert_eq!(response.total, 1);
}

#[tokio::test]
async fn throttling_is_not_retried_when_retries_are_off() {
    let transport = replay("trtc/DescribeUserInfo/throttled.json");
    let config = replay_config(&transport).retry(RetryConfig::disabled()).build().expect("config");
    let err = minimal_call(&Client::new(config)).send().await.expect_err("throttled");
    transport.finish();
    assert!(matches!(err.as_service_error(), Some(DescribeUserInfoError::RequestLimitExceeded(_))));
    assert_eq!(transport.used(), 1);
}

#[tokio::test]
async fn html_error_page_is_an_http_status_error() {
    let transport = replay("trtc/DescribeUserInfo/html_502.json");
    let config = replay_config(&transport).retry(RetryConfig::disabled()).build().expect("config");
    let err = minimal_call(&Client::new(config)).send().await.expect_err("502");
    transport.finish();
    match err {
        SdkError::HttpStatus(e) => {
            assert_eq!(e.status(), 502);
            assert!(e.body_prefix().starts_with("<html>"), "{}", e.body_prefix());
        }
        other => panic!("expected an HTTP status error, got {other:?}"),
    }
}

#[tokio::test]
async fn validation_can_be_turned_off() {
    let transport = replay("trtc/DescribeUserInfo/validation_off_server_rejects.json");
    let config = replay_config(&transport).validation(false).build().expect("config");
    let err = minimal_call(&Client::new(config)).page_size(0).send().await.expect_err("server rejects");
    transport.finish();
    assert!(matches!(err.as_service_error(), Some(DescribeUserInfoError::InvalidParameterPageSize(_))));
}

#[tokio::test]
async fn the_fluent_builder_overrides_settings_for_one_call() {
    use tencentcloud_runtime::test_util::CapturingTransport;
    let transport = CapturingTransport::new().with_response(200, r#"{"Response": {"Total": 0, "RequestId": "r"}}"#);
    let config = tencentcloud_runtime::Config::builder()
        .credentials(Credentials::new("AKIDfluent", "fluent-key"))
        .region("ap-guangzhou")
        .transport(std::sync::Arc::new(transport.clone()))
        .clock(std::sync::Arc::new(tencentcloud_runtime::FixedClock::new(tencentcloud_sdk_tests::NOW)))
        .build()
        .expect("config");
    let client = Client::new(config);
    let builder = minimal_call(&client).customize(|o| o.region("ap-beijing").header("X-Trace", "t-1"));
    assert!(format!("{:?}", builder.call_overrides()).contains("ap-beijing"));
    builder.send().await.expect("success");
    minimal_call(&client).send().await.expect("success");
    let sent = transport.requests();
    assert_eq!((sent[0].header("X-TC-Region"), sent[0].header("X-Trace")), (Some("ap-beijing"), Some("t-1")));
    assert_eq!((sent[1].header("X-TC-Region"), sent[1].header("X-Trace")), (Some("ap-guangzhou"), None));
}

/// `send()` returns the runtime's future (not an `async fn` per action): it can be
/// spawned on a multi-threaded runtime, as it holds no borrow and is `Send`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_future_send_returns_can_be_spawned() {
    let transport = replay("trtc/DescribeUserInfo/example.json");
    let client = Client::new(replay_config(&transport).build().expect("config"));
    let future = example_call(&client).send();
    drop(client);
    let response = tokio::spawn(future).await.expect("joins").expect("the example succeeds");
    transport.finish();
    assert_eq!(response.total, 1);
}
