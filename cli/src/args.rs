//! The command tree (built with clap for the chosen service and action only) and the
//! conversion of `--Param value` arguments to JSON parameters.

use std::ffi::OsString;

use clap::{Arg, ArgAction, Command};
use serde_json::{Map, Value};
use tencentcloud_runtime::dynamic::{ActionEntry, ParamEntry, ParamKind, ServiceEntry};

use crate::complete;
use crate::tccli::Configure;
use crate::unfold;

/// How to print the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Pretty JSON.
    Json,
    /// Aligned text tables.
    Table,
    /// Tab-separated values ([`crate::text`]).
    Text,
}

impl Output {
    /// The format named `name` (`json`, `table`, `text`).
    pub fn named(name: &str) -> Option<Output> {
        match name {
            "json" => Some(Output::Json),
            "table" => Some(Output::Table),
            "text" => Some(Output::Text),
            _ => None,
        }
    }
}

/// The global options given, each a value as typed.
#[derive(Debug, Default)]
pub struct Options {
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub root_domain: Option<String>,
    pub https_proxy: Option<String>,
    pub profile: Option<String>,
    pub secret_id: Option<String>,
    pub secret_key: Option<String>,
    pub token: Option<String>,
    pub timeout: Option<String>,
    pub language: Option<String>,
    pub output: Option<String>,
    pub filter: Option<String>,
    pub waiter: Option<String>,
    pub body: Option<String>,
    pub role_arn: Option<String>,
    pub role_session_name: Option<String>,
    pub use_cvm_role: bool,
}

/// A call to make.
pub struct Invocation {
    pub action: &'static ActionEntry,
    pub params: Value,
    pub options: Options,
    pub skeleton: bool,
}

/// What the arguments ask for.
pub enum Parsed {
    /// Help or a usage error, already rendered.
    Done { text: String, to_stderr: bool, code: i32 },
    /// A call (or its skeleton).
    Call(Box<Invocation>),
    /// `configure set|get|list|remove`, on the profile `--profile` names, if any.
    Configure { command: Configure, profile: Option<String> },
}

/// The global options that take a value: name, value name, help.
const VALUE_OPTIONS: [(&str, &str, &str); 16] = [
    ("region", "REGION", "The region (default: TENCENTCLOUD_REGION, else the profile's region)"),
    ("endpoint", "URL", "A custom endpoint, e.g. https://trtc.tencentcloudapi.com or http://127.0.0.1:8080"),
    (
        "root-domain",
        "DOMAIN",
        "The root domain of the hosts, e.g. intl.tencentcloudapi.com (default: TENCENTCLOUD_ROOT_DOMAIN, else tencentcloudapi.com)",
    ),
    ("https-proxy", "URL", "Send every request through this proxy, e.g. http://127.0.0.1:3128 (default: HTTPS_PROXY and the like)"),
    ("profile", "NAME", "The tccli profile: ~/.tccli/NAME.credential and NAME.configure (default: TCCLI_PROFILE, else default)"),
    ("secretId", "ID", "The SecretId (default: TENCENTCLOUD_SECRET_ID, the profile, then the rest of the default chain)"),
    ("secretKey", "KEY", "The SecretKey, with --secretId"),
    ("token", "TOKEN", "The session token of temporary credentials, with --secretId and --secretKey"),
    (
        "role-arn",
        "ARN",
        "Call as this CAM role: sts:AssumeRole with the credentials otherwise used (STS: TENCENTCLOUD_STS_ENDPOINT, else sts.tencentcloudapi.com)",
    ),
    ("role-session-name", "NAME", "The session name of --role-arn (default: tencentcloud-cli)"),
    ("timeout", "SECONDS", "How long one attempt may take (default: 60)"),
    ("language", "LANGUAGE", "The language of the server's messages: zh-CN or en-US (default: the profile's, else zh-CN)"),
    ("output", "FORMAT", "Output format: json, table or text (tab-separated) (default: the profile's, else json)"),
    ("filter", "JMESPATH", "Print what this JMESPath expression selects from the output, e.g. UserList[].UserId"),
    (
        "waiter",
        "JSON",
        r#"Call again until a JMESPath expression over the output gives a value: {"expr": "Total", "to": "0", "timeout": 180, "interval": 5}"#,
    ),
    ("body", "FILE", "The body of an action that sends bytes (cls UploadLog): a file, or - for standard input"),
];

