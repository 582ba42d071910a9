//! The command line's engine, run in-process on trtc's generated action table against
//! the loopback server: JSON and table output, validation before sending (exit 2, no
//! request), a service error (exit 1, code and message), `--cli-input-json`, the
//! skeleton, an action's help, and `--version` choosing between two versions of one
//! service. (`generated/cli/tests` runs the binary itself.)

use std::ffi::OsString;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tencentcloud_cli_core::{run, ActionEntry, ServiceEntry};
use tencentcloud_runtime::credentials::Env;
use tencentcloud_sdk_tests::loopback::LoopbackServer;
use tencentcloud_sdk_tests::{SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::v20190722::operation::describe_user_info::DescribeUserInfoRequest;

static SERVICES: &[&ServiceEntry] = &[&tencentcloud_trtc::v20190722::dynamic::SERVICE];

const OK: &str = r#"{"Response": {"Total": 1, "UserList": [{"UserId": "u1", "RoomStr": "218695", "JoinTs": 1, "LeaveTs": 2, "Finished": true, "DeviceType": "", "SdkVersion": "", "ClientIp": ""}], "RequestId": "cli-1"}}"#;

async fn cli(args: &[&str]) -> (i32, String, String) {
    cli_with(SERVICES, args).await
}

async fn cli_with(services: &[&'static ServiceEntry], args: &[&str]) -> (i32, String, String) {
    let env = Env::from_map([("TENCENTCLOUD_SECRET_ID", SECRET_ID), ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)]);
    cli_in(services, env, args).await
}

/// Runs the command line on `args` with the environment `env`: exit code, stdout, stderr.
async fn cli_in(services: &[&'static ServiceEntry], env: Env, args: &[&str]) -> (i32, String, String) {
    let argv: Vec<OsString> = std::iter::once("tencentcloud").chain(args.iter().copied()).map(OsString::from).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(argv, services, env, &mut out, &mut err).await;
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// Runs the command line with the test's credentials and `vars` in its environment.
/// Runs the command line with only `vars` in its environment (no credentials).
async fn cli_only_env(vars: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    cli_in(SERVICES, Env::from_map(vars.iter().copied()), args).await
}

/// `trtc DescribeUserInfo` with its required parameters (times within the last hour),
/// then `extra`: the arguments of a valid call. The two times are leaked, a few bytes
/// per test, so that the arguments are `&str` like the others.
fn describe<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let (start, end) = times();
    let (start, end): (&'static str, &'static str) = (start.leak(), end.leak());
    let mut args =
        vec!["trtc", "DescribeUserInfo", "--CommId", "c", "--SdkAppId", "1", "--StartTime", start, "--EndTime", end];
    args.extend_from_slice(extra);
    args
}

/// A start and end time within the last hour: the spec limits their age.
fn times() -> (String, String) {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    ((now - 200).to_string(), (now - 100).to_string())
}

/// The JSON body of the `index`th request `server` received.
fn sent(server: &LoopbackServer, index: usize) -> serde_json::Value {
    serde_json::from_str(&server.received()[index].body_str()).expect("a JSON body")
}

async fn server(status: u16, body: &'static str) -> LoopbackServer {
    LoopbackServer::start(&[(SECRET_ID, SECRET_KEY)], Arc::new(move |_| (status, body.to_owned()))).await
}

#[tokio::test]
async fn a_call_prints_json_and_tables() {
    let server = server(200, OK).await;
    let (start, end) = times();
    let url = server.url();
    let base = [
        "trtc",
        "DescribeUserInfo",
        "--CommId",
        "218695",
        "--StartTime",
        &start,
        "--EndTime",
        &end,
        "--SdkAppId",
        "1400188366",
        "--UserIds",
        "u1",
        "u2",
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
    ];
    let (code, out, err) = cli(&base).await;
    assert_eq!(code, 0, "{err}");
    let printed: serde_json::Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(printed["Total"], 1);
    assert_eq!(printed["UserList"][0]["UserId"], "u1");
    let sent: serde_json::Value = serde_json::from_str(&server.received()[0].body_str()).expect("body");
    assert_eq!(sent["UserIds"], serde_json::json!(["u1", "u2"]));
    assert_eq!(sent["SdkAppId"], 1_400_188_366, "typed as an integer");
    assert_eq!(sent["CommId"], "218695", "text stays text, even when it reads as a number");
    assert_eq!(server.received()[0].header("X-TC-Action"), Some("DescribeUserInfo"));

    let mut table = base.to_vec();
    table.extend(["--output", "table"]);
    let (code, out, err) = cli(&table).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l.starts_with("Total") && l.ends_with("| 1")), "{out}");
    assert!(
        out.contains("UserList:") && out.lines().any(|l| l.starts_with("UserId") || l.contains("| UserId")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("u1 ") || l.contains("| u1 ")), "{out}");
}

