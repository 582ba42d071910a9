//! Helpers shared by the client tests.
#![allow(dead_code)]

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tencentcloud_runtime::config::{Config, ConfigBuilder, Endpoint};
use tencentcloud_runtime::error::{ErrorMetadata, RetryKind, ServiceError};
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::validation::{ValidationContext, Violations};
use tencentcloud_runtime::{Action, ActionMetadata, Client, Clock, Credentials, RetryConfig};

pub const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

/// A clock that ticks one second every time it is read.
#[derive(Debug)]
pub struct TickingClock(pub AtomicI64);

impl Clock for TickingClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.fetch_add(1, Ordering::SeqCst).unsigned_abs())
    }
}

pub fn builder(transport: &CapturingTransport) -> ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(Endpoint::Default)
        .transport(Arc::new(transport.clone()))
        .clock(Arc::new(TickingClock(AtomicI64::new(1_700_000_000))))
        .retry(
            RetryConfig::default()
                .with_initial_backoff(Duration::from_millis(100))
                .with_max_backoff(Duration::from_secs(1))
                .with_jitter(false),
        )
}

pub fn client(transport: &CapturingTransport) -> Client {
    Client::new(builder(transport).build().expect("config"))
}

/// A read-only action: idempotent, so retried after any retryable failure.
pub const META: ActionMetadata<'static> =
    ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com")
        .with_regions(&["ap-beijing", "ap-guangzhou"])
        .with_rate_limit(20)
        .idempotent();

/// A hand-written action, shaped like generated code.
#[derive(Debug, Clone, Serialize)]
pub struct DescribeUserInfo {
    #[serde(rename = "SdkAppId")]
    pub sdk_app_id: u64,
    #[serde(rename = "PageSize", skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct DescribeUserInfoOutput {
    #[serde(rename = "Total")]
    pub total: u64,
    #[serde(rename = "RequestId")]
    pub request_id: String,
}

#[derive(Debug)]
pub enum DescribeUserInfoError {
    Busy(ErrorMetadata),
    Unhandled(ErrorMetadata),
}

impl fmt::Display for DescribeUserInfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.metadata().fmt(f)
    }
}

impl std::error::Error for DescribeUserInfoError {}

impl ServiceError for DescribeUserInfoError {
    fn from_metadata(meta: ErrorMetadata) -> Self {
        if meta.code() == "InternalError.Busy" {
            DescribeUserInfoError::Busy(meta)
        } else {
            DescribeUserInfoError::Unhandled(meta)
        }
    }

    fn metadata(&self) -> &ErrorMetadata {
        match self {
            DescribeUserInfoError::Busy(m) | DescribeUserInfoError::Unhandled(m) => m,
        }
    }

    fn retry_kind(&self) -> Option<RetryKind> {
        match self {
            DescribeUserInfoError::Busy(_) => Some(RetryKind::Transient),
            DescribeUserInfoError::Unhandled(m) => tencentcloud_runtime::error::default_retry_kind(m.code()),
        }
    }
}

impl Action for DescribeUserInfo {
    type Output = DescribeUserInfoOutput;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> ActionMetadata<'_> {
        META
    }

    fn validate(&self, _ctx: &ValidationContext, report: &mut Violations) {
        if let Some(size) = self.page_size {
            report.minimum("", "PageSize", size, 1, Some("InvalidParameter.PageSize"));
            report.maximum("", "PageSize", size, 100, Some("InvalidParameter.PageSizeOversize"));
        }
    }
}