/// The ids of the other global arguments.
const OTHER_GLOBAL: [&str; 4] = ["cli-input-json", "generate-cli-skeleton", "version", "use-cvm-role"];

/// Whether `name` is the id of a global argument (a parameter of that name is not offered).
pub(crate) fn is_global(name: &str) -> bool {
    VALUE_OPTIONS.iter().any(|(n, _, _)| *n == name) || OTHER_GLOBAL.contains(&name)
}

/// Whether `arg` is an option taking a value: the argument after it is not the action.
fn takes_value(arg: &str) -> bool {
    takes_value_named(arg.strip_prefix("--").unwrap_or_default())
}

/// Whether the option `--{name}` takes a value.
pub(crate) fn takes_value_named(name: &str) -> bool {
    ["cli-input-json", "version"].contains(&name) || VALUE_OPTIONS.iter().any(|(n, _, _)| *n == name)
}

/// The names of the global options, without their `--`.
pub(crate) fn global_option_names() -> impl Iterator<Item = &'static str> {
    VALUE_OPTIONS.iter().map(|(n, _, _)| *n).chain(OTHER_GLOBAL)
}

/// The name of the `--version` argument.
const API_VERSION: &str = "api-version";

/// One service: every version of it, oldest first.
pub(crate) struct Versions {
    pub(crate) name: &'static str,
    pub(crate) entries: Vec<&'static ServiceEntry>,
}

impl Versions {
    /// The newest version: the default.
    fn newest(&self) -> Option<&'static ServiceEntry> {
        self.entries.last().copied()
    }

    /// The version `wanted` names (`2019-07-22` or `v20190722`), else the newest.
    pub(crate) fn choose(&self, wanted: Option<&str>) -> Result<&'static ServiceEntry, String> {
        let found = match wanted {
            None => self.newest(),
            Some(w) => self.entries.iter().copied().find(|e| e.version == dated(w)),
        };
        found.ok_or_else(|| {
            format!(
                "{} has no API version {}; its versions: {} (default: the newest)",
                self.name,
                wanted.unwrap_or_default(),
                self.listed()
            )
        })
    }

    /// The versions, oldest first, comma-separated.
    fn listed(&self) -> String {
        self.entries.iter().map(|e| e.version).collect::<Vec<_>>().join(", ")
    }
}

/// The services of `entries`, in the order their first version comes, each with its
/// versions sorted (dates sort as text).
pub(crate) fn by_service(entries: &[&'static ServiceEntry]) -> Vec<Versions> {
    let mut out: Vec<Versions> = Vec::new();
    for entry in entries {
        match out.iter_mut().find(|s| s.name == entry.name) {
            Some(service) => service.entries.push(entry),
            None => out.push(Versions { name: entry.name, entries: vec![entry] }),
        }
    }
    for service in &mut out {
        service.entries.sort_by_key(|e| e.version);
    }
    out
}

/// A version as the tables spell it: `v20190722` (the module's name) is `2019-07-22`;
/// anything else is kept.
fn dated(version: &str) -> String {
    match version.strip_prefix('v') {
        Some(d) if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
        }
        _ => version.to_owned(),
    }
}

/// The service's line in `tencentcloud --help` and the top of its own help.
fn service_about(service: &Versions, newest: &ServiceEntry) -> String {
    match service.entries.len() {
        1 => format!("{} (API {})", newest.title, newest.version),
        _ => format!("{} (API versions {}; default {})", newest.title, service.listed(), newest.version),
    }
}

/// The heading of the options every action takes, apart from its own parameters.
const GLOBAL_HEADING: &str = "Global options";

/// What `tencentcloud --help` ends with: the exit codes.
const EXIT_CODES: &str = "Exit codes:
  0  success
  1  the server answered with an error (an error code, an HTTP error status, a reply that does not decode)
  2  a usage error, or a request refused before sending (a bad parameter, a broken constraint, no region)
  3  a network error: no complete reply (refused connection, DNS, TLS, timeout); the request may have been sent
  4  no usable credentials
  5  --waiter: the expected value was not reached in time";