#[tokio::test]
async fn parameters_from_a_file_are_overridden_by_the_command_line() {
    let server = server(200, OK).await;
    let (start, end) = times();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("params.json");
    let params =
        format!(r#"{{"CommId": "from-file", "StartTime": {start}, "EndTime": {end}, "SdkAppId": 1, "PageSize": 5}}"#);
    std::fs::write(&file, params).expect("write");
    let url = server.url();
    let path = file.to_string_lossy().into_owned();
    let args = [
        "trtc",
        "DescribeUserInfo",
        "--cli-input-json",
        &path,
        "--SdkAppId",
        "7",
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
    ];
    let (code, _, err) = cli(&args).await;
    assert_eq!(code, 0, "{err}");
    let sent: serde_json::Value = serde_json::from_str(&server.received()[0].body_str()).expect("body");
    assert_eq!(
        (sent["CommId"].as_str(), sent["SdkAppId"].as_u64(), sent["PageSize"].as_u64()),
        (Some("from-file"), Some(7), Some(5))
    );
}

#[tokio::test]
async fn invalid_parameters_are_refused_before_sending() {
    let server = server(200, OK).await;
    let (start, end) = times();
    let url = server.url();
    let common = [
        "trtc",
        "DescribeUserInfo",
        "--CommId",
        "c",
        "--StartTime",
        &start,
        "--EndTime",
        &end,
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
    ];
    // The spec's constraint: PageSize at most 100.
    let mut args = common.to_vec();
    args.extend(["--SdkAppId", "1", "--PageSize", "1000"]);
    let (code, out, err) = cli(&args).await;
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.starts_with("error: refused before sending"), "marked as the client's own refusal: {err}");
    assert!(!err.contains("[InvalidParameter"), "not formatted like a server's answer: {err}");
    assert!(
        err.contains(
            "PageSize must be at most 100, got 1000 (the server would answer InvalidParameter.PageSizeOversize)"
        ),
        "{err}"
    );
    // A value of the wrong type, named.
    let mut args = common.to_vec();
    args.extend(["--SdkAppId", "abc"]);
    let (code, _, err) = cli(&args).await;
    assert_eq!(code, 2);
    assert!(err.contains("parameter SdkAppId: expected Integer"), "{err}");
    // A required parameter missing, named.
    let (code, _, err) = cli(&common).await;
    assert_eq!(code, 2);
    assert!(err.contains("SdkAppId"), "{err}");
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_service_error_exits_1_with_code_and_message() {
    let server = server(
        200,
        r#"{"Response": {"Error": {"Code": "ResourceNotFound", "Message": "no such room"}, "RequestId": "cli-err"}}"#,
    )
    .await;
    let (start, end) = times();
    let url = server.url();
    let args = [
        "trtc",
        "DescribeUserInfo",
        "--CommId",
        "c",
        "--StartTime",
        &start,
        "--EndTime",
        &end,
        "--SdkAppId",
        "1",
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
    ];
    let (code, out, err) = cli(&args).await;
    assert_eq!(code, 1, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("[ResourceNotFound] no such room (request id cli-err)"), "{err}");
}

#[tokio::test]
async fn skeleton_and_help_come_from_the_spec() {
    let (code, out, err) = cli(&["trtc", "DescribeUserInfo", "--generate-cli-skeleton"]).await;
    assert_eq!(code, 0, "{err}");
    let skeleton: serde_json::Value = serde_json::from_str(&out).expect("JSON skeleton");
    assert_eq!(skeleton["SdkAppId"], 0);
    assert_eq!(skeleton["CommId"], "");
    assert_eq!(skeleton["UserIds"], serde_json::Value::Null, "optional: null, which is ignored");

    let (code, out, _) = cli(&["trtc", "DescribeUserInfo", "--help"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("Queries the user list") && out.contains("--SdkAppId <Integer>"), "{out}");
    assert!(out.contains("At most `100`"), "constraints are shown: {out}");
    // tccli's spelling of the same.
    let (code, detail, _) = cli(&["trtc", "DescribeUserInfo", "help", "--detail"]).await;
    assert_eq!((code, detail.as_str()), (0, out.as_str()));
    let (code, plain, _) = cli(&["trtc", "DescribeUserInfo", "help"]).await;
    assert_eq!((code, plain.as_str()), (0, out.as_str()));

    let (code, out, _) = cli(&["trtc", "--help"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("DescribeUserInfo") && out.contains("StartWebRecord"), "{out}");

    let (code, _, err) = cli(&["trtc", "NoSuchAction"]).await;
    assert_eq!(code, 2, "{err}");
}

/// A made-up older version of trtc with one action of its own, so that the version that
/// answers shows.
static OLD_TRTC: ServiceEntry = ServiceEntry {
    name: "trtc",
    version: "2018-01-01",
    title: "TRTC, an older version (test only)",
    actions: &[ActionEntry {
        name: "DescribeOldThing",
        summary: "An action only the older version has.",
        doc: "",
        params: &[],
        skeleton: "{}",
        call: tencentcloud_runtime::dynamic::call::<DescribeUserInfoRequest>,
        stream: None,
        binary: None,
    }],
};

/// Both versions of trtc, the older one listed first.
static TWO_VERSIONS: &[&ServiceEntry] = &[&OLD_TRTC, &tencentcloud_trtc::v20190722::dynamic::SERVICE];

#[tokio::test]
async fn version_chooses_the_api_version_and_the_newest_is_the_default() {
    let (code, out, err) = cli_with(TWO_VERSIONS, &["--help"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().filter(|l| l.trim_start().starts_with("trtc ")).count(), 1, "one service: {out}");

    let (code, out, err) = cli_with(TWO_VERSIONS, &["trtc", "--help"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2019-07-22") && out.contains("2018-01-01"), "the versions are listed: {out}");
    assert!(out.contains("DescribeUserInfo") && !out.contains("DescribeOldThing"), "the newest by default: {out}");

    let (code, _, err) = cli_with(TWO_VERSIONS, &["trtc", "DescribeOldThing", "--help"]).await;
    assert_eq!(code, 2, "not an action of the newest version: {err}");
    for version in ["2018-01-01", "v20180101"] {
        let (code, out, err) =
            cli_with(TWO_VERSIONS, &["trtc", "--version", version, "DescribeOldThing", "--help"]).await;
        assert_eq!(code, 0, "{version}: {err}");
        assert!(out.contains("An action only the older version has"), "{version}: {out}");
        let (code, out, err) =
            cli_with(TWO_VERSIONS, &["trtc", "DescribeOldThing", "--generate-cli-skeleton", "--version", version])
                .await;
        assert_eq!((code, out.trim()), (0, "{}"), "{version}: {err}");
    }
    let (code, out, err) =
        cli_with(TWO_VERSIONS, &["trtc", "DescribeUserInfo", "--version=2019-07-22", "--generate-cli-skeleton"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("SdkAppId"), "{out}");

    let (code, out, err) = cli_with(TWO_VERSIONS, &["trtc", "DescribeUserInfo", "--version", "2017-01-01"]).await;
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("2017-01-01") && err.contains("2018-01-01, 2019-07-22"), "{err}");
}

#[tokio::test]
async fn a_call_is_sent_with_the_chosen_version() {
    let server = server(200, OK).await;
    let (start, end) = times();
    let url = server.url();
    let mut args = vec!["trtc", "DescribeUserInfo", "--version", "v20190722", "--CommId", "218695"];
    args.extend(["--StartTime", &start, "--EndTime", &end, "--SdkAppId", "1400188366", "--UserIds", "u1"]);
    args.extend(["--region", "ap-guangzhou", "--endpoint", &url]);
    let (code, _, err) = cli_with(TWO_VERSIONS, &args).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.received()[0].header("X-TC-Version"), Some("2019-07-22"));
}

#[tokio::test]
async fn an_endpoint_with_a_password_is_refused_without_echoing_it() {
    let (start, end) = times();
    let args = ["trtc", "DescribeUserInfo", "--CommId", "1", "--StartTime", &start, "--EndTime", &end];
    let mut args = args.to_vec();
    args.extend([
        "--SdkAppId",
        "1400188366",
        "--region",
        "ap-guangzhou",
        "--endpoint",
        "http://user:s3cret@127.0.0.1:9",
    ]);
    let (code, out, err) = cli(&args).await;
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("user information") && err.contains("127.0.0.1:9"), "{err}");
    assert!(!err.contains("s3cret") && !out.contains("s3cret"), "{err}");
}

/// Server text with a C1 control (CSI, U+009B), a bidirectional override (U+202E) and
/// DEL, in a nested member and in a member name.
const FORGING: &str = r#"{"Response": {"Total": 1, "UserList": [{"UserId": "u\u009b2J\u202eevil\u007f", "RoomStr": "r", "JoinTs": 1, "LeaveTs": 2, "Finished": true, "DeviceType": "\u202d", "SdkVersion": "", "ClientIp": ""}], "RequestId": "id\u009b"}}"#;

/// Whether `text` holds a character that could change how a terminal shows the output.
fn forges(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

#[tokio::test]
async fn server_text_is_escaped_in_json_and_table_output() {
    let server = server(200, FORGING).await;
    let (start, end) = times();
    let url = server.url();
    let mut args = vec!["trtc", "DescribeUserInfo", "--CommId", "c", "--StartTime", &start, "--EndTime", &end];
    args.extend(["--SdkAppId", "1", "--region", "ap-guangzhou", "--endpoint", &url]);
    let (code, out, err) = cli(&args).await;
    assert_eq!(code, 0, "{err}");
    assert!(!forges(&out), "{out:?}");
    // Still JSON, with the server's text as it was.
    let printed: serde_json::Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(printed["UserList"][0]["UserId"], "u\u{9b}2J\u{202e}evil\u{7f}");
    assert_eq!(printed["RequestId"], "id\u{9b}");

    args.extend(["--output", "table"]);
    let (code, out, err) = cli(&args).await;
    assert_eq!(code, 0, "{err}");
    assert!(!forges(&out), "{out:?}");
    assert!(out.contains("u\\u009b2J\\u202eevil\\u007f"), "{out}");
}

async fn cli_env(vars: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut all = vec![("TENCENTCLOUD_SECRET_ID", SECRET_ID), ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)];
    all.extend_from_slice(vars);
    let argv: Vec<OsString> = std::iter::once("tencentcloud").chain(args.iter().copied()).map(OsString::from).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(argv, SERVICES, Env::from_map(all), &mut out, &mut err).await;
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

#[tokio::test]
async fn region_messages_say_what_to_type() {
    let server = server(200, OK).await;
    let url = server.url();
    let call = describe(&["--endpoint", &url]);
    // No region: the option and the variable, not a Rust API.
    let (code, _, err) = cli_env(&[], &call).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--region") && err.contains("TENCENTCLOUD_REGION"), "{err}");
    assert!(!err.contains("ConfigBuilder"), "{err}");
    // An empty variable is reported as empty.
    let (code, _, err) = cli_env(&[("TENCENTCLOUD_REGION", "")], &call).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("TENCENTCLOUD_REGION is set but empty"), "{err}");
    // A region the action does not serve: said once, refused before sending.
    let mut wrong = call.to_vec();
    wrong.extend(["--region", "ap-guangzho"]);
    let (code, _, err) = cli_env(&[], &wrong).await;
    assert_eq!(code, 2, "{err}");
    assert!(!err.to_lowercase().contains("region region"), "{err}");
    assert!(err.contains("Region ap-guangzho") || err.contains("Region is ap-guangzho"), "{err}");
    assert!(err.starts_with("error: refused before sending"), "{err}");
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn every_missing_required_parameter_is_reported_at_once() {
    let (code, _, err) = cli(&["trtc", "DescribeUserInfo", "--CommId", "c", "--region", "ap-guangzhou"]).await;
    assert_eq!(code, 2, "{err}");
    for name in ["StartTime", "EndTime", "SdkAppId"] {
        assert!(err.contains(name), "{name} missing from: {err}");
    }
    assert!(!err.contains("CommId"), "{err}");
}

/// A proxy on loopback that records the first line of each request (`CONNECT host:443
/// HTTP/1.1` for HTTPS) and refuses it.
async fn refusing_proxy() -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&lines);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = vec![0u8; 4096];
            let n = stream.read(&mut buf).await.unwrap_or(0);
            let text = String::from_utf8_lossy(&buf[..n]).into_owned();
            seen.lock().expect("lock").push(text.lines().next().unwrap_or_default().to_owned());
            let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n").await;
        }
    });
    (url, lines)
}

