//! The command tree (built with clap for the chosen service and action only) and the
//! conversion of `--Param value` arguments to JSON parameters.

use std::ffi::OsString;

use clap::{Arg, ArgAction, Command};
use serde_json::{Map, Value};
use tencentcloud_runtime::dynamic::{ActionEntry, ParamEntry, ParamKind, ServiceEntry};

/// How to print the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Pretty JSON.
    Json,
    /// Aligned text tables.
    Table,
}

/// A call to make.
pub struct Invocation {
    pub action: &'static ActionEntry,
    pub params: Value,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub root_domain: Option<String>,
    pub https_proxy: Option<String>,
    pub output: Output,
    pub skeleton: bool,
}

/// What the arguments ask for.
pub enum Parsed {
    /// Help or a usage error, already rendered.
    Done { text: String, to_stderr: bool, code: i32 },
    /// A call (or its skeleton).
    Call(Invocation),
}

const GLOBAL: [&str; 8] = [
    "region",
    "endpoint",
    "root-domain",
    "https-proxy",
    "output",
    "cli-input-json",
    "generate-cli-skeleton",
    "version",
];

/// The options that take a value: the one after them is not the action.
const TAKES_VALUE: [&str; 7] =
    ["--region", "--endpoint", "--root-domain", "--https-proxy", "--output", "--cli-input-json", "--version"];

/// The name of the `--version` argument.
const API_VERSION: &str = "api-version";

/// One service: every version of it, oldest first.
struct Versions {
    name: &'static str,
    entries: Vec<&'static ServiceEntry>,
}

impl Versions {
    /// The newest version: the default.
    fn newest(&self) -> Option<&'static ServiceEntry> {
        self.entries.last().copied()
    }

    /// The version `wanted` names (`2019-07-22` or `v20190722`), else the newest.
    fn choose(&self, wanted: Option<&str>) -> Result<&'static ServiceEntry, String> {
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
fn by_service(entries: &[&'static ServiceEntry]) -> Vec<Versions> {
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
  4  no usable credentials";

fn root(services: &[Versions], chosen: Option<(&Versions, &'static ServiceEntry)>, action: Option<&str>) -> Command {
    let mut root = Command::new("tencentcloud")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Calls any action of the generated Tencent Cloud services: tencentcloud <service> <Action> --Param value ...")
        .after_help(EXIT_CODES)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .next_help_heading(GLOBAL_HEADING)
        .arg(global_value("region", "REGION", "The region (default: TENCENTCLOUD_REGION)"))
        .arg(global_value(
            "endpoint",
            "URL",
            "A custom endpoint, e.g. https://trtc.tencentcloudapi.com or http://127.0.0.1:8080",
        ))
        .arg(global_value(
            "root-domain",
            "DOMAIN",
            "The root domain of the hosts, e.g. intl.tencentcloudapi.com (default: TENCENTCLOUD_ROOT_DOMAIN, else tencentcloudapi.com)",
        ))
        .arg(global_value(
            "https-proxy",
            "URL",
            "Send every request through this proxy, e.g. http://127.0.0.1:3128 (default: HTTPS_PROXY and the like)",
        ))
        .arg(
            Arg::new("output")
                .long("output")
                .global(true)
                .value_name("FORMAT")
                .value_parser(["json", "table"])
                .default_value("json")
                .help("Output format"),
        )
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
        );
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
    for param in entry.params.iter().filter(|p| !GLOBAL.contains(&p.name)) {
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
struct Named<'a> {
    service: Option<&'a str>,
    action: Option<&'a str>,
    version: Option<&'a str>,
}

fn named<'a>(args: &'a [OsString], services: &[Versions]) -> Named<'a> {
    let texts: Vec<Option<&str>> = args.iter().skip(1).map(|a| a.to_str()).collect();
    let Some(at) = texts.iter().position(|a| a.is_some_and(|a| services.iter().any(|s| s.name == a))) else {
        return Named { service: None, action: None, version: None };
    };
    let mut named = Named { service: texts[at], action: None, version: None };
    let mut rest = texts[at + 1..].iter().copied();
    while let Some(arg) = rest.next() {
        let Some(arg) = arg else { continue };
        if let Some(value) = arg.strip_prefix("--version=") {
            named.version = named.version.or(Some(value));
        } else if TAKES_VALUE.contains(&arg) {
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
    let named = named(&args, &services);
    let chosen = match services.iter().find(|s| Some(s.name) == named.service) {
        Some(service) => Some((service, service.choose(named.version)?)),
        None => None,
    };
    let matches = match root(&services, chosen, named.action).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let text = e.render().to_string();
            return Ok(Parsed::Done { text, to_stderr: e.use_stderr(), code: e.exit_code() });
        }
    };
    let Some((service_name, service_matches)) = matches.subcommand() else {
        return Err("no service given".into());
    };
    let Some((action_name, m)) = service_matches.subcommand() else {
        return Err(format!("no action given for {service_name}"));
    };
    let service = services.iter().find(|s| s.name == service_name).ok_or("unknown service")?;
    let version = service.choose(m.get_one::<String>(API_VERSION).map(String::as_str))?;
    let entry = version.action(action_name).ok_or_else(|| format!("unknown action {action_name}"))?;
    let output = match m.get_one::<String>("output").map(String::as_str) {
        Some("table") => Output::Table,
        _ => Output::Json,
    };
    let skeleton = m.get_flag("generate-cli-skeleton");
    let mut params = match m.get_one::<String>("cli-input-json") {
        Some(path) if !skeleton => read_input(path)?,
        _ => Map::new(),
    };
    for param in entry.params {
        if GLOBAL.contains(&param.name) {
            continue;
        }
        let values: Vec<&String> = match m.get_many::<String>(param.name) {
            Some(v) => v.collect(),
            None => continue,
        };
        params.insert(param.name.to_owned(), value_of(param, &values)?);
    }
    Ok(Parsed::Call(Invocation {
        action: entry,
        params: Value::Object(params),
        region: m.get_one::<String>("region").cloned(),
        endpoint: m.get_one::<String>("endpoint").cloned(),
        root_domain: m.get_one::<String>("root-domain").cloned(),
        https_proxy: m.get_one::<String>("https-proxy").cloned(),
        output,
        skeleton,
    }))
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