fn root(services: &[Versions], chosen: Option<(&Versions, &'static ServiceEntry)>, action: Option<&str>) -> Command {
    let mut root = Command::new("tencentcloud")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Calls any action of the generated Tencent Cloud services: tencentcloud <service> <Action> --Param value ...")
        .after_help(EXIT_CODES)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .next_help_heading(GLOBAL_HEADING)
        .args(VALUE_OPTIONS.iter().map(|(name, value, help)| global_value(name, value, help)))
        .subcommand(configure_command())
        .arg(
            Arg::new("cli-input-json")
                .long("cli-input-json")
                .global(true)
                .value_name("FILE")
                .help("Read the parameters from a JSON file (`-` for stdin); --Param values override them"),
        )
        .arg(
            Arg::new("generate-cli-skeleton")
                .long("generate-cli-skeleton")
                .global(true)
                .action(ArgAction::SetTrue)
                .help("Print a JSON skeleton of the action's parameters and exit: required ones hold a placeholder to fill in, optional ones null (left out unless set)"),
        )
        .arg(
            Arg::new("use-cvm-role")
                .long("use-cvm-role")
                .global(true)
                .action(ArgAction::SetTrue)
                .help("Use the CAM role of this CVM instance, from the metadata service (TENCENTCLOUD_METADATA_ENDPOINT, else metadata.tencentyun.com)"),
        )
        .subcommand(complete::command());
    for service in services {
        let Some(newest) = service.newest() else { continue };
        let mut cmd = Command::new(service.name)
            .about(service_about(service, newest))
            .after_help(format!(
                "API versions: {}. Choose one with --version (as 2019-07-22 or v20190722); the newest is the default.",
                service.listed()
            ))
            .subcommand_required(true)
            .arg_required_else_help(true)
            .arg(
                Arg::new(API_VERSION)
                    .long("version")
                    .global(true)
                    .value_name("VERSION")
                    .help_heading(GLOBAL_HEADING)
                    .help(format!("The API version (default: the newest, {})", newest.version)),
            );
        if let Some((_, entry)) = chosen.filter(|(s, _)| s.name == service.name) {
            for action_entry in entry.actions {
                let full = action.is_some_and(|a| a == action_entry.name);
                cmd = cmd.subcommand(action_command(action_entry, full));
            }
        }
        root = root.subcommand(cmd);
    }
    root
}

/// `configure set|get|list|remove`, as `tccli configure` has them.
fn configure_command() -> Command {
    let names = "secretId, secretKey, token, region, output, language, or <service>.endpoint / <service>.version";
    Command::new("configure")
        .about(
            "Show or change a tccli profile (~/.tccli/<profile>.credential and .configure), as `tccli configure` does",
        )
        .subcommand_required(true)
        .subcommand(
            Command::new("set")
                .about("Set values: configure set region ap-guangzhou output json")
                .arg(Arg::new("pairs").value_name("NAME VALUE").num_args(1..).required(true).help(names)),
        )
        .subcommand(
            Command::new("get")
                .about("Print values: configure get region")
                .arg(Arg::new("names").value_name("NAME").num_args(1..).required(true).help(names)),
        )
        .subcommand(Command::new("list").about("Print the profile (secrets masked)"))
        .subcommand(Command::new("remove").about("Delete the profile's two files"))
}

/// The `configure` command in `m`, or a usage error.
fn configure_of(m: &clap::ArgMatches) -> Result<Configure, String> {
    let values = |m: &clap::ArgMatches, id: &str| -> Vec<String> {
        m.get_many::<String>(id).map(|v| v.cloned().collect()).unwrap_or_default()
    };
    match m.subcommand() {
        Some(("set", m)) => {
            let words = values(m, "pairs");
            if words.len() % 2 != 0 {
                return Err(
                    "configure set takes NAME VALUE pairs: configure set region ap-guangzhou output json".into()
                );
            }
            Ok(Configure::Set(words.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect()))
        }
        Some(("get", m)) => Ok(Configure::Get(values(m, "names"))),
        Some(("remove", _)) => Ok(Configure::Remove),
        _ => Ok(Configure::List),
    }
}

/// A global option taking one value.
fn global_value(name: &'static str, value_name: &'static str, help: &'static str) -> Arg {
    Arg::new(name).long(name).global(true).value_name(value_name).help(help)
}

fn action_command(entry: &'static ActionEntry, full: bool) -> Command {
    let mut cmd = Command::new(entry.name).about(entry.summary);
    if !full {
        return cmd;
    }
    cmd = cmd.long_about(format!("{}\n\n{}", entry.summary, entry.doc)).next_help_heading("Parameters");
    for param in entry.params.iter().filter(|p| !is_global(p.name)) {
        cmd = cmd.arg(param_arg(param));
    }
    cmd
}

fn param_arg(param: &'static ParamEntry) -> Arg {
    let required = if param.required { "Required" } else { "Optional" };
    let first = param.doc.lines().next().unwrap_or("");
    let arg = Arg::new(param.name)
        .long(param.name)
        .value_name(param.ty)
        .help(format!("{required}. {first}"))
        .long_help(format!("{required} {}.\n{}", param.ty, param.doc));
    match param.kind {
        ParamKind::List(_) => arg.num_args(1..),
        _ => arg.num_args(1),
    }
}

/// What the arguments name before they are parsed: the first argument naming a service,
/// the action (the first argument after it that is neither an option nor an option's
/// value) and the value of `--version`.
pub(crate) struct Named<'a> {
    pub(crate) service: Option<&'a str>,
    pub(crate) action: Option<&'a str>,
    pub(crate) version: Option<&'a str>,
}

