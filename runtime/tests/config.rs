//! The configuration builder: its defaults, what each setting gives back, the
//! environment it reads.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tencentcloud_runtime::config::{
    default_request_client, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, ENV_ENDPOINT,
    ENV_REGION,
};
use tencentcloud_runtime::credentials::Env;
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::{Config, ConfigBuilder, Endpoint, Language, Proxy, RetryConfig};

/// Serializes the tests of this file that change the process environment.
static PROCESS_ENV: Mutex<()> = Mutex::new(());

fn builder() -> ConfigBuilder {
    Config::builder().transport(Arc::new(CapturingTransport::new()))
}

#[test]
fn languages_parse_from_their_header_values() {
    assert_eq!("en-US".parse::<Language>().unwrap(), Language::EnUs);
    assert_eq!("zh-CN".parse::<Language>().unwrap(), Language::ZhCn);
    for language in [Language::EnUs, Language::ZhCn] {
        assert_eq!(language.as_str().parse::<Language>().unwrap(), language);
    }
    let err = "fr-FR".parse::<Language>().unwrap_err();
    assert!(err.to_string().contains("fr-FR"), "{err}");
    assert!("".parse::<Language>().is_err());
}

#[test]
fn the_default_request_client_names_the_runtime_version() {
    assert_eq!(default_request_client(), format!("SDK_RUST_{}", env!("CARGO_PKG_VERSION")));
    assert_eq!(builder().build().unwrap().request_client(), default_request_client());
    assert_eq!(builder().request_client("my-app").build().unwrap().request_client(), "my-app");
}

#[test]
fn a_builder_has_every_documented_default() {
    let config = builder().build().unwrap();
    assert_eq!(config.region(), None);
    assert_eq!(config.language(), Language::ZhCn);
    assert_eq!(config.endpoint(), &Endpoint::Default);
    assert!(config.validation());
    assert_eq!(config.retry(), &RetryConfig::default());
    assert!(config.rate_limiting());
    assert_eq!(config.timeout(), DEFAULT_TIMEOUT);
    assert_eq!(config.connect_timeout(), DEFAULT_CONNECT_TIMEOUT);
    assert_eq!(config.operation_timeout(), None);
    assert_eq!(config.max_response_bytes(), DEFAULT_MAX_RESPONSE_BYTES);
    // The default transport (reqwest) is built when none is given.
    assert!(Config::builder().build().is_ok());
}

#[test]
fn each_setting_is_what_the_config_gives_back() {
    let retry = RetryConfig::default().with_max_attempts(7).with_initial_backoff(Duration::from_millis(3));
    assert_ne!(retry, RetryConfig::default());
    let config = builder()
        .region("ap-singapore")
        .language(Language::EnUs)
        .endpoint(Endpoint::Regional)
        .validation(false)
        .retry(retry.clone())
        .rate_limiting(false)
        .timeout(Duration::from_secs(7))
        .operation_timeout(Duration::from_secs(30))
        .max_response_bytes(1234)
        .build()
        .unwrap();
    assert_eq!(config.region(), Some("ap-singapore"));
    assert_eq!(config.language(), Language::EnUs);
    assert_eq!(config.endpoint(), &Endpoint::Regional);
    assert!(!config.validation());
    assert_eq!(config.retry(), &retry);
    assert!(!config.rate_limiting());
    assert_eq!(config.timeout(), Duration::from_secs(7));
    assert_eq!(config.operation_timeout(), Some(Duration::from_secs(30)));
    assert_eq!(config.max_response_bytes(), 1234);
}

#[test]
fn the_connect_timeout_keeps_the_other_settings() {
    let config = Config::builder().region("ap-beijing").connect_timeout(Duration::from_millis(1500)).build().unwrap();
    assert_eq!(config.connect_timeout(), Duration::from_millis(1500));
    assert_eq!(config.region(), Some("ap-beijing"));
}

#[test]
fn a_proxy_setting_keeps_the_other_settings_and_conflicts_with_a_transport() {
    for proxy in [Proxy::Disabled, Proxy::FromEnv, Proxy::Url("http://127.0.0.1:1".into())] {
        let config = Config::builder().region("ap-shanghai").proxy_setting(proxy.clone()).build().unwrap();
        assert_eq!(config.region(), Some("ap-shanghai"), "{proxy:?}");
        let err = builder().proxy_setting(proxy.clone()).build().unwrap_err();
        assert!(err.to_string().contains("proxy"), "{proxy:?}: {err}");
    }
}