#[tokio::test]
async fn root_domain_and_https_proxy_choose_where_the_call_goes() {
    let (proxy, lines) = refusing_proxy().await;
    let args =
        describe(&["--region", "ap-guangzhou", "--root-domain", "intl.tencentcloudapi.com", "--https-proxy", &proxy]);
    let (code, _, err) = cli(&args).await;
    assert_eq!(code, 3, "a network error: {err}");
    let lines = lines.lock().expect("lock").clone();
    assert_eq!(lines.first().map(String::as_str), Some("CONNECT trtc.intl.tencentcloudapi.com:443 HTTP/1.1"), "{err}");
    // From the environment too.
    let (proxy, lines) = refusing_proxy().await;
    let mut args = args[..12].to_vec();
    args.extend(["--https-proxy", &proxy]);
    let (code, _, err) = cli_env(&[("TENCENTCLOUD_ROOT_DOMAIN", "example.com")], &args).await;
    assert_eq!(code, 3, "{err}");
    let lines = lines.lock().expect("lock").clone();
    assert_eq!(lines.first().map(String::as_str), Some("CONNECT trtc.example.com:443 HTTP/1.1"), "{err}");
}

#[tokio::test]
async fn the_readme_commands_run_as_pasted() {
    use tencentcloud_sdk_tests::readme::command;
    // The first call of "From clone to a first call", the region from the environment
    // the README sets: given here as the option.
    let mut newcomer = command("## From clone to a first call", "tencentcloud trtc DescribeUserInfo", false);
    newcomer.remove(0);
    newcomer.extend(["--region".to_owned(), "ap-guangzhou".to_owned()]);
    let reference = command("## The `tencentcloud` command line", "cargo run -p tencentcloud-cli", true);
    for args in [newcomer, reference] {
        let server = server(200, OK).await;
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        let url = server.url();
        args.extend(["--endpoint", &url]);
        let (code, out, err) = cli(&args).await;
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("u1"), "{out}");
        assert_eq!(server.received().len(), 1);
    }
}

