//! A `tccli` setup, read and written as `tccli` does: `~/.tccli/<profile>.credential`
//! (JSON: `secretId`, `secretKey`, `token`, ...) and `~/.tccli/<profile>.configure`
//! (JSON: `_sys_param` with `region`, `output`, `language`, ..., and one object per
//! service with its `endpoint` and `version`). The profile is `--profile`, else
//! `TCCLI_PROFILE`, else `default`. So a `tccli` user's credentials and default region
//! work at once, and `tencentcloud configure` keeps files `tccli` still reads.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use tencentcloud_runtime::credentials::Env;
use tencentcloud_runtime::Credentials;

/// Environment variable naming the profile, as `tccli` reads it.
pub const ENV_PROFILE: &str = "TCCLI_PROFILE";

/// The settings of `<profile>.configure` kept under `_sys_param`.
const SETTINGS: [&str; 5] = ["region", "output", "arrayCount", "warning", "language"];
/// The members of `<profile>.credential`.
const CREDENTIAL: [&str; 5] = ["secretId", "secretKey", "token", "role-arn", "role-session-name"];
/// The credential members shown masked by `configure list`.
const SECRET: [&str; 2] = ["secretKey", "token"];
/// The largest file read: these files are a few KiB.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One profile's files.
#[derive(Debug, Clone)]
pub struct Profile {
    name: String,
    dir: PathBuf,
    /// Named by `--profile` or `TCCLI_PROFILE`: then its files must exist.
    named: bool,
}

/// How a profile's `.credential` says to obtain credentials, beside its keys: the
/// instance role (`"type": "cvm-role"`), or a CAM role to assume (`role-arn`,
/// `role-session-name`), as `tccli` reads them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Role {
    /// `"type": "cvm-role"`.
    pub cvm_role: bool,
    /// `role-arn`.
    pub arn: Option<String>,
    /// `role-session-name`.
    pub session_name: Option<String>,
}

/// What a profile's `.configure` sets for a call.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `_sys_param.region`.
    pub region: Option<String>,
    /// `_sys_param.output`.
    pub output: Option<String>,
    /// `_sys_param.language`.
    pub language: Option<String>,
}

impl Profile {
    /// The profile `flag` names, else `TCCLI_PROFILE`'s, else `default`, in `~/.tccli`
    /// (`HOME`, else `USERPROFILE`, read from `env`); `None` without a home directory.
    pub fn resolve(flag: Option<&str>, env: &Env) -> Option<Profile> {
        let home = env.get("HOME").or_else(|| env.get("USERPROFILE")).filter(|h| !h.is_empty())?;
        let from_env = env.get(ENV_PROFILE).filter(|p| !p.is_empty());
        let named = flag.is_some() || from_env.is_some();
        let name = flag.map(str::to_owned).or(from_env).unwrap_or_else(|| "default".to_owned());
        Some(Profile { name, dir: Path::new(&home).join(".tccli"), named })
    }

    /// `~/.tccli/<profile>.credential`.
    fn credential_path(&self) -> PathBuf {
        self.dir.join(format!("{}.credential", self.name))
    }

    /// `~/.tccli/<profile>.configure`.
    fn configure_path(&self) -> PathBuf {
        self.dir.join(format!("{}.configure", self.name))
    }

    /// An error when the profile was named but has no file; `Ok` otherwise.
    pub fn check_named(&self) -> Result<(), String> {
        if self.named && !self.credential_path().exists() && !self.configure_path().exists() {
            return Err(format!(
                "profile {} not found: neither {} nor {} exists (create it with `tencentcloud configure set ... --profile {}`)",
                self.name,
                self.credential_path().display(),
                self.configure_path().display(),
                self.name
            ));
        }
        Ok(())
    }

    /// The credentials of `<profile>.credential`: `None` when the file is missing or
    /// says to use the CVM role; an error when it is malformed or has only half a key.
    pub fn credentials(&self) -> Result<Option<Credentials>, String> {
        let path = self.credential_path();
        let Some(file) = read_object(&path)? else { return Ok(None) };
        if file.get("type").and_then(Value::as_str) == Some("cvm-role") {
            return Ok(None);
        }
        let text = |key: &str| file.get(key).and_then(Value::as_str).filter(|v| !v.is_empty()).map(str::to_owned);
        match (text("secretId"), text("secretKey")) {
            (None, None) => Ok(None),
            (Some(id), Some(key)) => {
                let credentials = Credentials::new(id, key);
                Ok(Some(match text("token") {
                    Some(token) => credentials.with_token(token),
                    None => credentials,
                }))
            }
            _ => Err(format!("{}: needs both secretId and secretKey", path.display())),
        }
    }