#[test]
fn a_builder_shows_its_region_and_endpoint() {
    let shown =
        format!("{:?}", Config::builder().region("ap-chengdu").endpoint(Endpoint::custom("http://127.0.0.1:9")));
    assert!(shown.starts_with("ConfigBuilder"), "{shown}");
    assert!(shown.contains("ap-chengdu") && shown.contains("127.0.0.1:9"), "{shown}");
}

/// An endpoint with user information is refused, and neither the error nor a `Debug`
/// output shows the password (nor the user name).
#[test]
fn an_endpoint_with_a_password_is_refused_without_echoing_it() {
    for url in [
        "http://user:s3cret-pw@127.0.0.1:9",
        "https://user:s3cret-pw@cvm.tencentcloudapi.com/",
        "user:s3cret-pw@127.0.0.1:9",
        "http://user:s3cret-pw@127.0.0.1:9/path?q",
        "http://user:s3cret pw@127.0.0.1:9",
        "http://user:s3cret-pw@@127.0.0.1:9",
    ] {
        let err = builder().region("ap-guangzhou").endpoint(Endpoint::custom(url)).build().unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("s3cret") && !shown.contains("user:"), "{url}: {shown}");
        assert!(shown.contains("127.0.0.1:9") || shown.contains("cvm.tencentcloudapi.com"), "{url}: {shown}");
        let debug = format!("{:?}", Config::builder().endpoint(Endpoint::custom(url)));
        assert!(!debug.contains("s3cret") && debug.contains("***@"), "{url}: {debug}");
    }
    let err = builder().endpoint(Endpoint::custom("http://user:s3cret-pw@127.0.0.1:9")).build().unwrap_err();
    assert!(err.to_string().contains("must not contain user information"), "{err}");
}

