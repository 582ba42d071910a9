//! The engine of the `tencentcloud` command line, in the spirit of `tccli`:
//!
//! ```text
//! tencentcloud <service> <Action> [--Param value ...] [--cli-input-json FILE|-]
//!              [--region R] [--endpoint URL] [--root-domain D] [--https-proxy URL]
//!              [--profile P] [--secretId ID --secretKey KEY [--token T]]
//!              [--use-cvm-role] [--role-arn ARN [--role-session-name NAME]]
//!              [--language zh-CN|en-US] [--timeout SECONDS]
//!              [--output json|table|text] [--filter JMESPATH] [--waiter JSON]
//!              [--body FILE|-] [--generate-cli-skeleton]
//!              [--version 2019-07-22]
//! tencentcloud configure set|get|list|remove ... [--profile P]
//! tencentcloud completion bash|zsh|fish
//! tencentcloud --version
//! ```
//!
//! A service with several API versions (one table each) is called with the newest unless
//! `--version` names another, as `2019-07-22` or `v20190722` (the version's module);
//! `tencentcloud <service> --help` lists its versions.
//!
//! The services come from the generated crates' action tables
//! ([`tencentcloud_runtime::dynamic`]); the binary (`generated/cli`, package
//! `tencentcloud-cli`) is generated with the list of every service and calls [`main`].
//!
//! A parameter value is taken as JSON when the parameter is not text and the value
//! parses (`--Limit 10`, `--Filters '[{"Name": "x"}]'`), as text otherwise; a list
//! parameter takes several values (`--UserIds a b`). Values given on the command line
//! override those of `--cli-input-json`. The request is decoded into the typed request
//! and validated before it is sent, as the typed client does.
//!
//! An action whose reply streams (server-sent events: `hunyuan ChatCompletions
//! --Stream true`, `trtc TextToSpeechSSE`) prints each event as it arrives, filtered by
//! `--filter` like a whole output, one JSON object a line with `--output json`; a reply
//! that comes back as one JSON body is printed as usual. An action that sends bytes (cls
//! `UploadLog`) takes them with `--body FILE` (`-` for standard input).
//!
//! Each setting comes from its option, else the environment, else the `tccli` profile
//! (`~/.tccli/<profile>.credential` and `.configure`, which `configure` reads and writes
//! as `tccli` does): credentials (`--secretId`..., `TENCENTCLOUD_SECRET_ID`..., the
//! profile, then the rest of the default chain: the profile file, the instance role),
//! the region, the output format and the language.
//!
//! Exit codes (also in `tencentcloud --help`): 0 on success, 1 when the server answered
//! with an error (a service error, an HTTP error status, a reply that does not decode), 2
//! for usage errors and requests refused before sending (decoding, validation, no
//! region), 3 for a network error (no complete reply), 4 without usable credentials, 5
//! when a `--waiter` did not see its value in time.
//! Errors are printed to stderr: a refusal as `error: refused before sending: message`
//! (a constraint's message names the code the server would answer), a failure after
//! sending as `error: [Code] message`.
//!
//! Everything printed, on stdout or stderr, goes through one escaping function,
//! [`printable_lines`]: server text cannot reach the terminal as control characters
//! (C0 or C1, such as CSI U+009B) or bidirectional overrides, in JSON output (which stays
//! valid JSON of the same value), in table cells at any depth and in member names. The
//! one exception, `--output text`, escapes each value on its own with
//! [`printable`](tencentcloud_runtime::text::printable) and adds only the tabs and line
//! breaks between values.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod args;
mod complete;
mod setup;
mod table;
mod tccli;
mod text;
mod unfold;
mod waiter;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use serde_json::Value;
use tencentcloud_runtime::credentials::Env;
use tencentcloud_runtime::dynamic::{DynamicEvents, DynamicReply};
use tencentcloud_runtime::text::printable_lines;
use tencentcloud_runtime::Client;

pub use tencentcloud_runtime::dynamic::{ActionEntry, ParamEntry, ParamKind, ServiceEntry};

/// Exit code of a call the server answered with an error: an error code, an HTTP error
/// status, a reply that does not decode.
pub const EXIT_CALL_FAILED: i32 = 1;
/// Exit code of a usage error or of a request refused before sending.
pub const EXIT_USAGE: i32 = 2;
/// Exit code of a network error: no complete reply (the request may have been sent).
pub const EXIT_NETWORK: i32 = 3;
/// Exit code of a call without usable credentials.
pub const EXIT_CREDENTIALS: i32 = 4;
/// Exit code of a `--waiter` whose expected value was not reached in time.
pub const EXIT_WAITER: i32 = 5;