#[tokio::test]
async fn a_skeleton_with_its_required_fields_filled_in_is_a_valid_request() {
    let server = server(200, OK).await;
    let (_, out, _) = cli(&["trtc", "DescribeUserInfo", "--generate-cli-skeleton"]).await;
    let mut skeleton: serde_json::Value = serde_json::from_str(&out).expect("JSON skeleton");
    let (start, end) = times();
    let filled = [
        ("CommId", serde_json::json!("218695")),
        ("SdkAppId", serde_json::json!(1400188366)),
        ("StartTime", serde_json::json!(start.parse::<u64>().expect("a time"))),
        ("EndTime", serde_json::json!(end.parse::<u64>().expect("a time"))),
    ];
    for (name, value) in filled {
        skeleton[name] = value;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("params.json");
    std::fs::write(&path, skeleton.to_string()).expect("write params.json");
    let path = path.to_str().expect("a UTF-8 path");
    let url = server.url();
    let args = ["trtc", "DescribeUserInfo", "--cli-input-json", path, "--region", "ap-guangzhou", "--endpoint", &url];
    let (code, _, err) = cli(&args).await;
    assert_eq!(code, 0, "{skeleton}: {err}");
    let sent = sent(&server, 0);
    let mut names: Vec<&String> = sent.as_object().expect("an object").keys().collect();
    names.sort();
    assert_eq!(names, ["CommId", "EndTime", "SdkAppId", "StartTime"], "only what was filled in is sent");
}

#[tokio::test]
async fn version_suggestions_and_an_action_help_apart_from_global_options() {
    let (code, out, err) = cli(&["--version"]).await;
    assert_eq!(code, 0, "{err}");
    let version = out.trim_end().strip_prefix("tencentcloud ").unwrap_or_default();
    assert!(version.split('.').count() == 3 && version.split('.').all(|n| n.parse::<u32>().is_ok()), "{out}");
    // A mistyped action, a mistyped parameter: did you mean.
    let (code, _, err) = cli(&["trtc", "DescribeUserInfoo"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("'DescribeUserInfo'"), "{err}");
    let (code, _, err) = cli(&["trtc", "DescribeUserInfo", "--SdkAppID", "1"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("'--SdkAppId'"), "{err}");
    // The action's parameters, then the global options, each under its heading.
    let (code, out, _) = cli(&["trtc", "DescribeUserInfo", "--help"]).await;
    assert_eq!(code, 0);
    let (parameters, global) = (out.find("Parameters:"), out.find("Global options:"));
    let (Some(parameters), Some(global)) = (parameters, global) else { panic!("{out}") };
    assert!(parameters < global, "{out}");
    assert!(out[parameters..global].contains("--SdkAppId") && !out[parameters..global].contains("--region"), "{out}");
    assert!(out[global..].contains("--region") && !out[global..].contains("--SdkAppId"), "{out}");
}

#[tokio::test]
async fn exit_codes_tell_refused_server_network_and_credentials_apart() {
    let (code, out, _) = cli(&["--help"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("Exit codes:"), "{out}");
    // The server answered with an error.
    let server =
        server(200, r#"{"Response": {"Error": {"Code": "ResourceNotFound", "Message": "m"}, "RequestId": "r"}}"#).await;
    let url = server.url();
    let call = describe(&["--region", "ap-guangzhou", "--endpoint", &url]);
    assert_eq!(cli(&call).await.0, 1);
    // Refused before sending.
    let mut refused = call.clone();
    refused.extend(["--PageSize", "0"]);
    assert_eq!(cli(&refused).await.0, 2);
    // The network: nothing listens.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let (code, _, err) = cli(&describe(&["--region", "ap-guangzhou", "--endpoint", &closed])).await;
    assert_eq!(code, 3, "{err}");
    // No credentials anywhere.
    let home = tempfile::tempdir().expect("home");
    let none = home.path().join("none");
    let env = [
        ("HOME", home.path().to_str().expect("UTF-8")),
        ("TENCENTCLOUD_CREDENTIALS_FILE", none.to_str().expect("UTF-8")),
    ];
    let (code, _, err) = cli_only_env(&env, &call).await;
    assert_eq!(code, 4, "{err}");
}

/// A home directory with a tccli setup: `~/.tccli/<profile>.credential` and `.configure`.
fn tccli_home(profiles: &[(&str, &str, &str, &str)]) -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join(".tccli");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (profile, id, key, region) in profiles {
        let credential = serde_json::json!({"secretId": id, "secretKey": key});
        std::fs::write(dir.join(format!("{profile}.credential")), credential.to_string()).expect("write");
        let configure = serde_json::json!({"_sys_param": {"region": region, "output": "table", "arrayCount": 10},
            "cvm": {"endpoint": "cvm.tencentcloudapi.com", "version": "2017-03-12"}});
        std::fs::write(dir.join(format!("{profile}.configure")), configure.to_string()).expect("write");
    }
    home
}

#[tokio::test]
async fn an_existing_tccli_setup_is_read_credentials_region_and_output() {
    const OTHER_ID: &str = "AKIDotherprofile";
    const OTHER_KEY: &str = "other-profile-key";
    let server =
        LoopbackServer::start(&[(SECRET_ID, SECRET_KEY), (OTHER_ID, OTHER_KEY)], Arc::new(|_| (200, OK.to_owned())))
            .await;
    let home =
        tccli_home(&[("default", SECRET_ID, SECRET_KEY, "ap-guangzhou"), ("prod", OTHER_ID, OTHER_KEY, "ap-beijing")]);
    let home_dir = home.path().to_str().expect("UTF-8");
    let url = server.url();
    let call = describe(&["--endpoint", &url]);
    let (code, out, err) = cli_only_env(&[("HOME", home_dir)], &call).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l.starts_with("Total") && l.ends_with("| 1")), "the profile's output, table: {out}");
    let sent = &server.received()[0];
    assert_eq!(sent.signature, Ok(()));
    assert!(sent.header("Authorization").is_some_and(|a| a.contains(SECRET_ID)));
    assert_eq!(sent.header("X-TC-Region"), Some("ap-guangzhou"));
    // Another profile: by option, and by TCCLI_PROFILE as tccli reads it.
    let mut prod = call.to_vec();
    prod.extend(["--profile", "prod", "--output", "json"]);
    let (code, out, err) = cli_only_env(&[("HOME", home_dir)], &prod).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with('{'), "--output wins over the profile's: {out}");
    let (code, _, err) = cli_only_env(&[("HOME", home_dir), ("TCCLI_PROFILE", "prod")], &call).await;
    assert_eq!(code, 0, "{err}");
    for sent in &server.received()[1..] {
        assert!(
            sent.header("Authorization").is_some_and(|a| a.contains(OTHER_ID)),
            "{:?}",
            sent.header("Authorization")
        );
        assert_eq!(sent.header("X-TC-Region"), Some("ap-beijing"));
    }
    // The environment wins over the profile; --region over both.
    let env = [("HOME", home_dir), ("TENCENTCLOUD_SECRET_ID", OTHER_ID), ("TENCENTCLOUD_SECRET_KEY", OTHER_KEY)];
    let mut region = call.to_vec();
    region.extend(["--region", "na-toronto"]);
    let (code, _, err) = cli_only_env(&env, &region).await;
    assert_eq!(code, 0, "{err}");
    let sent = server.received().pop().expect("a request");
    assert!(sent.header("Authorization").is_some_and(|a| a.contains(OTHER_ID)));
    assert_eq!(sent.header("X-TC-Region"), Some("na-toronto"));
    // A profile named but absent is an error, not a silent fallback.
    let mut missing = call.to_vec();
    missing.extend(["--profile", "nosuch"]);
    let (code, _, err) = cli_only_env(&[("HOME", home_dir)], &missing).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nosuch") && err.contains(".tccli"), "{err}");
    // A malformed credential file is an error too.
    std::fs::write(home.path().join(".tccli/default.credential"), "{\"secretId\": ").expect("write");
    let (code, _, err) = cli_only_env(&[("HOME", home_dir)], &call).await;
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("default.credential"), "{err}");
}