/// Sets (or removes) process variables for the life of the guard, restoring them after.
struct ProcessVars {
    saved: Vec<(&'static str, Option<std::ffi::OsString>)>,
    _lock: std::sync::MutexGuard<'static, ()>,
}

impl ProcessVars {
    fn set(vars: &[(&'static str, &str)]) -> Self {
        let lock = PROCESS_ENV.lock().unwrap_or_else(|e| e.into_inner());
        let saved = vars.iter().map(|(name, _)| (*name, std::env::var_os(name))).collect();
        for (name, value) in vars {
            std::env::set_var(name, value);
        }
        ProcessVars { saved, _lock: lock }
    }
}

impl Drop for ProcessVars {
    fn drop(&mut self) {
        for (name, value) in &self.saved {
            match value {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
}

#[test]
fn env_sets_region_and_endpoint() {
    let env = Env::from_map([(ENV_REGION, "ap-beijing"), (ENV_ENDPOINT, "http://127.0.0.1:9")]);
    let config = ConfigBuilder::from_env_with(env).transport(Arc::new(CapturingTransport::new())).build().unwrap();
    assert_eq!(config.region(), Some("ap-beijing"));
    assert_eq!(config.endpoint(), &Endpoint::Custom("http://127.0.0.1:9".into()));
    assert_eq!(config.request_client(), default_request_client());
    assert!(Config::builder().region("ap guangzhou").build().is_err());
}

#[cfg(unix)]
#[test]
fn a_region_variable_that_is_not_utf8_is_an_error_naming_it() {
    use std::os::unix::ffi::OsStringExt;
    let env = Env::from_os_map([(ENV_REGION, std::ffi::OsString::from_vec(vec![0xff]))]);
    let err = ConfigBuilder::from_env_with(env).transport(Arc::new(CapturingTransport::new())).build().unwrap_err();
    assert_eq!(err.0, "TENCENTCLOUD_REGION is set but is not valid UTF-8");
}

#[test]
fn from_env_reads_the_region_and_endpoint_of_the_process() {
    let _vars = ProcessVars::set(&[(ENV_REGION, "ap-hongkong"), (ENV_ENDPOINT, "http://127.0.0.1:9")]);
    let config = ConfigBuilder::from_env().transport(Arc::new(CapturingTransport::new())).build().unwrap();
    assert_eq!(config.region(), Some("ap-hongkong"));
    assert_eq!(config.endpoint(), &Endpoint::custom("http://127.0.0.1:9"));
    let config = Config::from_env().unwrap();
    assert_eq!(config.region(), Some("ap-hongkong"));
}

#[tokio::test]
async fn a_missing_region_names_the_api_and_an_empty_variable_is_reported_as_empty() {
    use tencentcloud_runtime::credentials::Env;
    use tencentcloud_runtime::{ActionMetadata, Client, Credentials, SdkError};
    const META: ActionMetadata<'static> =
        ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
    let call = |env: Env| async move {
        let config = ConfigBuilder::from_env_with(env)
            .credentials(Credentials::new("AKIDx", "key"))
            .transport(Arc::new(CapturingTransport::new()))
            .build()
            .unwrap();
        let err = Client::new(config).call_json(META, &serde_json::json!({})).await.unwrap_err();
        let SdkError::Config(e) = err else { panic!("{err:?}") };
        e.to_string()
    };
    let unset = call(Env::from_map([("HOME", "/nonexistent")])).await;
    assert!(unset.contains("ConfigBuilder::region") && unset.contains("TENCENTCLOUD_REGION"), "{unset}");
    assert!(!unset.contains("empty"), "{unset}");
    let empty = call(Env::from_map([(ENV_REGION, "")])).await;
    assert!(empty.contains("TENCENTCLOUD_REGION is set but empty"), "{empty}");
    assert!(empty.contains("ConfigBuilder::region"), "{empty}");
}

/// The `Host` and URI of a call to trtc in ap-beijing through a client built by `builder`.
async fn destination(builder: ConfigBuilder) -> (String, String) {
    use tencentcloud_runtime::{ActionMetadata, Client, Credentials};
    const META: ActionMetadata<'static> =
        ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
    let transport = CapturingTransport::new().with_response(200, r#"{"Response": {"RequestId": "r"}}"#);
    let config = builder
        .credentials(Credentials::new("AKIDx", "key"))
        .region("ap-beijing")
        .transport(Arc::new(transport.clone()))
        .build()
        .unwrap();
    Client::new(config).call_json(META, &serde_json::json!({})).await.unwrap();
    let sent = &transport.requests()[0];
    (sent.header("Host").unwrap_or_default().to_owned(), sent.uri.to_string())
}

#[tokio::test]
async fn the_root_domain_sets_the_hosts() {
    use tencentcloud_runtime::config::ENV_ROOT_DOMAIN;
    use tencentcloud_runtime::credentials::Env;
    let default = destination(Config::builder()).await;
    assert_eq!(default, ("trtc.tencentcloudapi.com".into(), "https://trtc.tencentcloudapi.com/".into()));
    let intl = destination(Config::builder().root_domain("intl.tencentcloudapi.com")).await;
    assert_eq!(intl, ("trtc.intl.tencentcloudapi.com".into(), "https://trtc.intl.tencentcloudapi.com/".into()));
    let regional =
        destination(Config::builder().root_domain("intl.tencentcloudapi.com").endpoint(Endpoint::Regional)).await;
    assert_eq!(regional.0, "trtc.ap-beijing.intl.tencentcloudapi.com");
    // From the environment; a custom endpoint still wins.
    let from_env = destination(ConfigBuilder::from_env_with(Env::from_map([(ENV_ROOT_DOMAIN, "example.com")]))).await;
    assert_eq!(from_env.0, "trtc.example.com");
    let custom =
        destination(Config::builder().root_domain("example.com").endpoint(Endpoint::custom("http://127.0.0.1:9")))
            .await;
    assert_eq!(custom.0, "127.0.0.1:9");
    // A root domain that is not a host name is refused when building.
    for bad in ["", ".example.com", "example.com.", "exa mple.com", "example.com/path", "a..b"] {
        let err = Config::builder().root_domain(bad).build().unwrap_err();
        assert!(err.to_string().contains("root domain"), "{bad:?}: {err}");
    }
}
