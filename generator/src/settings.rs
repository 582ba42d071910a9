//! Settings of a generator run that the specs do not hold: how crates are named.

/// The crate-name prefix of the English edition, and the default: `tencentcloud-trtc`.
pub const DEFAULT_CRATE_PREFIX: &str = "tencentcloud-";

/// The longest crate-name prefix: a crate name has at most 64 characters, and the
/// service's name comes after it.
const MAX_PREFIX_LEN: usize = 40;

/// How the crates of a run are named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    crate_prefix: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { crate_prefix: DEFAULT_CRATE_PREFIX.to_owned() }
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
        Ok(Settings { crate_prefix: crate_prefix.to_owned() })
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
}