#[tokio::test]
async fn configure_set_get_list_keep_a_tccli_setup() {
    let home = tccli_home(&[("p", "AKIDold", "old-key-0000", "ap-guangzhou")]);
    let home_dir = home.path().to_str().expect("UTF-8");
    let env = [("HOME", home_dir)];
    let set = [
        "configure",
        "set",
        "region",
        "ap-beijing",
        "secretId",
        "AKIDnew",
        "secretKey",
        "new-key-1234",
        "--profile",
        "p",
    ];
    let (code, _, err) = cli_only_env(&env, &set).await;
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = cli_only_env(&env, &["configure", "get", "region", "secretId", "--profile", "p"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "region = ap-beijing\nsecretId = AKIDnew\n");
    let (code, out, err) = cli_only_env(&env, &["configure", "list", "--profile", "p"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("secretId = AKIDnew") && out.contains("region = ap-beijing"), "{out}");
    assert!(out.contains("secretKey = ") && !out.contains("new-key-1234"), "the key is masked: {out}");
    // The files stay tccli's: other members kept.
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(home.path().join(".tccli").join(name)).expect("read"))
            .expect("JSON")
    };
    let configure = read("p.configure");
    assert_eq!(configure["_sys_param"]["region"], "ap-beijing");
    assert_eq!(configure["_sys_param"]["output"], "table");
    assert_eq!(configure["cvm"]["version"], "2017-03-12");
    assert_eq!(read("p.credential"), serde_json::json!({"secretId": "AKIDnew", "secretKey": "new-key-1234"}));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.path().join(".tccli/p.credential")).expect("stat").permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads the credential: {mode:o}");
    }
    // A new profile, the default one, in a fresh home.
    let fresh = tempfile::tempdir().expect("home");
    let env = [("HOME", fresh.path().to_str().expect("UTF-8"))];
    let (code, _, err) = cli_only_env(&env, &["configure", "set", "output", "text"]).await;
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = cli_only_env(&env, &["configure", "get", "output"]).await;
    assert_eq!(out, "output = text\n");
    let (code, _, err) = cli_only_env(&env, &["configure", "set", "output", "yaml"]).await;
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = cli_only_env(&env, &["configure", "get", "nosuch"]).await;
    assert_eq!(code, 2, "{err}");
    // `remove` deletes the profile's files; a second time there is nothing to remove.
    let env = [("HOME", home_dir)];
    let (code, out, err) = cli_only_env(&env, &["configure", "remove", "--profile", "p"]).await;
    assert_eq!((code, out.as_str()), (0, "removed profile p\n"), "{err}");
    assert!(!home.path().join(".tccli/p.credential").exists() && !home.path().join(".tccli/p.configure").exists());
    let (code, _, err) = cli_only_env(&env, &["configure", "remove", "--profile", "p"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("no profile p"), "{err}");
}

