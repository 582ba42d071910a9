//! What the README's examples run against when the README is tested as doc tests: a
//! loopback server standing for Tencent Cloud, reached through the same environment
//! variables a user sets (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`,
//! `TENCENTCLOUD_REGION`, `TENCENTCLOUD_ENDPOINT`), so that an example that would be
//! refused before sending, or fail, fails its doc test.

use std::error::Error;
use std::future::Future;
use std::sync::Arc;

use crate::loopback::{LoopbackServer, Received};
use crate::{SECRET_ID, SECRET_KEY};

/// The answer to every `DescribeUserInfo`: one user on one page.
const ONE_USER: &str = r#"{"Response": {"Total": 1, "UserList": [{"UserId": "user1_54816741", "RoomStr": "218695", "JoinTs": 1590065777, "LeaveTs": 1590065877, "Finished": true, "DeviceType": "", "SdkVersion": "", "ClientIp": ""}], "RequestId": "readme"}}"#;

/// The result of an example's `run`.
pub type Outcome = Result<(), Box<dyn Error>>;

/// Runs `example` (an `async fn run()` of the README) on a fresh runtime with the
/// process environment pointing `Config::from_env` at a loopback server; fails (panics)
/// when it returns an error or sends nothing. The requests the server received.
///
/// A doc test is a process of its own, so setting its environment touches no other test.
pub fn against_loopback<F, Fut>(example: F) -> Vec<Received>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Outcome>,
{
    block_on(async move {
        let responder = Arc::new(|_: &Received| (200, ONE_USER.to_owned()));
        let server = LoopbackServer::start(&[(SECRET_ID, SECRET_KEY)], responder).await;
        for (name, value) in [
            ("TENCENTCLOUD_SECRET_ID", SECRET_ID.to_owned()),
            ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.to_owned()),
            ("TENCENTCLOUD_REGION", "ap-guangzhou".to_owned()),
            ("TENCENTCLOUD_ENDPOINT", server.url()),
        ] {
            std::env::set_var(name, value);
        }
        if let Err(e) = example().await {
            panic!("the example failed: {e}");
        }
        let received = server.received();
        assert!(!received.is_empty(), "the example sent nothing");
        received
    })
}

/// Runs `future` to completion on a fresh single-threaded runtime (no other thread
/// reads the environment while [`against_loopback`] sets it).
pub fn block_on<T>(future: impl Future<Output = T>) -> T {
    match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(future),
        Err(e) => panic!("cannot start a runtime: {e}"),
    }
}

/// The arguments of the README's command that starts with `start` in an `sh` block of
/// the section under the heading `heading`, as a POSIX shell expands them (its
/// `$(date +%s)` arithmetic included), after the first `--` when `after_dashes`: the
/// command a user pastes. Panics when the README has no such command or `sh` cannot
/// expand it.
pub fn command(heading: &str, start: &str, after_dashes: bool) -> Vec<String> {
    let readme = std::fs::read_to_string(crate::repo_root().join("README.md")).expect("README.md");
    let section = readme.split_once(heading).map(|(_, rest)| rest).expect("the README's heading");
    let section = section.split("\n## ").next().unwrap_or(section);
    let blocks = section.split("```sh\n").skip(1).filter_map(|b| b.split("```").next());
    let lines: Vec<&str> = blocks.flat_map(str::lines).map(str::trim_start).collect();
    let mut text = String::new();
    for line in lines.iter().skip_while(|l| !l.starts_with(start)) {
        match line.strip_suffix('\\') {
            Some(continued) => text.push_str(continued),
            None => {
                text.push_str(line);
                break;
            }
        }
    }
    assert!(!text.is_empty(), "no command starting with {start:?} under {heading:?}");
    let words = shell_words(&text);
    match words.iter().position(|w| w == "--").filter(|_| after_dashes) {
        Some(at) => words[at + 1..].to_vec(),
        None => words,
    }
}

/// `text` split into words and expanded as `sh` does (comments dropped).
fn shell_words(text: &str) -> Vec<String> {
    let script = format!("printf '%s\\0' {text}");
    let out = std::process::Command::new("sh").args(["-c", &script]).output().expect("run sh");
    assert!(out.status.success(), "sh could not expand {text:?}: {}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    printed.split('\0').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}