pub fn error_body(code: &str) -> String {
    format!(r#"{{"Response": {{"Error": {{"Code": "{code}", "Message": "m"}}, "RequestId": "req-1"}}}}"#)
}

pub const OK_BODY: &str = r#"{"Response": {"Total": 2, "RequestId": "req-ok"}}"#;

/// A mutating action without a client token: not idempotent.
pub const REMOVE_USER_META: ActionMetadata<'static> =
    ActionMetadata::new("trtc", "2019-07-22", "RemoveUser", "trtc.tencentcloudapi.com");

/// A hand-written mutating action without a client token.
#[derive(Debug, Clone, Serialize)]
pub struct RemoveUser {
    #[serde(rename = "SdkAppId")]
    pub sdk_app_id: u64,
    #[serde(rename = "UserIds")]
    pub user_ids: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct RequestIdOnly {
    #[serde(rename = "RequestId")]
    pub request_id: String,
}

impl Action for RemoveUser {
    type Output = RequestIdOnly;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> ActionMetadata<'_> {
        REMOVE_USER_META
    }

    fn validate(&self, _ctx: &ValidationContext, _report: &mut Violations) {}
}

/// A mutating action with a client token, shaped like generated code: not marked
/// idempotent, the token makes it so.
pub const START_TASK_META: ActionMetadata<'static> =
    ActionMetadata::new("trtc", "2019-07-22", "StartTask", "trtc.tencentcloudapi.com").with_client_token("ClientToken");

/// A hand-written action with a `ClientToken` input, shaped like generated code.
#[derive(Debug, Clone, Serialize)]
pub struct StartTask {
    #[serde(rename = "SdkAppId")]
    pub sdk_app_id: u64,
    #[serde(rename = "ClientToken", skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

impl Action for StartTask {
    type Output = RequestIdOnly;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> ActionMetadata<'_> {
        START_TASK_META
    }

    fn validate(&self, _ctx: &ValidationContext, report: &mut Violations) {
        if let Some(token) = &self.client_token {
            report.max_length("", "ClientToken", token, 64, None);
        }
    }

    fn fill_client_token(&self, token: &str) -> Option<Self> {
        self.client_token.is_none().then(|| {
            let mut r = self.clone();
            r.client_token = Some(token.to_owned());
            r
        })
    }
}

/// A read-only action whose response members are decoded leniently, shaped like
/// generated code.
#[derive(Debug, Clone, Serialize)]
pub struct DescribeUserList {
    #[serde(rename = "SdkAppId")]
    pub sdk_app_id: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DescribeUserListOutput {
    #[serde(
        rename = "Total",
        default = "tencentcloud_runtime::de::absent",
        deserialize_with = "tencentcloud_runtime::de::null_as_default"
    )]
    pub total: u64,
    #[serde(rename = "UserList", default, skip_serializing_if = "Option::is_none")]
    pub user_list: Option<Vec<UserInformation>>,
    #[serde(
        rename = "RequestId",
        default = "tencentcloud_runtime::de::absent",
        deserialize_with = "tencentcloud_runtime::de::null_as_default"
    )]
    pub request_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UserInformation {
    #[serde(
        rename = "RoomStr",
        default = "tencentcloud_runtime::de::absent",
        deserialize_with = "tencentcloud_runtime::de::null_as_default"
    )]
    pub room_str: String,
    #[serde(
        rename = "UserId",
        default = "tencentcloud_runtime::de::absent",
        deserialize_with = "tencentcloud_runtime::de::null_as_default"
    )]
    pub user_id: String,
    #[serde(rename = "JoinTs", default, skip_serializing_if = "Option::is_none")]
    pub join_ts: Option<u64>,
}

impl Action for DescribeUserList {
    type Output = DescribeUserListOutput;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> ActionMetadata<'_> {
        ActionMetadata::new("trtc", "2019-07-22", "DescribeUserList", "trtc.tencentcloudapi.com").idempotent()
    }

    fn validate(&self, _ctx: &ValidationContext, _report: &mut Violations) {}
}

/// Runs `f` on a thread of its own and returns its result, failing the test when it has
/// not returned within 30 s: a hang (the thread is left behind, blocked).
pub fn within_30s<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("{what} hung"))
}

/// Runs `f` in a runtime of its own, which is then shut down (that waits for its
/// blocking threads), within 30 s.
pub fn in_own_runtime<T: Send + 'static, F: std::future::Future<Output = T> + 'static>(
    what: &str,
    f: impl FnOnce() -> F + Send + 'static,
) -> T {
    within_30s(what, move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let result = runtime.block_on(f());
        drop(runtime);
        result
    })
}

/// A named pipe (made with the `mkfifo` command) in a temporary directory, which is
/// removed when the returned guard is dropped.
#[cfg(unix)]
pub fn temp_fifo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("fifo");
    let status = std::process::Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
    (dir, path)
}

/// A sparse file of `len` zero bytes at `path`: large without using the disk.
pub fn sparse_file(path: &std::path::Path, len: u64) {
    std::fs::File::create(path).and_then(|f| f.set_len(len)).expect("sparse file");
}