#[tokio::test]
async fn credentials_language_and_timeout_options() {
    let server = server(200, OK).await;
    let url = server.url();
    let home = tempfile::tempdir().expect("home");
    let home_dir = home.path().to_str().expect("UTF-8");
    let call = describe(&["--region", "ap-guangzhou"]);
    let mut args = call.to_vec();
    args.extend([
        "--endpoint",
        &url,
        "--secretId",
        SECRET_ID,
        "--secretKey",
        SECRET_KEY,
        "--token",
        "tok",
        "--language",
        "en-US",
    ]);
    let (code, _, err) = cli_only_env(&[("HOME", home_dir)], &args).await;
    assert_eq!(code, 0, "{err}");
    let sent = &server.received()[0];
    assert_eq!(sent.signature, Ok(()));
    assert_eq!((sent.header("X-TC-Token"), sent.header("X-TC-Language")), (Some("tok"), Some("en-US")));
    let mut bad = call.to_vec();
    bad.extend(["--endpoint", &url, "--language", "fr-FR"]);
    assert_eq!(cli(&bad).await.0, 2);
    // A server that never answers: --timeout bounds each attempt.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let silent_url = format!("http://{}", silent.local_addr().expect("address"));
    let _hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            open.push(stream);
        }
    });
    let mut slow = call.to_vec();
    slow.extend(["--endpoint", &silent_url, "--timeout", "1"]);
    let (code, _, err) = tokio::time::timeout(std::time::Duration::from_secs(120), cli(&slow)).await.expect("no hang");
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("Timeout"), "{err}");
    let mut zero = call.to_vec();
    zero.extend(["--endpoint", &url, "--timeout", "0"]);
    assert_eq!(cli(&zero).await.0, 2);
}

#[tokio::test]
async fn filter_with_jmespath_and_text_output() {
    let server = server(200, OK).await;
    let url = server.url();
    let call = describe(&["--region", "ap-guangzhou", "--endpoint", &url]);
    let with = |extra: &[&'static str]| {
        let mut args = call.to_vec();
        args.extend_from_slice(extra);
        args
    };
    let (code, out, err) = cli(&with(&["--filter", "UserList[].UserId"])).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).expect("JSON"), serde_json::json!(["u1"]));
    let (code, out, err) = cli(&with(&["--filter", "Total", "--output", "text"])).await;
    assert_eq!((code, out.as_str()), (0, "1\n"), "{err}");
    let (code, out, err) =
        cli(&with(&["--filter", "UserList[].[UserId, RoomStr, Finished]", "--output", "text"])).await;
    assert_eq!((code, out.as_str()), (0, "u1\t218695\ttrue\n"), "{err}");
    let (code, out, _) = cli(&with(&["--output", "text"])).await;
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l == "1\tcli-1"), "scalars of an object on one line: {out}");
    // A malformed expression is refused before anything is sent.
    let sent = server.received().len();
    let (code, _, err) = cli(&with(&["--filter", "UserList[."])).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--filter"), "{err}");
    assert_eq!(server.received().len(), sent);
}

#[tokio::test]
async fn text_output_escapes_each_value() {
    let body = r#"{"Response": {"Total": 1, "UserList": [{"UserId": "a\tb\nc\u001b[2J", "RoomStr": "r", "JoinTs": 1, "LeaveTs": 2, "Finished": true, "DeviceType": "", "SdkVersion": "", "ClientIp": ""}], "RequestId": "x"}}"#;
    let server = server(200, body).await;
    let url = server.url();
    let args = describe(&[
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
        "--filter",
        "UserList[].[UserId, RoomStr]",
        "--output",
        "text",
    ]);
    let (code, out, err) = cli(&args).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "a\\tb\\nc\\u{1b}[2J\tr\n", "one row, two columns, nothing raw");
}

