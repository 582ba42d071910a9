//! The generated example program `trtc_v20190722_describe_user_info`, run as a separate process against
//! a loopback server that verifies TC3 signatures with its own implementation: with
//! credentials from the environment, from the profile file, and with a token.
//!
//! The program is built by `cargo test --workspace` (examples of workspace members are
//! compiled for tests); run alone, build it first with
//! `cargo build -p tencentcloud-trtc --examples`.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tencentcloud_sdk_tests::loopback::LoopbackServer;

const ID: &str = "AKIDEXAMPLEPROGRAM";
const KEY: &str = "ExampleProgramSecretKey000000000";

fn program() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let debug = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
    let path =
        debug.join("examples").join(format!("trtc_v20190722_describe_user_info{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is missing: run `cargo test --workspace`, or `cargo build -p tencentcloud-trtc --examples` first",
        path.display()
    );
    path
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

const OK: &str = r#"{"Response": {"Total": 1, "UserList": [{"RoomStr": "218695", "UserId": "user1", "JoinTs": 1,
  "LeaveTs": 2, "Finished": true, "DeviceType": "", "SdkVersion": "4.3.14", "ClientIp": "10.4.1.13"}],
  "RequestId": "example-ok"}}"#;

async fn server() -> LoopbackServer {
    LoopbackServer::start(
        &[(ID, KEY)],
        Arc::new(|r| match &r.signature {
            Ok(()) => (200, OK.to_owned()),
            Err(why) => (
                200,
                format!(
                    r#"{{"Response": {{"Error": {{"Code": "AuthFailure.SignatureFailure", "Message": "{}"}}, "RequestId": "bad-sig"}}}}"#,
                    why.replace('"', "'")
                ),
            ),
        }),
    )
    .await
}

/// Runs the program with only `env` in its environment (plus HOME = `home`).
async fn run(home: &std::path::Path, env: &[(&str, String)], extra: &[&str]) -> Output {
    let (start, end) = (now() - 600, now() - 60);
    let mut cmd = Command::new(program());
    cmd.env_clear().env("HOME", home);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(["--comm-id", "1400188366_218695_1590065777", "--sdk-app-id", "1400188366"])
        .args(["--start-time", &start.to_string(), "--end-time", &end.to_string()])
        .args(["--user-id", "user1", "--user-id", "user2", "--page-size=10"])
        .args(extra);
    tokio::task::spawn_blocking(move || cmd.output()).await.expect("join").expect("run the example program")
}

