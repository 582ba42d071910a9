//! Credential sources with an injected environment and temporary home directories.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tencentcloud_runtime::credentials::{
    parse_ini, CredentialsErrorKind, DefaultChain, Env, EnvironmentProvider, ProfileProvider, ProvideCredentials,
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
async fn a_malformed_profile_file_is_an_error_never_skipped() {
    for (text, line) in [
        ("[default\nsecret_id = AKIDfile\nsecret_key = file-key\n", 1),
        ("secret_id = AKIDfile\n[default]\nsecret_key = file-key\n", 1),
        ("[default]\nsecret_id = AKIDfile\nsecret_key file-key\n", 3),
        ("# comment\n\n[default]\n= AKIDfile\n", 4),
    ] {
        let home = tempfile::tempdir().unwrap();
        write_profile(home.path(), text);
        let chain = DefaultChain::with_env(env(&[("HOME", home.path().to_str().unwrap())]));
        let err = chain.provide_credentials().await.unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::Invalid, "{text:?}: {err}");
        let msg = err.to_string();
        assert!(msg.contains(".tencentcloud/credentials") && msg.contains(&format!("line {line}")), "{msg}");
        assert!(!msg.contains("file-key") && !msg.contains("AKIDfile"), "no value is shown: {msg}");
    }
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

#[tokio::test]
async fn the_profile_file_is_read_as_the_official_sdks_read_it() {
    let home = tempfile::tempdir().unwrap();
    write_profile(
        home.path(),
        "\u{feff}[default]\r\n# comment\r\nSecret_Id: AKIDcolon\r\n  SECRET_KEY = key:with=delims \r\n; token\r\nToken:tok\r\n",
    );
    let creds = ProfileProvider::with_env(&env(&[("HOME", home.path().to_str().unwrap())]))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!((creds.secret_id(), creds.secret_key(), creds.token()), ("AKIDcolon", "key:with=delims", Some("tok")));
}

#[tokio::test]
async fn tencentcloud_credentials_file_comes_first_and_must_exist() {
    let home = tempfile::tempdir().unwrap();
    write_profile(home.path(), "[default]\nsecret_id = AKIDhome\nsecret_key = home-key\n");
    let named = home.path().join("named.ini");
    fs::write(&named, "[default]\nsecret_id = AKIDnamed\nsecret_key = named-key\n").unwrap();
    let home_str = home.path().to_str().unwrap();
    let provider = ProfileProvider::with_env(&env(&[
        ("HOME", home_str),
        ("TENCENTCLOUD_CREDENTIALS_FILE", named.to_str().unwrap()),
    ]));
    assert_eq!(provider.provide_credentials().await.unwrap().secret_id(), "AKIDnamed");
    // Named but missing: an error naming the variable, not a fall-back to the home file.
    let gone = home.path().join("gone.ini");
    let chain =
        DefaultChain::with_env(env(&[("HOME", home_str), ("TENCENTCLOUD_CREDENTIALS_FILE", gone.to_str().unwrap())]));
    let err = chain.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable);
    assert!(err.message().starts_with("profile: ") && err.message().contains("TENCENTCLOUD_CREDENTIALS_FILE"), "{err}");
}

#[cfg(unix)]
#[tokio::test]
async fn a_variable_that_is_not_utf8_is_an_error_naming_it() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let home = tempfile::tempdir().unwrap();
    write_profile(home.path(), "[default]\nsecret_id = AKIDfile\nsecret_key = file-key\n");
    let vars: Vec<(&str, OsString)> = vec![
        ("HOME", home.path().as_os_str().to_owned()),
        ("TENCENTCLOUD_SECRET_ID", "AKIDenv".into()),
        ("TENCENTCLOUD_SECRET_KEY", OsString::from_vec(vec![b'k', 0xff, b'y'])),
    ];
    let err = DefaultChain::with_env(Env::from_os_map(vars)).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    assert_eq!(err.message(), "environment: TENCENTCLOUD_SECRET_KEY is set but is not valid UTF-8");
}

#[test]
fn env_get_reads_a_value_as_it_is() {
    let vars = env(&[("SET", "value"), ("EMPTY", "")]);
    assert_eq!(vars.get("SET").as_deref(), Some("value"));
    // Unlike `var`, `get` keeps an empty value.
    assert_eq!(vars.get("EMPTY").as_deref(), Some(""));
    assert_eq!(vars.get("UNSET"), None);
    // The process environment, as the standard library reads it.
    for name in ["PATH", "HOME", "TENCENTCLOUD_TEST_SURELY_UNSET_VARIABLE"] {
        assert_eq!(Env::process().get(name), std::env::var(name).ok(), "{name}");
    }
}

#[cfg(unix)]
#[test]
fn env_get_skips_a_value_that_is_not_utf8() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let vars = Env::from_os_map([("BAD", OsString::from_vec(vec![b'k', 0xff])), ("GOOD", "ok".into())]);
    assert_eq!(vars.get("BAD"), None);
    assert_eq!(vars.get("GOOD").as_deref(), Some("ok"));
}

#[test]
fn env_var_takes_an_empty_value_for_unset() {
    let vars = env(&[("SET", "value"), ("EMPTY", "")]);
    assert_eq!(vars.var("SET").unwrap().as_deref(), Some("value"));
    assert_eq!(vars.var("EMPTY").unwrap(), None);
    assert_eq!(vars.var("UNSET").unwrap(), None);
    // Both credentials variables set but empty: as if unset.
    let err = EnvironmentProvider::with_env(env(&[("TENCENTCLOUD_SECRET_ID", ""), ("TENCENTCLOUD_SECRET_KEY", "")]))
        .load()
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotFound);
}

