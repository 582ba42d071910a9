//! Settings of a generator run that the specs do not hold: how crates are named and
//! which version each crate has.

use std::collections::BTreeMap;

/// The crate-name prefix of the English edition, and the default: `tencentcloud-trtc`.
pub const DEFAULT_CRATE_PREFIX: &str = "tencentcloud-";

/// The longest crate-name prefix: a crate name has at most 64 characters, and the
/// service's name comes after it.
const MAX_PREFIX_LEN: usize = 40;

/// The version of a crate no versions file names.
pub const DEFAULT_CRATE_VERSION: &str = "0.1.0";

/// How the crates of a run are named and versioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    crate_prefix: String,
    /// Versions by crate name (a release's `versions.toml`).
    crate_versions: BTreeMap<String, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { crate_prefix: DEFAULT_CRATE_PREFIX.to_owned(), crate_versions: BTreeMap::new() }
    }
}

impl Settings {
    /// Settings whose crates are named `<crate_prefix><service>` (`tencentcloud-cn-` for
    /// the Chinese edition); refused unless the prefix starts a proper crate name: a
    /// lower-case letter, then lower-case letters, digits, `-` and `_`, at most 40
    /// characters.
    pub fn with_crate_prefix(crate_prefix: &str) -> Result<Settings, String> {
        let shown = crate_prefix.escape_debug();
        if !crate_prefix.starts_with(|c: char| c.is_ascii_lowercase())
            || !crate_prefix.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err(format!(
                "the crate prefix `{shown}` does not start a crate name: a lower-case letter, then lower-case \
                 letters, digits, `-` and `_`"
            ));
        }
        if crate_prefix.len() > MAX_PREFIX_LEN {
            return Err(format!("the crate prefix `{shown}` is longer than {MAX_PREFIX_LEN} characters"));
        }
        Ok(Settings { crate_prefix: crate_prefix.to_owned(), crate_versions: BTreeMap::new() })
    }

    /// These settings with the crate versions of a versions file (`versions.toml`, as a
    /// release writes it: `[crates."tencentcloud-trtc"]` with `version = "0.1.3"`; other
    /// keys are ignored). A crate it does not name keeps `DEFAULT_CRATE_VERSION`.
    /// Refused, with the reason, unless every version is `MAJOR.MINOR.PATCH`.
    pub fn with_versions_file(mut self, text: &str) -> Result<Settings, String> {
        #[derive(serde::Deserialize)]
        struct File {
            #[serde(default)]
            crates: BTreeMap<String, Entry>,
        }
        #[derive(serde::Deserialize)]
        struct Entry {
            version: String,
        }
        let file: File = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
        for (name, entry) in file.crates {
            if !is_plain_version(&entry.version) {
                return Err(format!(
                    "crates.\"{}\".version: `{}` is not a version MAJOR.MINOR.PATCH",
                    name.escape_debug(),
                    entry.version.escape_debug()
                ));
            }
            self.crate_versions.insert(name, entry.version);
        }
        Ok(self)
    }

    /// The version of crate `crate_name`: the versions file's, or `DEFAULT_CRATE_VERSION`.
    pub fn crate_version(&self, crate_name: &str) -> &str {
        self.crate_versions.get(crate_name).map_or(DEFAULT_CRATE_VERSION, String::as_str)
    }

    /// The prefix of every crate name a spec does not set itself.
    pub fn crate_prefix(&self) -> &str {
        &self.crate_prefix
    }

    /// The crate of `service` when its specs name none: `tencentcloud-trtc`.
    pub fn crate_name(&self, service: &str) -> String {
        format!("{}{service}", self.crate_prefix)
    }
}

/// `MAJOR.MINOR.PATCH`, each a number without leading zeros.
fn is_plain_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()) && (p == &"0" || !p.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_starts_a_crate_name() {
        for good in ["tencentcloud-", "tencentcloud-cn-", "tc_", "x"] {
            let settings = Settings::with_crate_prefix(good).expect(good);
            assert_eq!(settings.crate_name("trtc"), format!("{good}trtc"));
        }
        for bad in ["", "-x", "1x-", "Tencent-", "a/b-", "a b", "x\n", &"a".repeat(41)] {
            assert!(Settings::with_crate_prefix(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Settings::default().crate_name("sms"), "tencentcloud-sms");
    }

    #[test]
    fn a_versions_file_sets_crate_versions() {
        let text = "# written by a release\n[crates.\"tencentcloud-trtc\"]\nversion = \"0.2.7\"\ninputs = \"ab12\"\n";
        let settings = Settings::default().with_versions_file(text).expect("versions");
        assert_eq!(settings.crate_version("tencentcloud-trtc"), "0.2.7");
        assert_eq!(settings.crate_version("tencentcloud-sms"), DEFAULT_CRATE_VERSION);
        for bad in ["1.2", "1.2.3.4", "01.2.3", "1.x.3", "1.2.3\n[x]", ""] {
            let text = format!("[crates.a]\nversion = {bad:?}\n");
            let err = Settings::default().with_versions_file(&text).expect_err(bad);
            assert!(err.contains("crates.\"a\".version"), "{err}");
        }
        assert!(Settings::default().with_versions_file("[crates.a]\nversoin = \"1.0.0\"\n").is_err());
    }
}