/// `tccli`'s way of asking for an action's help, `<service> <Action> help [--detail]`,
/// as `<service> <Action> --help` (which shows every parameter's documentation, as
/// `--detail` does).
fn tccli_help(args: Vec<OsString>, services: &[Versions]) -> Vec<OsString> {
    let named = named(&args, services);
    let Some(action) = named.action else { return args };
    let at = args.iter().position(|a| a.to_str() == Some(action));
    let Some(help) = at.map(|at| at + 1).filter(|&i| args.get(i).and_then(|a| a.to_str()) == Some("help")) else {
        return args;
    };
    let mut args = args;
    args[help] = OsString::from("--help");
    args.retain(|a| a.to_str() != Some("--detail"));
    args
}

fn named<'a>(args: &'a [OsString], services: &[Versions]) -> Named<'a> {
    named_words(args.iter().skip(1).map(|a| a.to_str()), services)
}

/// What `words` (the arguments after the program name) name, as [`named`] reads them.
pub(crate) fn named_in<'a>(words: impl IntoIterator<Item = &'a str>, services: &[Versions]) -> Named<'a> {
    named_words(words.into_iter().map(Some), services)
}

/// What `words` name; a word that is not UTF-8 is `None`.
fn named_words<'a>(words: impl IntoIterator<Item = Option<&'a str>>, services: &[Versions]) -> Named<'a> {
    let texts: Vec<Option<&str>> = words.into_iter().collect();
    let Some(at) = texts.iter().position(|a| a.is_some_and(|a| services.iter().any(|s| s.name == a))) else {
        return Named { service: None, action: None, version: None };
    };
    let mut named = Named { service: texts[at], action: None, version: None };
    let mut rest = texts[at + 1..].iter().copied();
    while let Some(arg) = rest.next() {
        let Some(arg) = arg else { continue };
        if let Some(value) = arg.strip_prefix("--version=") {
            named.version = named.version.or(Some(value));
        } else if takes_value(arg) {
            let value = rest.next().flatten();
            if arg == "--version" {
                named.version = named.version.or(value);
            }
        } else if !arg.starts_with('-') && named.action.is_none() {
            named.action = Some(arg);
        }
    }
    named
}

/// Parses the arguments.
pub fn parse(args: Vec<OsString>, entries: &[&'static ServiceEntry]) -> Result<Parsed, String> {
    let services = by_service(entries);
    let args = tccli_help(args, &services);
    let named = named(&args, &services);
    let chosen = match services.iter().find(|s| Some(s.name) == named.service) {
        Some(service) => Some((service, service.choose(named.version)?)),
        None => None,
    };
    let action = chosen.and_then(|(_, entry)| entry.action(named.action?));
    let command = root(&services, chosen, named.action);
    let (args, dotted) = unfold::take(args, |name| action.is_some_and(|a| a.param(name).is_some()));
    let matches = match command.try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let text = e.render().to_string();
            return Ok(Parsed::Done { text, to_stderr: e.use_stderr(), code: e.exit_code() });
        }
    };
    let Some((service_name, service_matches)) = matches.subcommand() else {
        return Err("no service given".into());
    };
    if service_name == "completion" {
        let shell = service_matches.get_one::<String>("shell").map_or("bash", String::as_str);
        return Ok(Parsed::Done { text: complete::script(shell).to_owned(), to_stderr: false, code: 0 });
    }
    if service_name == "configure" {
        let leaf = service_matches.subcommand().map_or(service_matches, |(_, m)| m);
        let profile = leaf.get_one::<String>("profile").or(service_matches.get_one("profile")).cloned();
        return Ok(Parsed::Configure { command: configure_of(service_matches)?, profile });
    }
    let Some((action_name, m)) = service_matches.subcommand() else {
        return Err(format!("no action given for {service_name}"));
    };
    let service = services.iter().find(|s| s.name == service_name).ok_or("unknown service")?;
    let version = service.choose(m.get_one::<String>(API_VERSION).map(String::as_str))?;
    let entry = version.action(action_name).ok_or_else(|| format!("unknown action {action_name}"))?;
    let skeleton = m.get_flag("generate-cli-skeleton");
    let mut params = match m.get_one::<String>("cli-input-json") {
        Some(path) if !skeleton => read_input(path)?,
        _ => Map::new(),
    };
    for param in entry.params {
        if is_global(param.name) {
            continue;
        }
        let values: Vec<&String> = match m.get_many::<String>(param.name) {
            Some(v) => v.collect(),
            None => continue,
        };
        params.insert(param.name.to_owned(), value_of(param, &values)?);
    }
    for d in dotted {
        unfold::insert(&mut params, d)?;
    }
    Ok(Parsed::Call(Box::new(Invocation {
        action: entry,
        params: Value::Object(params),
        options: options(m),
        skeleton,
    })))
}

