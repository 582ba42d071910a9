//! Credential sources with an injected environment and temporary home directories.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use tencentcloud_runtime::credentials::{
    CredentialsErrorKind, DefaultChain, Env, EnvironmentProvider, ProfileProvider, ProvideCredentials,
};

fn write_profile(home: &Path, text: &str) {
    let dir = home.join(".tencentcloud");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("credentials"), text).unwrap();
}

fn env(vars: &[(&str, &str)]) -> Env {
    Env::from_map(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

#[tokio::test]
async fn environment_provider() {
    let creds = EnvironmentProvider::with_env(env(&[
        ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
        ("TENCENTCLOUD_SECRET_KEY", "env-key"),
        ("TENCENTCLOUD_TOKEN", "env-token"),
    ]))
    .provide_credentials()
    .await
    .unwrap();
    assert_eq!((creds.secret_id(), creds.secret_key(), creds.token()), ("AKIDenv", "env-key", Some("env-token")));

    let err = EnvironmentProvider::with_env(env(&[("TENCENTCLOUD_SECRET_ID", "AKIDenv")])).load().unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    let err = EnvironmentProvider::with_env(env(&[])).load().unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotFound);
    let err = EnvironmentProvider::with_env(env(&[
        ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
        ("TENCENTCLOUD_SECRET_KEY", "secret-with-space "),
    ]))
    .load()
    .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    assert!(!err.to_string().contains("secret-with-space"));
}

#[tokio::test]
async fn profile_provider_reads_default_and_named_sections() {
    let home = tempfile::tempdir().unwrap();
    write_profile(
        home.path(),
        "[default]\nsecret_id = AKIDfile\nsecret_key = file-key\n\n[prod]\nsecret_id=AKIDprod\nsecret_key=prod-key\ntoken=prod-token\n",
    );
    let provider = ProfileProvider::with_env(&env(&[("HOME", home.path().to_str().unwrap())]));
    assert_eq!(provider.paths()[0], home.path().join(".tencentcloud/credentials"));
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!((creds.secret_id(), creds.token()), ("AKIDfile", None));
    let prod = provider.clone().profile("prod").load().unwrap();
    assert_eq!((prod.secret_id(), prod.secret_key(), prod.token()), ("AKIDprod", "prod-key", Some("prod-token")));
    let missing = provider.profile("staging").load().unwrap_err();
    assert_eq!(missing.kind(), CredentialsErrorKind::NotFound);
    assert!(missing.message().contains("[staging]"));
}

#[tokio::test]
async fn profile_falls_back_to_the_second_file() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    write_profile(b.path(), "[default]\nsecret_id = AKIDetc\nsecret_key = etc-key\n");
    let provider = ProfileProvider::with_paths([
        a.path().join(".tencentcloud/credentials"),
        b.path().join(".tencentcloud/credentials"),
    ]);
    assert_eq!(provider.load().unwrap().secret_id(), "AKIDetc");
    let none = ProfileProvider::with_paths([a.path().join("nope")]).load().unwrap_err();
    assert_eq!(none.kind(), CredentialsErrorKind::NotFound);
}

#[tokio::test]
async fn default_chain_prefers_environment_then_profile() {
    let home = tempfile::tempdir().unwrap();
    write_profile(home.path(), "[default]\nsecret_id = AKIDfile\nsecret_key = file-key\n");
    let home_str = home.path().to_str().unwrap();
    let both = DefaultChain::with_env(env(&[
        ("HOME", home_str),
        ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
        ("TENCENTCLOUD_SECRET_KEY", "env-key"),
    ]));
    assert_eq!(both.provide_credentials().await.unwrap().secret_id(), "AKIDenv");
    let file_only = DefaultChain::with_env(env(&[("HOME", home_str)]));
    assert_eq!(file_only.provide_credentials().await.unwrap().secret_id(), "AKIDfile");
}

#[tokio::test]
async fn default_chain_error_lists_every_source() {
    let home = tempfile::tempdir().unwrap();
    let env = env(&[("HOME", home.path().to_str().unwrap())]);
    // The standard chain reads the user's file, then the system-wide one.
    let standard = ProfileProvider::with_env(&env);
    assert_eq!(
        standard.paths(),
        [home.path().join(".tencentcloud/credentials"), std::path::PathBuf::from("/etc/tencentcloud/credentials")]
    );
    // The same chain with a system-wide path that surely does not exist, so the test does
    // not depend on this machine's /etc.
    let system = home.path().join("etc-tencentcloud-credentials");
    let profile = ProfileProvider::with_paths(vec![home.path().join(".tencentcloud/credentials"), system.clone()]);
    let chain = DefaultChain::from_sources(vec![
        ("environment", Arc::new(EnvironmentProvider::with_env(env))),
        ("profile", Arc::new(profile)),
    ]);
    let err = chain.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Exhausted);
    let msg = err.to_string();
    assert!(msg.contains("environment: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set"), "{msg}");
    assert!(msg.contains("profile: no profile file found"), "{msg}");
    assert!(msg.contains(".tencentcloud/credentials") && msg.contains(&system.display().to_string()), "{msg}");
}

#[tokio::test]
async fn a_broken_profile_stops_the_chain_without_leaking() {
    let home = tempfile::tempdir().unwrap();
    write_profile(home.path(), "[default]\nsecret_id = AKIDfile\nsecret_key =  \n");
    let chain = DefaultChain::with_env(env(&[("HOME", home.path().to_str().unwrap())]));
    let err = chain.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    assert!(err.message().starts_with("profile: "), "{err}");
}