fn stdout_json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "exit {:?}; stderr: {}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn base_env(server: &LoopbackServer) -> Vec<(&'static str, String)> {
    vec![("TENCENTCLOUD_REGION", "ap-guangzhou".to_owned()), ("TENCENTCLOUD_ENDPOINT", server.url())]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_from_the_environment() {
    let server = server().await;
    let home = tempfile::tempdir().expect("home");
    let mut env = base_env(&server);
    env.push(("TENCENTCLOUD_SECRET_ID", ID.to_owned()));
    env.push(("TENCENTCLOUD_SECRET_KEY", KEY.to_owned()));
    let json = stdout_json(&run(home.path(), &env, &[]).await);
    assert_eq!(json["RequestId"], "example-ok");
    assert_eq!(json["UserList"][0]["UserId"], "user1");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].signature, Ok(()));
    assert_eq!(received[0].header("X-TC-Token"), None);
    assert_eq!(received[0].header("X-TC-Region"), Some("ap-guangzhou"));
    let body: serde_json::Value = serde_json::from_slice(&received[0].body).expect("JSON body");
    assert_eq!(body["UserIds"], serde_json::json!(["user1", "user2"]));
    assert_eq!(body["PageSize"], 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_from_the_profile_file() {
    let server = server().await;
    let home = tempfile::tempdir().expect("home");
    std::fs::create_dir_all(home.path().join(".tencentcloud")).expect("mkdir");
    std::fs::write(
        home.path().join(".tencentcloud/credentials"),
        format!("[default]\nsecret_id = {ID}\nsecret_key = {KEY}\n"),
    )
    .expect("write profile");
    let json = stdout_json(&run(home.path(), &base_env(&server), &[]).await);
    assert_eq!(json["RequestId"], "example-ok");
    let received = server.received();
    assert_eq!(received[0].signature, Ok(()));
    assert!(received[0].header("Authorization").is_some_and(|a| a.contains(ID)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn temporary_credentials_with_a_token() {
    let server = server().await;
    let home = tempfile::tempdir().expect("home");
    let mut env = base_env(&server);
    env.push(("TENCENTCLOUD_SECRET_ID", ID.to_owned()));
    env.push(("TENCENTCLOUD_SECRET_KEY", KEY.to_owned()));
    env.push(("TENCENTCLOUD_TOKEN", "TEMP-TOKEN-123".to_owned()));
    stdout_json(&run(home.path(), &env, &[]).await);
    let received = server.received();
    assert_eq!(received[0].signature, Ok(()));
    assert_eq!(received[0].header("X-TC-Token"), Some("TEMP-TOKEN-123"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_error_goes_to_stderr_with_a_failing_status() {
    let server = server().await;
    let home = tempfile::tempdir().expect("home");
    let mut env = base_env(&server);
    env.push(("TENCENTCLOUD_SECRET_ID", ID.to_owned()));
    env.push(("TENCENTCLOUD_SECRET_KEY", "wrong-key".to_owned()));
    let out = run(home.path(), &env, &[]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("AuthFailure.SignatureFailure: signature "), "{stderr}");
    assert!(stderr.contains("RequestId: bad-sig"), "{stderr}");
    assert!(!stderr.contains("wrong-key"), "the secret must not be printed: {stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_text_cannot_forge_terminal_output() {
    let server = LoopbackServer::start(
        &[(ID, KEY)],
        Arc::new(|_| {
            (
                200,
                r#"{"Response": {"Error": {"Code": "X\u001b[2J\u001b[31m", "Message": "line one\nFAKE: forged\r\u202e"}, "RequestId": "id\u001b]0;title\u0007"}}"#
                    .to_owned(),
            )
        }),
    )
    .await;
    let home = tempfile::tempdir().expect("home");
    let mut env = base_env(&server);
    env.push(("TENCENTCLOUD_SECRET_ID", ID.to_owned()));
    env.push(("TENCENTCLOUD_SECRET_KEY", KEY.to_owned()));
    let out = run(home.path(), &env, &[]).await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\r') && !stderr.contains('\u{202e}'), "{stderr:?}");
    assert!(stderr.starts_with("X\\u{1b}[2J\\u{1b}[31m: line one\\nFAKE: forged\\r\\u{202e}\n"), "{stderr:?}");
    assert_eq!(stderr.lines().count(), 2, "the message stays on its line: {stderr:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_flags_and_invalid_values_are_refused_before_sending() {
    let server = server().await;
    let home = tempfile::tempdir().expect("home");
    let mut env = base_env(&server);
    env.push(("TENCENTCLOUD_SECRET_ID", ID.to_owned()));
    env.push(("TENCENTCLOUD_SECRET_KEY", KEY.to_owned()));
    let out = run(home.path(), &env, &["--no-such-flag", "1"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown flag --no-such-flag"));
    let out = run(home.path(), &env, &["--page-size", "500"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("InvalidParameter.PageSizeOversize"));
    assert!(server.received().is_empty(), "nothing reaches the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_command_runs_as_pasted() {
    let server = server().await;
    let home = tempfile::tempdir().expect("home");
    let args =
        tencentcloud_sdk_tests::readme::command("## The example program", "cargo run -p tencentcloud-trtc", true);
    let mut cmd = Command::new(program());
    cmd.env_clear().env("HOME", home.path()).args(&args);
    for (k, v) in base_env(&server) {
        cmd.env(k, v);
    }
    cmd.env("TENCENTCLOUD_SECRET_ID", ID).env("TENCENTCLOUD_SECRET_KEY", KEY);
    let out = tokio::task::spawn_blocking(move || cmd.output()).await.expect("join").expect("run the example program");
    assert_eq!(stdout_json(&out)["RequestId"], "example-ok", "{args:?}");
    assert_eq!(server.received().len(), 1);
}