/// Runs the command line on the process's arguments and environment.
pub fn main(services: &[&'static ServiceEntry]) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = runtime.block_on(run(std::env::args_os().collect(), services, Env::process(), &mut out, &mut err));
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Runs the command line on `args` (the program name first) with the environment
/// `env`, writing results to `out` and messages to `err`; the exit code.
pub async fn run(
    args: Vec<OsString>,
    services: &[&'static ServiceEntry],
    env: Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    if args.get(1).and_then(|a| a.to_str()) == Some(complete::HIDDEN) {
        return completions(&args[2..], services, &env, out);
    }
    let invocation = match args::parse(args, services) {
        Ok(args::Parsed::Done { text, to_stderr, code }) => {
            print(if to_stderr { err } else { out }, &text);
            return code;
        }
        Ok(args::Parsed::Configure { command, profile }) => {
            return configure(&command, profile.as_deref(), &env, out, err)
        }
        Ok(args::Parsed::Call(invocation)) => invocation,
        Err(message) => {
            print(err, &format!("error: {message}\n"));
            return EXIT_USAGE;
        }
    };
    let action = invocation.action;
    if invocation.skeleton {
        let skeleton: Value = serde_json::from_str(action.skeleton).unwrap_or(Value::Null);
        print(out, &format!("{}\n", pretty(&skeleton)));
        return 0;
    }
    if let Err(e) = tencentcloud_runtime::dynamic::check_params(action, &invocation.params) {
        print(err, &format!("error: {e}\n"));
        return EXIT_USAGE;
    }
    let filter = match invocation.options.filter.as_deref().map(jmespath::compile).transpose() {
        Ok(filter) => filter,
        Err(e) => {
            print(err, &format!("error: --filter: {e}\n"));
            return EXIT_USAGE;
        }
    };
    let waiter = match invocation.options.waiter.as_deref().map(waiter::Waiter::parse).transpose() {
        Ok(waiter) => waiter,
        Err(message) => {
            print(err, &format!("error: {message}\n"));
            return EXIT_USAGE;
        }
    };
    let (config, format) = match setup::config(&invocation.options, env) {
        Ok(chosen) => chosen,
        Err(refusal) => {
            print(err, &format!("error: {}\n", refusal.message));
            return refusal.code;
        }
    };
    let client = Client::new(config);
    let shown = Shown { filter: filter.as_ref(), format };
    if let Some(call_stream) = action.stream {
        if waiter.is_some() {
            print(err, "error: --waiter does not apply to an action whose reply streams\n");
            return EXIT_USAGE;
        }
        return match call_stream(&client, invocation.params).await {
            Ok(DynamicReply::Value(output)) => shown.write(&output, out, err),
            Ok(DynamicReply::Events(events)) => shown.write_events(events, out, err).await,
            Err(e) => {
                print(err, &format!("error: {e}\n"));
                exit_code(&e)
            }
        };
    }
    let output = match (action.binary, invocation.options.body.as_deref()) {
        (Some(call_binary), Some(path)) => match read_body(path) {
            Ok(body) => call_binary(&client, invocation.params, body).await.map_err(|e| (exit_code(&e), e.to_string())),
            Err(message) => Err((EXIT_USAGE, message)),
        },
        (Some(_), None) => {
            Err((EXIT_USAGE, format!("{} sends bytes: give them with --body FILE (- for standard input)", action.name)))
        }
        (None, Some(_)) => Err((EXIT_USAGE, format!("--body: {} takes no body, only parameters", action.name))),
        (None, None) => call(action, &client, invocation.params, waiter.as_ref()).await,
    };
    match output {
        Ok(output) => shown.write(&output, out, err),
        Err((code, message)) => {
            print(err, &format!("error: {message}\n"));
            code
        }
    }
}

/// How results are shown: the `--filter` expression, the output format.
struct Shown<'a> {
    filter: Option<&'a jmespath::Expression<'a>>,
    format: args::Output,
}

impl Shown<'_> {
    /// Writes one result; the exit code (a filter that fails is a usage error).
    fn write(&self, output: &Value, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        let Some(output) = self.select(output, err) else { return EXIT_USAGE };
        match self.format {
            args::Output::Json => print(out, &format!("{}\n", pretty(&output))),
            args::Output::Table => print(out, &format!("{}\n", table::render(&output))),
            args::Output::Text => print_rows(out, &text::rows(&output)),
        }
        0
    }

    /// Writes each event as it arrives (in JSON, one object a line), flushing after each;
    /// the exit code (an error ends the stream).
    async fn write_events(&self, mut events: DynamicEvents, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        while let Some(event) = std::future::poll_fn(|cx| events.as_mut().poll_next(cx)).await {
            let event = match event {
                Ok(event) => event,
                Err(e) => {
                    print(err, &format!("error: {e}\n"));
                    return exit_code(&e);
                }
            };
            let Some(event) = self.select(&event, err) else { return EXIT_USAGE };
            match self.format {
                args::Output::Json => print(out, &format!("{event}\n")),
                args::Output::Table => print(out, &format!("{}\n", table::render(&event))),
                args::Output::Text => print_rows(out, &text::rows(&event)),
            }
            let _ = out.flush();
        }
        0
    }

    /// What the filter selects from `output` (all of it without one); `None` once the
    /// failure is reported.
    fn select(&self, output: &Value, err: &mut dyn Write) -> Option<Value> {
        match self.filter.map(|f| filtered(f, output)).transpose() {
            Ok(selected) => Some(selected.unwrap_or_else(|| output.clone())),
            Err(message) => {
                print(err, &format!("error: {message}\n"));
                None
            }
        }
    }
}

/// The bytes of `--body`: a file, or standard input for `-`.
fn read_body(path: &str) -> Result<tencentcloud_runtime::bytes::Bytes, String> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| format!("--body: cannot read standard input: {e}"))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| format!("--body: cannot read {path}: {e}"))?
    };
    Ok(bytes.into())
}