#[test]
fn empty_variables_are_reported_as_empty_not_as_unset() {
    let load = |vars: &[(&str, &str)]| EnvironmentProvider::with_env(env(vars)).load().unwrap_err();
    let err = load(&[("TENCENTCLOUD_SECRET_ID", ""), ("TENCENTCLOUD_SECRET_KEY", "")]);
    assert_eq!(err.message(), "TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are set but empty");
    let err = load(&[("TENCENTCLOUD_SECRET_ID", "AKIDx")]);
    assert_eq!(err.message(), "TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is not set");
    let err = load(&[("TENCENTCLOUD_SECRET_ID", "AKIDx"), ("TENCENTCLOUD_SECRET_KEY", "")]);
    assert_eq!(err.message(), "TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is empty");
    let err = load(&[("TENCENTCLOUD_SECRET_ID", ""), ("TENCENTCLOUD_SECRET_KEY", "k")]);
    assert_eq!(err.message(), "TENCENTCLOUD_SECRET_KEY is set but TENCENTCLOUD_SECRET_ID is empty");
    let err = load(&[("TENCENTCLOUD_SECRET_ID", "")]);
    assert_eq!(err.message(), "TENCENTCLOUD_SECRET_ID is empty and TENCENTCLOUD_SECRET_KEY is not set");
}

#[test]
fn env_and_chain_debug_show_names_only() {
    assert_eq!(format!("{:?}", Env::process()), "Env(process)");
    let shown = format!("{:?}", env(&[("TENCENTCLOUD_SECRET_KEY", "hidden-value")]));
    assert!(shown.starts_with("Env") && shown.contains("TENCENTCLOUD_SECRET_KEY"), "{shown}");
    assert!(!shown.contains("hidden-value"), "{shown}");

    // The chain names its sources, in order.
    let shown = format!("{:?}", DefaultChain::with_env(env(&[("TENCENTCLOUD_SECRET_KEY", "hidden-value")])));
    assert!(shown.contains(r#"["environment", "profile", "CVM role", "TKE web identity"]"#), "{shown}");
    assert!(!shown.contains("hidden-value"), "{shown}");
}

#[test]
fn comment_lines_are_skipped_even_when_they_hold_a_delimiter() {
    let ini = parse_ini(
        "# top = comment\n[default]\n# secret_id = commented\n; secret_key: commented\n  #token=x\n  ;token=y\n\nsecret_id = AKIDreal\n",
    );
    let keys: Vec<_> = ini["default"].keys().collect();
    assert_eq!(keys, ["secret_id"]);
    assert_eq!(ini["default"]["secret_id"], "AKIDreal");
    assert_eq!(ini.len(), 1);
}

/// Only regular files are read: a FIFO would block until a writer came, a device
/// (`/dev/zero`) would be read until memory ran out.
#[cfg(unix)]
#[test]
fn a_profile_file_that_is_not_a_regular_file_is_refused_naming_what_it_is() {
    let (dir, fifo) = common::temp_fifo();
    for (path, what) in
        [(fifo, "a FIFO"), (PathBuf::from("/dev/zero"), "a character device"), (dir.path().to_owned(), "a directory")]
    {
        let provider = ProfileProvider::with_paths([path.clone()]);
        let err = common::within_30s("reading the profile file", move || provider.load()).unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::Unreadable, "{err}");
        let named = err.message().contains(path.to_str().unwrap());
        assert!(named && err.message().contains(what), "{err}");
    }
}

/// A call that timed out waiting for the profile file leaves no reader thread behind
/// that would keep the runtime (and the process) from shutting down.
#[cfg(unix)]
#[test]
fn a_runtime_reading_a_fifo_profile_shuts_down() {
    let (_dir, fifo) = common::temp_fifo();
    let provider = ProfileProvider::with_paths([fifo]);
    let read = common::in_own_runtime("the runtime's shutdown", move || async move {
        tokio::time::timeout(Duration::from_millis(200), provider.provide_credentials()).await
    });
    let err = read.expect("an answer, not a timeout").unwrap_err();
    assert!(err.message().contains("a FIFO"), "{err}");
}

#[test]
fn a_profile_file_over_64_kib_is_refused_naming_the_bound() {
    const LIMIT: usize = 64 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big");
    common::sparse_file(&big, 20 << 20);
    let err = ProfileProvider::with_paths([big.clone()]).load().unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable, "{err}");
    assert!(err.message().contains(big.to_str().unwrap()) && err.message().contains("65536 bytes"), "{err}");
    // Exactly the bound is read; a byte more is not.
    let text = "[default]\nsecret_id = AKIDbig\nsecret_key = big-key\n";
    let padded = |len: usize| format!("{text}#{}\n", "x".repeat(len - text.len() - 2));
    fs::write(&big, padded(LIMIT)).unwrap();
    assert_eq!(ProfileProvider::with_paths([big.clone()]).load().unwrap().secret_id(), "AKIDbig");
    fs::write(&big, padded(LIMIT + 1)).unwrap();
    let err = ProfileProvider::with_paths([big]).load().unwrap_err();
    assert!(err.message().contains("65536 bytes"), "{err}");
}