/// The global options given in `m`.
fn options(m: &clap::ArgMatches) -> Options {
    let value = |id: &str| m.get_one::<String>(id).cloned();
    Options {
        region: value("region"),
        endpoint: value("endpoint"),
        root_domain: value("root-domain"),
        https_proxy: value("https-proxy"),
        profile: value("profile"),
        secret_id: value("secretId"),
        secret_key: value("secretKey"),
        token: value("token"),
        timeout: value("timeout"),
        language: value("language"),
        output: value("output"),
        filter: value("filter"),
        waiter: value("waiter"),
        body: value("body"),
        role_arn: value("role-arn"),
        role_session_name: value("role-session-name"),
        use_cvm_role: m.get_flag("use-cvm-role"),
    }
}

fn read_input(path: &str) -> Result<Map<String, Value>, String> {
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| format!("cannot read stdin: {e}"))?
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(format!("{path}: the parameters must be a JSON object")),
        Err(e) => Err(format!("{path}: not JSON: {e}")),
    }
}

/// A command-line value as JSON, by the parameter's kind.
pub fn value_of(param: &ParamEntry, values: &[&String]) -> Result<Value, String> {
    match param.kind {
        ParamKind::List(inner) => {
            if let [one] = values {
                if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(one) {
                    return Ok(Value::Array(items));
                }
            }
            values.iter().map(|v| scalar(param.name, *inner, v)).collect::<Result<Vec<_>, _>>().map(Value::Array)
        }
        kind => match values {
            [one] => scalar(param.name, kind, one),
            _ => Err(format!("parameter {} takes one value", param.name)),
        },
    }
}

fn scalar(name: &str, kind: ParamKind, text: &str) -> Result<Value, String> {
    match kind {
        ParamKind::String => Ok(Value::String(text.to_owned())),
        ParamKind::Object | ParamKind::List(_) => {
            serde_json::from_str(text).map_err(|e| format!("parameter {name}: not JSON ({e}): {text}"))
        }
        // A number or a boolean; anything else stays text, refused by the check.
        _ => Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(kind: ParamKind) -> ParamEntry {
        ParamEntry { name: "P", ty: "T", kind, required: false, doc: "" }
    }

    #[test]
    fn values_follow_the_parameter_kind() {
        let s = |v: &str| v.to_owned();
        let (a, b, n) = (s("a"), s("b"), s("10"));
        assert_eq!(value_of(&param(ParamKind::String), &[&n]).unwrap(), Value::String("10".into()));
        assert_eq!(value_of(&param(ParamKind::Integer), &[&n]).unwrap(), Value::from(10));
        let list = param(ParamKind::List(&ParamKind::String));
        assert_eq!(value_of(&list, &[&a, &b]).unwrap(), serde_json::json!(["a", "b"]));
        let json = s(r#"["x"]"#);
        assert_eq!(value_of(&list, &[&json]).unwrap(), serde_json::json!(["x"]));
        let ints = param(ParamKind::List(&ParamKind::Integer));
        assert_eq!(value_of(&ints, &[&n, &n]).unwrap(), serde_json::json!([10, 10]));
        assert!(value_of(&param(ParamKind::Object), &[&a]).is_err());
    }
}