/// Calls the action once, or with a `waiter` until its value is reached; the output,
/// or the exit code and message.
async fn call(
    action: &ActionEntry,
    client: &Client,
    params: Value,
    waiter: Option<&waiter::Waiter>,
) -> Result<Value, (i32, String)> {
    let failed = |e: tencentcloud_runtime::dynamic::DynamicError| (exit_code(&e), e.to_string());
    let Some(waiter) = waiter else {
        return (action.call)(client, params).await.map_err(failed);
    };
    let deadline = tokio::time::Instant::now() + waiter.timeout;
    loop {
        let output = (action.call)(client, params.clone()).await.map_err(failed)?;
        let (reached, seen) = waiter.reached(&output).map_err(|m| (EXIT_USAGE, m))?;
        if reached {
            return Ok(output);
        }
        if tokio::time::Instant::now() + waiter.interval > deadline {
            return Err((EXIT_WAITER, waiter.gave_up(&seen)));
        }
        tokio::time::sleep(waiter.interval).await;
    }
}

/// The exit code of a failed call, by what failed.
fn exit_code(e: &tencentcloud_runtime::dynamic::DynamicError) -> i32 {
    match e.kind {
        _ if e.refused_before_sending() => EXIT_USAGE,
        "Transport" => EXIT_NETWORK,
        "Credentials" => EXIT_CREDENTIALS,
        _ => EXIT_CALL_FAILED,
    }
}

/// Answers the completion scripts: `words` is the current word, then the words before
/// it (after the program name); prints the candidates, one a line.
fn completions(words: &[OsString], services: &[&'static ServiceEntry], env: &Env, out: &mut dyn Write) -> i32 {
    let words: Vec<&str> = words.iter().map(|w| w.to_str().unwrap_or_default()).collect();
    let Some((current, before)) = words.split_first() else { return 0 };
    let line = complete::Line { current, before };
    let profiles = || tccli::Profile::resolve(None, env).map(|p| p.names()).unwrap_or_default();
    print(out, &complete::candidates(&line, &args::by_service(services), &profiles));
    0
}

/// Runs `configure` on the profile `flag` names (else `TCCLI_PROFILE`, else `default`).
fn configure(
    command: &tccli::Configure,
    flag: Option<&str>,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(profile) = tccli::Profile::resolve(flag, env) else {
        print(err, "error: no home directory (HOME) to keep ~/.tccli in\n");
        return EXIT_USAGE;
    };
    let mut text = String::new();
    match profile.configure(command, &mut text) {
        Ok(()) => {
            print(out, &text);
            0
        }
        Err(message) => {
            print(err, &format!("error: {message}\n"));
            EXIT_USAGE
        }
    }
}

/// What the JMESPath expression `filter` selects from `output`.
fn filtered(filter: &jmespath::Expression<'_>, output: &Value) -> Result<Value, String> {
    let selected = filter.search(output).map_err(|e| format!("--filter: {e}"))?;
    serde_json::to_value(&*selected).map_err(|e| format!("--filter: {e}"))
}

/// Writes rows of cells, each already escaped ([`text::rows`]), separated by tabs and
/// line breaks: the one output whose tabs are not escaped, since every cell was.
fn print_rows(sink: &mut dyn Write, rows: &[Vec<String>]) {
    let _ = sink.write_all(text::render(rows).as_bytes());
}

/// Writes `text` to `sink` as it may reach a terminal: the way this crate prints
/// everything but `--output text` ([`print_rows`]).
fn print(sink: &mut dyn Write, text: &str) {
    let _ = sink.write_all(printable_lines(text).as_bytes());
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