    /// The role `<profile>.credential` names (none when the file is missing).
    pub fn role(&self) -> Result<Role, String> {
        let Some(file) = read_object(&self.credential_path())? else { return Ok(Role::default()) };
        let text = |key: &str| file.get(key).and_then(Value::as_str).filter(|v| !v.is_empty()).map(str::to_owned);
        Ok(Role {
            cvm_role: text("type").as_deref() == Some("cvm-role"),
            arn: text("role-arn"),
            session_name: text("role-session-name"),
        })
    }

    /// The names of the profiles in `~/.tccli` (those with a `.credential` or a
    /// `.configure`), sorted.
    pub fn names(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|f| f.strip_suffix(".credential").or_else(|| f.strip_suffix(".configure")).map(str::to_owned))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The settings of `<profile>.configure` (none when it is missing).
    pub fn settings(&self) -> Result<Settings, String> {
        let Some(file) = read_object(&self.configure_path())? else { return Ok(Settings::default()) };
        let setting = |key: &str| setting(&file, key).and_then(|v| v.as_str().map(str::to_owned));
        Ok(Settings { region: setting("region"), output: setting("output"), language: setting("language") })
    }
}

/// A setting of a `.configure` file: under `_sys_param`, or at the top level as older
/// `tccli` releases wrote it.
fn setting<'a>(file: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    let value = file.get("_sys_param").and_then(|p| p.get(key)).or_else(|| file.get(key).filter(|v| !v.is_object()));
    value.filter(|v| !v.is_null() && v.as_str() != Some(""))
}

/// The JSON object in `path`: `None` when the file does not exist; an error naming the
/// file when it cannot be read, is too large, or is not a JSON object.
fn read_object(path: &Path) -> Result<Option<Map<String, Value>>, String> {
    let shown = path.display();
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_FILE_BYTES + 1), &mut text)
        .map_err(|e| format!("{shown}: {e}"))?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("{shown}: larger than {MAX_FILE_BYTES} bytes"));
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(Some(map)),
        Ok(_) => Err(format!("{shown}: not a JSON object")),
        Err(e) => Err(format!("{shown}: malformed JSON ({e})")),
    }
}

/// Writes `value` to `path` as pretty JSON, through a temporary file renamed over it;
/// readable by its owner only when `private` (a credential).
fn write_object(path: &Path, value: &Map<String, Value>, private: bool) -> Result<(), String> {
    let shown = path.display();
    let dir = path.parent().ok_or_else(|| format!("{shown}: no parent directory"))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let text = serde_json::to_string_pretty(value).map_err(|e| format!("{shown}: {e}"))?;
    let temporary = path.with_extension("tmp-tencentcloud");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(&temporary).map_err(|e| format!("{}: {e}", temporary.display()))?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| format!("{shown}: {e}"))?;
    std::fs::rename(&temporary, path).map_err(|e| format!("{shown}: {e}"))
}

/// What `tencentcloud configure` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Configure {
    /// `set NAME VALUE [NAME VALUE ...]`.
    Set(Vec<(String, String)>),
    /// `get NAME ...`.
    Get(Vec<String>),
    /// `list`.
    List,
    /// `remove`: deletes the profile's two files.
    Remove,
}

/// Where a name of `configure set` / `get` lives.
enum Place<'a> {
    /// `<profile>.credential`, at the top level.
    Credential,
    /// `<profile>.configure`, under `_sys_param`.
    Setting,
    /// `<profile>.configure`, a service's member (`cvm.endpoint`).
    Service(&'a str, &'a str),
}

/// Where `name` lives, or an error listing the names there are.
fn place(name: &str) -> Result<Place<'_>, String> {
    if CREDENTIAL.contains(&name) {
        return Ok(Place::Credential);
    }
    if SETTINGS.contains(&name) {
        return Ok(Place::Setting);
    }
    match name.split_once('.') {
        Some((service, member @ ("endpoint" | "version"))) if !service.is_empty() => {
            Ok(Place::Service(service, member))
        }
        _ => Err(format!(
            "unknown setting {name}: expected one of {}, {}, or <service>.endpoint / <service>.version",
            CREDENTIAL.join(", "),
            SETTINGS.join(", ")
        )),
    }
}

/// Refuses a value `tccli` would not use.
fn check_value(name: &str, value: &str) -> Result<(), String> {
    let allowed: &[&str] = match name {
        "output" => &["json", "table", "text"],
        "language" => &["zh-CN", "en-US"],
        _ => return Ok(()),
    };
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(format!("{name} must be one of {}, got {value}", allowed.join(", ")))
    }
}

