//! Shell completion: `tencentcloud completion bash|zsh|fish` prints a script that asks
//! the binary itself for candidates (`tencentcloud __complete CURRENT WORDS...`), so the
//! candidates always match the services, versions, actions and parameters built in,
//! with nothing generated per action.

use clap::{Arg, Command};

use crate::args::{self, Versions};

/// The name of the hidden command the scripts call.
pub const HIDDEN: &str = "__complete";

/// The shells a script is printed for.
const SHELLS: [&str; 3] = ["bash", "zsh", "fish"];

/// The `completion` command of `tencentcloud --help`.
pub fn command() -> Command {
    Command::new("completion")
        .about("Print a shell completion script: eval \"$(tencentcloud completion bash)\" (or zsh; fish: | source)")
        .arg(Arg::new("shell").value_name("SHELL").required(true).value_parser(SHELLS))
}

/// The script for `shell` (one of [`SHELLS`]; clap checked it).
pub fn script(shell: &str) -> &'static str {
    match shell {
        "zsh" => ZSH,
        "fish" => FISH,
        _ => BASH,
    }
}

const BASH: &str = r#"# tencentcloud completion for bash: eval "$(tencentcloud completion bash)"
_tencentcloud() {
    local IFS=$'\n'
    local cur="${COMP_WORDS[COMP_CWORD]}"
    COMPREPLY=($(tencentcloud __complete "$cur" "${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null))
}
complete -o default -F _tencentcloud tencentcloud
"#;

const ZSH: &str = r#"#compdef tencentcloud
# tencentcloud completion for zsh: eval "$(tencentcloud completion zsh)" after compinit
_tencentcloud() {
    local -a candidates
    candidates=("${(@f)$(tencentcloud __complete "${words[CURRENT]}" "${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
    compadd -a candidates
}
compdef _tencentcloud tencentcloud
"#;

const FISH: &str = r#"# tencentcloud completion for fish: tencentcloud completion fish | source
complete -c tencentcloud -f -a '(tencentcloud __complete (commandline -ct) (commandline -opc)[2..-1])'
"#;

/// What the user is typing and what comes before it.
pub struct Line<'a> {
    /// The word being completed (may be empty).
    pub current: &'a str,
    /// The words between the program name and the current word.
    pub before: &'a [&'a str],
}

/// The candidates for `line`, one per line, each starting with the current word.
/// `profiles` lists the tccli profiles, for `--profile`.
pub fn candidates(line: &Line<'_>, services: &[Versions], profiles: &dyn Fn() -> Vec<String>) -> String {
    let mut out = String::new();
    for candidate in all(line, services, profiles) {
        if candidate.starts_with(line.current) {
            out.push_str(&candidate);
            out.push('\n');
        }
    }
    out
}

/// Every candidate for `line`, before the current word's prefix is applied.
fn all(line: &Line<'_>, services: &[Versions], profiles: &dyn Fn() -> Vec<String>) -> Vec<String> {
    let named = args::named_in(line.before.iter().copied(), services);
    if let Some(option) = line.before.last().and_then(|w| w.strip_prefix("--")).filter(|o| args::takes_value_named(o)) {
        return values(option, named.service.and_then(|s| services.iter().find(|v| v.name == s)), profiles);
    }
    let options = line.current.starts_with('-');
    let Some(service) = named.service.and_then(|s| services.iter().find(|v| v.name == s)) else {
        return top(line.before, services, options);
    };
    let Ok(entry) = service.choose(named.version) else { return Vec::new() };
    let Some(action) = named.action.and_then(|a| entry.action(a)) else {
        return match named.action {
            Some(_) => Vec::new(),
            None if options => globals(),
            None => entry.actions.iter().map(|a| a.name.to_owned()).collect(),
        };
    };
    if !options {
        // tccli's `<service> <Action> help`, right after the action.
        return match line.before.last() {
            Some(last) if *last == action.name => vec!["help".to_owned()],
            _ => Vec::new(),
        };
    }
    let given = |name: &str| line.before.iter().any(|w| w.strip_prefix("--") == Some(name));
    let mut out: Vec<String> = action
        .params
        .iter()
        .filter(|p| !args::is_global(p.name) && !given(p.name))
        .map(|p| format!("--{}", p.name))
        .collect();
    out.extend(globals());
    out
}

/// Before a service: the services and commands, or the global options.
fn top(before: &[&str], services: &[Versions], options: bool) -> Vec<String> {
    match first_command(before) {
        Some("completion") => SHELLS.iter().map(|s| (*s).to_owned()).collect(),
        Some("configure") => {
            let sub = before.iter().skip_while(|w| **w != "configure").nth(1).copied();
            match sub {
                None => ["set", "get", "list", "remove"].map(str::to_owned).to_vec(),
                Some("set" | "get") => {
                    ["secretId", "secretKey", "token", "region", "output", "language"].map(str::to_owned).to_vec()
                }
                Some(_) => Vec::new(),
            }
        }
        Some(_) => Vec::new(),
        None if options => globals(),
        None => {
            let mut out: Vec<String> = services.iter().map(|s| s.name.to_owned()).collect();
            out.extend(["configure", "completion"].map(str::to_owned));
            out
        }
    }
}

/// The first word of `before` that is neither an option nor an option's value.
fn first_command<'a>(before: &[&'a str]) -> Option<&'a str> {
    let mut words = before.iter().copied();
    while let Some(word) = words.next() {
        match word.strip_prefix("--") {
            Some(option) if args::takes_value_named(option) => {
                words.next();
            }
            Some(_) => {}
            None if word.starts_with('-') => {}
            None => return Some(word),
        }
    }
    None
}

/// The global options (`--version` is the program's version before a service, the API
/// version after one).
fn globals() -> Vec<String> {
    let mut out = args::global_option_names().map(|n| format!("--{n}")).collect::<Vec<_>>();
    out.push("--help".to_owned());
    out
}

/// The values offered after the option `--{option}`.
fn values(option: &str, service: Option<&Versions>, profiles: &dyn Fn() -> Vec<String>) -> Vec<String> {
    let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect();
    match option {
        "output" => words(&["json", "table", "text"]),
        "language" => words(&["zh-CN", "en-US"]),
        "version" => service.map(|s| s.entries.iter().map(|e| e.version.to_owned()).collect()).unwrap_or_default(),
        "profile" => profiles(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_calls_the_hidden_command_with_the_current_word_first() {
        for shell in SHELLS {
            let text = script(shell);
            assert!(text.contains(&format!("tencentcloud {HIDDEN} ")), "{shell}:\n{text}");
        }
        assert_ne!(script("zsh"), script("bash"));
        assert_ne!(script("fish"), script("bash"));
    }
}