#[tokio::test]
async fn dotted_arguments_unfold_into_nested_parameters() {
    let server = server(200, r#"{"Response": {"TaskId": "t1", "RequestId": "r"}}"#).await;
    let url = server.url();
    let args = [
        "trtc",
        "CreateCloudRecording",
        "--SdkAppId",
        "1400188366",
        "--RoomId",
        "room",
        "--UserId",
        "recorder",
        "--UserSig",
        "sig",
        "--RecordParams.RecordMode",
        "1",
        "--RecordParams.SubscribeStreamUserIds.SubscribeAudioUserIds",
        "a",
        "b",
        "--StorageParams.CloudVod.TencentVod.ExpireTime=0",
        "--MixLayoutParams.MixLayoutMode",
        "3",
        "--MixLayoutParams.MixLayoutList.0.UserId",
        "12",
        "--MixLayoutParams.MixLayoutList.0.Top",
        "5",
        "--MixLayoutParams.MixLayoutList.0.Left=0",
        "--MixLayoutParams.MixLayoutList.0.Width=320",
        "--MixLayoutParams.MixLayoutList.0.Height=240",
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
    ];
    let (code, _, err) = cli(&args).await;
    assert_eq!(code, 0, "{err}");
    let sent = sent(&server, 0);
    assert_eq!(sent["RecordParams"]["RecordMode"], 1, "an integer member takes the text of an integer");
    assert_eq!(sent["RecordParams"]["SubscribeStreamUserIds"]["SubscribeAudioUserIds"], serde_json::json!(["a", "b"]));
    assert_eq!(sent["StorageParams"]["CloudVod"]["TencentVod"]["ExpireTime"], 0);
    assert_eq!(sent["MixLayoutParams"]["MixLayoutList"][0]["UserId"], "12", "a text member keeps its text");
    assert_eq!(sent["MixLayoutParams"]["MixLayoutList"][0]["Top"], 5);
    // A dotted name that is no parameter is refused, with a suggestion.
    let (code, _, err) = cli(&["trtc", "CreateCloudRecording", "--RecordParam.RecordMode", "1"]).await;
    assert_eq!(code, 2, "{err}");
}

#[tokio::test]
async fn waiter_polls_until_the_expression_reaches_the_value() {
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let server = LoopbackServer::start(
        &[(SECRET_ID, SECRET_KEY)],
        Arc::new(move |_| {
            let n = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            (200, format!(r#"{{"Response": {{"Total": {n}, "UserList": [], "RequestId": "w{n}"}}}}"#))
        }),
    )
    .await;
    let url = server.url();
    let call = describe(&["--region", "ap-guangzhou", "--endpoint", &url]);
    let mut wait = call.to_vec();
    wait.extend(["--waiter", r#"{"expr": "Total", "to": "3", "interval": 0.01}"#]);
    let (code, out, err) = cli(&wait).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).expect("JSON")["RequestId"],
        "w3",
        "the reply that matched"
    );
    assert_eq!(server.received().len(), 3);
    // Never reached: the waiter gives up after its timeout, saying what it last saw.
    let mut never = call.to_vec();
    never.extend(["--waiter", r#"{"expr": "RequestId", "to": "done", "timeout": 0.2, "interval": 0.05}"#]);
    let (code, _, err) =
        tokio::time::timeout(std::time::Duration::from_secs(60), cli(&never)).await.expect("the waiter ends");
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("RequestId") && err.contains("done") && err.contains("\"w"), "{err}");
    // A waiter that is not one is refused before sending.
    let sent = server.received().len();
    let mut bad = call.to_vec();
    bad.extend(["--waiter", r#"{"to": "x"}"#]);
    assert_eq!(cli(&bad).await.0, 2);
    assert_eq!(server.received().len(), sent);
}

/// A server playing the CVM metadata service (an instance role `role1` whose keys are
/// `CVM_ID`/`CVM_KEY`), STS (`AssumeRole` answers `ROLE_ID`/`ROLE_KEY` with the session
/// name echoed in the token) and trtc, knowing every key.
async fn roles_server() -> LoopbackServer {
    LoopbackServer::start(
        &[(SECRET_ID, SECRET_KEY), (CVM_ID, CVM_KEY), (ROLE_ID, ROLE_KEY)],
        Arc::new(|r| {
            let expires = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) + 3600;
            match (r.method.as_str(), r.path.as_str(), r.header("X-TC-Action")) {
                ("GET", "/meta/cam/security-credentials/", _) => (200, "role1".to_owned()),
                ("GET", "/meta/cam/security-credentials/role1", _) => (
                    200,
                    serde_json::json!({
                    "TmpSecretId": CVM_ID, "TmpSecretKey": CVM_KEY, "Token": "cvm-token",
                    "ExpiredTime": expires, "Code": "Success"})
                    .to_string(),
                ),
                ("POST", _, Some("AssumeRole")) => {
                    let sent: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
                    let token = format!("role-token-{}", sent["RoleSessionName"].as_str().unwrap_or("?"));
                    (
                        200,
                        serde_json::json!({"Response": {"Credentials": {"TmpSecretId": ROLE_ID,
                        "TmpSecretKey": ROLE_KEY, "Token": token}, "ExpiredTime": expires,
                        "Expiration": "2030-01-01T00:00:00Z", "RequestId": "sts-1"}})
                        .to_string(),
                    )
                }
                _ => (200, OK.to_owned()),
            }
        }),
    )
    .await
}

const CVM_ID: &str = "AKIDcvminstancerole";
const CVM_KEY: &str = "cvm-instance-role-key";
const ROLE_ID: &str = "AKIDassumedrole";
const ROLE_KEY: &str = "assumed-role-key";

/// The `Authorization` key id and `X-TC-Token` of the trtc call among `received`.
fn call_signer(received: &[tencentcloud_sdk_tests::loopback::Received]) -> (bool, String, Option<String>) {
    let call = received.iter().find(|r| r.header("X-TC-Action") == Some("DescribeUserInfo")).expect("the call");
    let auth = call.header("Authorization").unwrap_or_default();
    let id = auth.split("Credential=").nth(1).and_then(|c| c.split('/').next()).unwrap_or_default().to_owned();
    (call.signature.is_ok(), id, call.header("X-TC-Token").map(str::to_owned))
}

/// Runs a valid call with `extra` arguments against a fresh [`roles_server`] (the
/// metadata service and STS pointed at it by their variables), with `home` as `HOME`:
/// the exit code, stderr and what the server received.
async fn with_roles(home: &str, extra: &[&str]) -> (i32, String, Vec<tencentcloud_sdk_tests::loopback::Received>) {
    let server = roles_server().await;
    let url = server.url();
    let meta = format!("{url}/meta/");
    let env = [("HOME", home), ("TENCENTCLOUD_METADATA_ENDPOINT", &meta), ("TENCENTCLOUD_STS_ENDPOINT", &url)];
    let mut args = describe(&["--endpoint", &url]);
    args.extend_from_slice(extra);
    let (code, _, err) = cli_only_env(&env, &args).await;
    (code, err, server.received())
}

/// The `AssumeRole` call among `received`.
fn sts_call(received: &[tencentcloud_sdk_tests::loopback::Received]) -> &tencentcloud_sdk_tests::loopback::Received {
    received.iter().find(|r| r.header("X-TC-Action") == Some("AssumeRole")).expect("an AssumeRole call")
}

#[tokio::test]
async fn use_cvm_role_and_role_arn_obtain_the_credentials_of_the_call() {
    let home = tempfile::tempdir().expect("home");
    let home_dir = home.path().to_str().expect("UTF-8");
    const ARN: &str = "qcs::cam::uin/1:roleName/r";
    // The instance role, with no keys anywhere.
    let (code, err, received) = with_roles(home_dir, &["--region", "ap-guangzhou", "--use-cvm-role"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(call_signer(&received), (true, CVM_ID.to_owned(), Some("cvm-token".to_owned())));
    // A role assumed with the keys given, asked of STS in the call's region.
    let keys = ["--secretId", SECRET_ID, "--secretKey", SECRET_KEY];
    let mut extra = vec!["--region", "ap-beijing", "--role-arn", ARN, "--role-session-name", "s1"];
    extra.extend(keys);
    let (code, err, received) = with_roles(home_dir, &extra).await;
    assert_eq!(code, 0, "{err}");
    let sts = sts_call(&received);
    assert_eq!(sts.signature, Ok(()), "STS is called with the base keys");
    assert!(sts.header("Authorization").is_some_and(|a| a.contains(SECRET_ID)));
    assert_eq!(sts.header("X-TC-Region"), Some("ap-beijing"));
    let asked: serde_json::Value = serde_json::from_slice(&sts.body).expect("JSON");
    assert_eq!(asked["RoleArn"], ARN);
    assert_eq!(call_signer(&received), (true, ROLE_ID.to_owned(), Some("role-token-s1".to_owned())));
    // The instance role as the base of an assumed role, with the default session name.
    let (code, err, received) =
        with_roles(home_dir, &["--region", "ap-guangzhou", "--use-cvm-role", "--role-arn", ARN]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        sts_call(&received).header("Authorization").is_some_and(|a| a.contains(CVM_ID)),
        "signed by the instance role"
    );
    assert_eq!(call_signer(&received), (true, ROLE_ID.to_owned(), Some("role-token-tencentcloud-cli".to_owned())));
    // A tccli profile naming a role to assume with its keys, as tccli writes it.
    let dir = home.path().join(".tccli");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let credential = serde_json::json!({"secretId": SECRET_ID, "secretKey": SECRET_KEY,
        "role-arn": "qcs::cam::uin/1:roleName/p", "role-session-name": "prof"});
    std::fs::write(dir.join("default.credential"), credential.to_string()).expect("write");
    let (code, err, received) = with_roles(home_dir, &["--region", "ap-guangzhou"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(call_signer(&received), (true, ROLE_ID.to_owned(), Some("role-token-prof".to_owned())));
    // Options that do not go together are refused before anything is sent.
    let mut extra = vec!["--region", "ap-guangzhou", "--use-cvm-role"];
    extra.extend(keys);
    let (code, err, received) = with_roles(home_dir, &extra).await;
    assert_eq!((code, received.len()), (2, 0), "{err}");
    assert!(err.contains("--use-cvm-role"), "{err}");
    std::fs::remove_file(dir.join("default.credential")).expect("rm");
    let (code, err, received) = with_roles(home_dir, &["--region", "ap-guangzhou", "--role-session-name", "x"]).await;
    assert_eq!((code, received.len()), (2, 0), "{err}");
    assert!(err.contains("--role-arn"), "{err}");
}

#[tokio::test]
async fn completion_offers_services_actions_parameters_and_values() {
    let complete = |words: &'static [&'static str]| async move {
        let mut args = vec!["__complete"];
        args.extend_from_slice(words);
        let (code, out, err) = cli(&args).await;
        assert_eq!(code, 0, "{err}");
        out.lines().map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(complete(&["tr"]).await, ["trtc"]);
    assert_eq!(complete(&["tr", "--region", "ap-guangzhou"]).await, ["trtc"], "an option's value is not a command");
    assert_eq!(complete(&["co"]).await, ["configure", "completion"]);
    let actions = complete(&["DescribeUserI", "trtc"]).await;
    assert_eq!(actions, ["DescribeUserInfo"]);
    let params = complete(&["--S", "trtc", "DescribeUserInfo", "--SdkAppId", "1"]).await;
    assert!(params.contains(&"--StartTime".to_owned()), "{params:?}");
    assert!(!params.contains(&"--SdkAppId".to_owned()), "a parameter given is not offered again: {params:?}");
    assert!(complete(&["--", "trtc", "DescribeUserInfo"]).await.contains(&"--role-arn".to_owned()));
    assert_eq!(complete(&["", "trtc", "DescribeUserInfo", "--output"]).await, ["json", "table", "text"]);
    assert_eq!(complete(&["", "trtc", "DescribeUserInfo"]).await, ["help"]);
    assert_eq!(complete(&["2019", "trtc", "--version"]).await, ["2019-07-22"]);
    assert_eq!(complete(&["", "completion"]).await, ["bash", "zsh", "fish"]);
    assert_eq!(complete(&["g", "configure"]).await, ["get"]);
    assert!(complete(&["", "trtc", "NoSuchAction"]).await.is_empty());
    let (code, script, _) = cli(&["completion", "bash"]).await;
    assert_eq!(code, 0);
    assert!(script.contains("complete -o default -F _tencentcloud tencentcloud"), "{script}");
    assert_eq!(cli(&["completion", "tcsh"]).await.0, 2);
}