impl Profile {
    /// Runs `configure`, writing what it prints to `out`.
    pub fn configure(&self, command: &Configure, out: &mut String) -> Result<(), String> {
        match command {
            Configure::Set(pairs) => self.set(pairs),
            Configure::Get(names) => self.get(names, out),
            Configure::List => self.list(out),
            Configure::Remove => self.remove(out),
        }
    }

    /// Deletes `<profile>.credential` and `<profile>.configure`, as `tccli configure
    /// remove` does; an error when the profile has neither.
    fn remove(&self, out: &mut String) -> Result<(), String> {
        let mut removed = 0;
        for path in [self.credential_path(), self.configure_path()] {
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
            }
        }
        if removed == 0 {
            return Err(format!("there is no profile {} in {}", self.name, self.dir.display()));
        }
        out.push_str(&format!("removed profile {}\n", self.name));
        Ok(())
    }

    fn set(&self, pairs: &[(String, String)]) -> Result<(), String> {
        let mut credential = read_object(&self.credential_path())?.unwrap_or_default();
        let mut configure = read_object(&self.configure_path())?.unwrap_or_default();
        let (mut credential_changed, mut configure_changed) = (false, false);
        for (name, value) in pairs {
            check_value(name, value)?;
            let value = Value::String(value.clone());
            match place(name)? {
                Place::Credential => {
                    credential.insert(name.clone(), value);
                    credential_changed = true;
                }
                Place::Setting => {
                    insert_in(&mut configure, "_sys_param", name, value);
                    configure_changed = true;
                }
                Place::Service(service, member) => {
                    insert_in(&mut configure, service, member, value);
                    configure_changed = true;
                }
            }
        }
        if credential_changed {
            write_object(&self.credential_path(), &credential, true)?;
        }
        if configure_changed {
            write_object(&self.configure_path(), &configure, false)?;
        }
        Ok(())
    }

    fn get(&self, names: &[String], out: &mut String) -> Result<(), String> {
        let credential = read_object(&self.credential_path())?.unwrap_or_default();
        let configure = read_object(&self.configure_path())?.unwrap_or_default();
        for name in names {
            let value = match place(name)? {
                Place::Credential => credential.get(name.as_str()),
                Place::Setting => setting(&configure, name),
                Place::Service(service, member) => configure.get(service).and_then(|s| s.get(member)),
            };
            let Some(value) = value.filter(|v| !v.is_null()) else {
                return Err(format!("{name} is not set in profile {}", self.name));
            };
            out.push_str(&format!("{name} = {}\n", shown(value)));
        }
        Ok(())
    }

    fn list(&self, out: &mut String) -> Result<(), String> {
        let credential = read_object(&self.credential_path())?.unwrap_or_default();
        let configure = read_object(&self.configure_path())?.unwrap_or_default();
        out.push_str(&format!("profile: {}\ncredential:\n", self.name));
        for name in CREDENTIAL {
            if let Some(value) = credential.get(name).filter(|v| !v.is_null()) {
                let text = shown(value);
                let text = if SECRET.contains(&name) { masked(&text) } else { text };
                out.push_str(&format!("{name} = {text}\n"));
            }
        }
        out.push_str("configure:\n");
        for name in SETTINGS {
            if let Some(value) = setting(&configure, name) {
                out.push_str(&format!("{name} = {}\n", shown(value)));
            }
        }
        for (service, members) in configure.iter().filter(|(k, v)| *k != "_sys_param" && v.is_object()) {
            for member in ["version", "endpoint"] {
                if let Some(value) = members.get(member) {
                    out.push_str(&format!("{service}.{member} = {}\n", shown(value)));
                }
            }
        }
        Ok(())
    }
}

/// Sets `member` of the object `key` of `map` (made an object if it is missing or not one).
fn insert_in(map: &mut Map<String, Value>, key: &str, member: &str, value: Value) {
    match map.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new())) {
        Value::Object(object) => {
            object.insert(member.to_owned(), value);
        }
        other => *other = Value::Object(Map::from_iter([(member.to_owned(), value)])),
    }
}

/// A value as `configure get` prints it: text as is, anything else as JSON.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A secret as `configure list` shows it: its last four characters, when it is long
/// enough for that to give nothing away.
fn masked(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() >= 12 {
        format!("****{}", chars[chars.len() - 4..].iter().collect::<String>())
    } else {
        "****".to_owned()
    }
}
