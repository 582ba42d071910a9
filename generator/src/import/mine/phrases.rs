//! Phrases: the regular expressions that recognise constraints, defaults and the
//! wording that makes a sentence unsafe to read.

use std::sync::LazyLock;

use regex::Regex;

/// Compiles one of the constant patterns below.
pub(super) fn re(pattern: &str) -> Regex {
    // The patterns are constants: a failure is a bug caught by the tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}"))
}

/// A tag: its name, attributes and closing slash.
pub(super) static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"</?(?P<name>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>"));

/// A unit the documentation states for the member ("Unit: second", "in MB", "(ms)").
pub(super) static STATED_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bunits?\s*(?::|is|are)?\s*(?:in\s+|of\s+)?([a-z%]+)|\bin\s+(?:units\s+of\s+)?([a-z%]+)\b|(?:^|\s)\(\s*([a-z%]+)\s*\)",
    )
});

/// A number: thousands separators, optional sign and fraction, optional backticks.
pub(super) const NUM: &str = r"`?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`?";
/// Between the two ends of a range.
pub(super) const TO: &str = r"\s*(?:-|–|—|~|to)\s*";

/// "Value range: 1-100", "range: \[0, 100\]", "value ranges from 1 to 10", "Valid values: \[0,1\]".
pub(super) static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?P<pre>\b(?:value\s+|valid\s+|allowed\s+|the\s+|numeric\s+)?)(?:range(?:s)?(?:\s+is)?(?:\s+of)?\s*:?\s*(?:from\s+)?|(?:valid|allowed)\s+values?\s*(?::|are|is)\s*|value\s*:\s*|value\s+must\s+be\s+(?:in|within)\s+(?:the\s+range\s+(?:of\s+)?)?)(?:\[\s*(?P<a>{NUM})\s*(?:,|-|–|~|to)\s*(?P<b>{NUM})\s*\]|(?P<c>{NUM}){TO}(?P<d>{NUM}))"
    ))
});

/// "between 1 and 100", with a subject that makes it about the member.
pub(super) static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:must\s+be|should\s+be|is|an\s+integer|a\s+number|value|ranges?|range\s+is)\s+between\s+(?P<a>{NUM})\s+and\s+(?P<b>{NUM})"
    ))
});

/// "Maximum value: 100", "The maximum is 100", "max: 100", "upper limit is 100".
pub(super) static MAX: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:maximum|max\.?|upper\s+limit)(?:\s+(?:value|number|quantity|count))?(?:\s+(?:is|of|being|can\s+be))?\s*[:=]?\s*(?P<n>{NUM})"
    ))
});

/// "Minimum value: 1", "The minimum is 1", "min: 1", "lower limit is 1".
pub(super) static MIN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:minimum|min\.?|lower\s+limit)(?:\s+(?:value|number|quantity|count))?(?:\s+(?:is|of|being|can\s+be))?\s*[:=]?\s*(?P<n>{NUM})"
    ))
});

/// "up to 100", "at most 100", "cannot exceed 100", "no more than 100", "a maximum of 100".
pub(super) static AT_MOST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?P<lead>\b(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+greater\s+than|not\s+greater\s+than|less\s+than\s+or\s+equal\s+to|equal\s+to\s+or\s+less\s+than|(?:cannot|can\s*not|can't|must\s+not|should\s+not|shall\s+not|does\s+not|do\s+not|may\s+not|will\s+not)\s+exceed|not\s+exceeding|not\s+to\s+exceed|no\s+longer\s+than|not\s+longer\s+than|within|a\s+maximum\s+of|maximum\s+of|limit\s+of|length\s+limit\s*(?:is|of|:)?|(?:maximum|max\.?)\s+length\s*(?:is|of|:)?))\s*(?P<n>{NUM})"
    ))
});

/// "at least 1", "no less than 1", "greater than or equal to 1", "minimum length of 8".
pub(super) static AT_LEAST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|no\s+shorter\s+than|greater\s+than\s+or\s+equal\s+to|equal\s+to\s+or\s+greater\s+than|equal\s+to\s+or\s+larger\s+than|(?:minimum|min\.?)\s+length\s*(?:is|of|:)?)\s*(?P<n>{NUM})"
    ))
});

/// "must be greater than 0", "must be less than 100" (exclusive; integers only).
pub(super) static EXCLUSIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:must|should|shall)\s+be\s+(?P<dir>greater|larger|more|less|smaller|lower)\s+than\s+(?P<n>{NUM})"
    ))
});

/// "1-60 characters", "between 1 and 60 characters", "6 to 32 ASCII characters".
pub(super) static LENGTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\bbetween\s+(?P<a>{NUM})\s+and\s+(?P<b>{NUM})|(?P<c>{NUM}){TO}(?P<d>{NUM}))\s+(?:ascii\s+)?(?:characters?|chars?)\b"
    ))
});

/// "Array length: 1-100", "array length limit: 100", "array length cannot exceed 100".
pub(super) static ARRAY_LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:array|list)\s+length(?:\s+(?:limit|value|range))?\s*(?::|is|of)?\s*(?P<lead>up\s+to|at\s+most|no\s+more\s+than|(?:cannot|can't|must\s+not|should\s+not|does\s+not)\s+exceed|not\s+exceeding|maximum(?:\s+of)?)?\s*(?:\[\s*(?P<a>{NUM})\s*(?:,|-|–|~|to)\s*(?P<b>{NUM})\s*\]|(?P<c>{NUM})(?:{TO}(?P<d>{NUM}))?)"
    ))
});

/// "The maximum and minimum values allowed are `720` (30 days) and `6` respectively".
pub(super) static RESPECTIVELY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?P<first>maximum|minimum|max|min)\s+and\s+(?P<second>maximum|minimum|max|min)\s+(?:values?\s+)?(?:allowed\s+|supported\s+)?(?:are|is|:)\s*(?P<a>{NUM})(?:\s*\([^()]*\))?\s+and\s+(?P<b>{NUM})(?:\s*\([^()]*\))?\s*,?\s*respectively(?-u:\b)"
    ))
});

/// "The maximum number of instances per request is 100" (lists).
pub(super) static MAX_NUMBER_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)\bmaximum\s+(?:number|quantity|count)\s+of\s+[^.;:\d]{{1,60}}?\s+is\s+(?P<n>{NUM})"))
});

/// A value: backticked, quoted, a number or a bare word.
pub(super) const VAL: &str = r#"(?:`(?P<bt>[^`\n]{1,100})`|"(?P<dq>[^"\n]{1,100})"|'(?P<sq>[^'\n]{1,100})'|“(?P<cq>[^”\n]{1,100})”|(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\b|(?P<word>[A-Za-z0-9][A-Za-z0-9_.:/+\-]*))"#;

/// "Default value: 20", "The default value is `6`", "Default: `x`", "defaults to 1", "default 10".
pub(super) static DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)\bdefault(?:\s+value)?(?:\s*(?::|=)\s*(?:is\s+)?|\s+(?:is|will\s+be)\s+)(?:set\s+to\s+)?{VAL}"))
});

/// "default 10", "the default value `partial` is used": a quoted value or a number only.
pub(super) static DEFAULT_BARE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)\bdefault(?:\s+value)?\s+{VAL}")));

/// "defaults to 1", "It defaults to `0`".
pub(super) static DEFAULTS_TO: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)\bdefaults?\s+to\s+{VAL}")));

/// "It is 10 by default", "10 by default", "100 will be used by default".
pub(super) static BY_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)(?:^|\bis\s+|\bbe\s+|,\s*){VAL}\s+(?:(?:is|will\s+be)\s+used\s+)?by\s+default\b"))
});

/// "`cdn` (default)".
pub(super) static MARKED_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i){VAL}\s*\(default(?:\s+value)?\)")));

/// The start of an enumeration of string values.
pub(super) static VALUES_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?P<pre>\b[a-z]+\s+)??\b(?:(?P<qual>valid|enumerated|enumeration|enumerations|available|allowed|possible|supported|optional|accepted|returned|return)\s+values?|values|value\s+range|value)\s*(?P<verb>:|\bare\b\s*:?|\binclude\b|\bincludes\b|\bincluding\b)",
    )
});

/// Sentences that look like a constraint or default.
pub(super) static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bdefault\s+value\b|\bdefault\s*(?::|is\b)|\bdefaults?\s+to\b|\bby\s+default\b|\(default\)|\brange\b\s*(?::|is|of|from)|\branges\s+from\b|\b(?:valid|enumerat\w*|available|allowed|possible|supported)\s+values?\b|\bvalues?\s*:|\b(?:maximum|minimum|max|min)\.?(?:\s+(?:value|length|number|quantity|count))?\s*(?::|=|\bis\b|\bof\s+`?\d|`?\d)|\bup\s+to\s+\d|\bat\s+(?:most|least)\s+\d|\bno\s+(?:more|less)\s+than\s+\d|\bexceed(?:ing)?\s+\d|\d\s*(?:characters|chars|bytes)\b|\barray\s+length\b|\blength\s+limit\b|\bbetween\s+\d",
    )
});

/// "Note: This field may return null, indicating that no valid values can be obtained."
pub(super) static NO_VALID_VALUE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bno\s+valid\s+values?\b"));

/// Words that make a whole sentence hedged or illustrative.
pub(super) static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:recommend\w*|suggest\w*|typical\w*|usually|generally|normally|approximately|roughly|about\s+\d|e\.g\.|for\s+example|for\s+instance|such\s+as|reference\s+range|example)\b",
    )
});

/// Conditions ("if", "when", ...), other than the absence of the member itself.
pub(super) static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:if|when|whenever|unless|except|whereas|while|only\s+(?:valid|applicable|available|supported|effective|used))\b|^\s*(?:for|in|on|under|with)\b",
    )
});

/// The text of [`ABSENCE`].
pub(super) const ABSENCE_PATTERN: &str = r"(?i)\b(?:if|when|unless)\s+(?:(?:it|this|the|that)\s+(?:parameter\s+|field\s+|value\s+|param\s+)?(?:is|are)\s+|it(?:'|’)s\s+|you\s+|(?:this|the)\s+(?:parameter|field|value)\s+|not\s+)?(?:not|left|empty|unspecified|omitted|blank|null|none|leaving|don't|don’t|do\s+not|did\s+not|no\s+value|unset|passed\s+in\s+as\s+empty)\b";

/// "if it is not specified", "when left empty", ...: a condition on the member itself.
pub(super) static ABSENCE: LazyLock<Regex> = LazyLock::new(|| re(ABSENCE_PATTERN));

/// [`ABSENCE`] at the start of a text.
pub(super) static ABSENCE_HERE: LazyLock<Regex> = LazyLock::new(|| re(&format!("^(?:{ABSENCE_PATTERN})")));

/// Per-item wording before a length ("each tag can contain up to 16 characters").
pub(super) static PER_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:each|every|per|single|individual|segment|element|elements|item|items|plus|sum|total|combined|together|suffix|prefix)\b",
    )
});

/// Bounds on a sum or total rather than on the member.
pub(super) static TOTAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:total|sum|combined|together|altogether|overall|plus|cumulative|aggregate)\b"));

/// Lengths that are not counted in characters ("Chinese characters count as 2").
pub(super) static NOT_CHARS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)chinese\s+character|full-?width|double-?byte|half-?width\s+character|counts?\s+as|utf-?8|unicode|encod|emoji|\bbytes?\b",
    )
});

/// Strings that hold several values, or enumerations that may be incomplete.
/// A software version (`5.7`, `8.0`, `2.4.1`, `v1.2`, `1.0-lite`): an enumeration of only
/// these is a moving set, kept as documentation (`versions`).
pub(super) static VERSION: LazyLock<Regex> = LazyLock::new(|| re(r"^[vV]?[0-9]+(?:\.[0-9]+)+(?:[-_.][A-Za-z0-9]+)*$"));

pub(super) static NOT_ONE_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)multiple|separat|comma|combin|concatenat|case[- ]?insensitive|not\s+case[- ]?sensitive|\bjson\b|\barray\b|\blist\s+of\b|and\s+so\s+on|\betc\b|\bother\s+values\b|wildcard|\bprefix|fuzzy|more\s+values|custom\s+value|any\s+value|mixed|also\s+(?:supported|accepted|allowed|be)|\bor\s+a\b",
    )
});

/// Items of a list that speak of the member as a whole ("Value range: 1-100", "Up to 60
/// characters"); other items state a mode or a condition ("Sharded clusters: [1, 5]").
pub(super) static GENERAL_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:[-*\x01\u{2022}]\s*|\d{1,2}[.)]\s*)?(?:the\s+)?(?:value|values|valid|range|maximum|minimum|max|min|default|unit|length|limit|note|format|size|it|this|specif[0-9A-Za-z_]*|you\s+can|up\s+to|at\s+most|at\s+least|supports?|can|cannot|must|only|array|number|a\s+maximum|a\s+minimum|no\s+more|not\s+more|no\s+less|enter|contains?|consists?|allowed|accepted)(?-u:\b)",
    )
});

/// An account's quota ("the maximum value allowed for the account, with a default creation
/// maximum value of 20"): it can be raised, so it bounds nothing.
pub(super) static QUOTA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)quotas?(?-u:\b)|(?-u:\b)default\s+(?:[0-9A-Za-z_]+\s+){0,2}(?:maximum|max|upper\s+limit|limit)(?-u:\b)|(?-u:\b)(?:for|per|of)\s+(?:the|an|each|your|one|a\s+single)\s+account(?-u:\b)",
    )
});

/// Words without which [`ABSENCE`] cannot match (a literal search, much faster).
pub(super) static HINTS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)if|when|unless"));

/// Words without which [`QUOTA`] cannot match.
pub(super) static QUOTA_HINT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)quota|default|account"));

/// "Possible returned values", "values returned": an enumeration of what the service returns.
pub(super) static RETURNED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\breturn(?:s|ed)?\b"));

/// What a value that is the object of a server-side adjustment looks like: a number, or
/// "the default", "the maximum", ...
pub(super) const ADJUSTED_TO: &str = r"(?:`?-?\d|the\s+(?:default|maximum|minimum|max|min|upper|lower|limit|nearest|closest|allowed|valid)|its\s+(?:default|maximum|minimum)|(?:default|maximum|minimum)(?-u:\b))";

/// The server adjusts values outside the documented bounds instead of refusing them:
/// "automatically truncated to 100 if exceeded", "if above 180000, it is set to 180000",
/// "values less than 5000 will be clamped to 5000",
/// "If exceeded, the server will automatically roll back to the default value 10",
/// "The extra characters will be truncated".
pub(super) static CLAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)truncat(?:e|ed|es|ing)(?-u:\b)|(?-u:\b)automatically\s+(?:be\s+)?(?:roll(?:s|ed)?\s+back|(?:adjusted|set|changed|corrected|rounded|capped|clamped|limited|reduced|increased|reset)\s+(?:to|as)\s+{ADJUSTED_TO})|(?-u:\b)rolls?\s+back\s+to\s+(?:the\s+)?default|(?-u:\b)takes?\s+effect\s+as\s+{ADJUSTED_TO}|(?-u:\b)(?:exceed[0-9A-Za-z_]*|above|beyond|greater\s+than|larger\s+than|more\s+than|higher\s+than|below|less\s+than|smaller\s+than|lower\s+than|out\s+of\s+(?:the\s+)?range|outside\s+(?:the\s+|this\s+|that\s+)?range)(?-u:\b)[^.;]*?(?-u:\b)(?:(?:be|is|are|gets?)\s+(?:automatically\s+)?(?:set|treated|processed|adjusted|changed|reset|rounded|corrected|capped|clamped|limited|regarded|considered|converted|replaced|handled|calculated)\s+(?:as|to|by)\s+{ADJUSTED_TO}|(?:the\s+)?{ADJUSTED_TO}[^.;]*?(?-u:\b)(?:will\s+be|is|are)\s+used|(?:uses?|using|takes?|applies|apply)\s+the\s+(?:default|max|min|upper|lower)|defaults?\s+to|rolls?\s+back|takes?\s+effect\s+as)"
    ))
});

/// What a special value means ("no limit", "disabled", "unlimited", ...).
pub(super) const MEANING: &str = r"(?:no\s+(?:limit|limits|restriction|upper\s+limit|cap|timeout|expiration|expiry|modification|change)|unlimited|not\s+limited|limitless|infinite|infinity|never|permanent[0-9A-Za-z_]*|forever|disabl[0-9A-Za-z_]*|turn(?:s|ed)?\s+off|switch(?:es|ed)?\s+off|off|not\s+(?:enabled|enable|set|used|use|specified|limited|configured|restricted|effective|modified|changed)|none|all|automatic[0-9A-Za-z_]*|default|unset|unavailable|not\s+available|cancel[0-9A-Za-z_]*|clear[0-9A-Za-z_]*|ignor[0-9A-Za-z_]*|deactivat[0-9A-Za-z_]*|long[- ]term|immediate[0-9A-Za-z_]*)";

/// A number given a meaning of its own: "0: no limit", "`0` refers to disable it", "-1
/// indicates unlimited", "0 means no modification", "If it is set to 0, ... disabled".
pub(super) static SPECIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:^|[^[0-9A-Za-z_].\-])`?(?P<n>-?\d+)`?\s*(?:\([^()]*\)\s*)?(?::|：|=|(?-u:\b)means?(?-u:\b)|(?-u:\b)indicates?(?-u:\b)|(?-u:\b)represents?(?-u:\b)|(?-u:\b)refers?\s+to(?-u:\b)|(?-u:\b)stands\s+for(?-u:\b)|(?-u:\b)denotes?(?-u:\b)|(?-u:\b)specifies(?-u:\b)|(?-u:\b)is(?-u:\b)|(?-u:\b)disables?(?-u:\b)|(?-u:\b)turns?(?-u:\b))[^.;:\d\n]*?(?-u:\b){MEANING}(?-u:\b)|(?:(?-u:\b)set(?:ting)?|(?-u:\b)pass(?:ing)?|(?-u:\b)enter(?:ing|ed)?|(?-u:\b)specify(?:ing)?|(?-u:\b)fill(?:ing)?\s+in|(?-u:\b)value\s+of|(?-u:\b)if|(?-u:\b)when)\s+(?:it\s+|this\s+(?:parameter|field|value)\s+|the\s+value\s+)?(?:is\s+)?(?:set\s+)?(?:to\s+|as\s+)?`?(?P<m>-?\d+)`?[^.;:\d\n]*?(?-u:\b){MEANING}(?-u:\b)"
    ))
});

/// The numbers the documentation gives a meaning of their own (see [`SPECIAL`]).
pub(super) fn special_values(text: &str) -> Vec<i128> {
    SPECIAL
        .captures_iter(text)
        .filter_map(|c| c.name("n").or_else(|| c.name("m")))
        .filter_map(|m| m.as_str().parse::<i128>().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    #[test]
    fn patterns_compile() {
        let all: [&Regex; 31] = [
            &HINTS,
            &QUOTA_HINT,
            &RESPECTIVELY,
            &QUOTA,
            &CLAMP,
            &SPECIAL,
            &GENERAL_ITEM,
            &RETURNED,
            &TAG,
            &STATED_UNIT,
            &RANGE,
            &BETWEEN,
            &MAX,
            &MIN,
            &AT_MOST,
            &AT_LEAST,
            &EXCLUSIVE,
            &LENGTH_RANGE,
            &ARRAY_LENGTH,
            &MAX_NUMBER_OF,
            &DEFAULT,
            &DEFAULT_BARE,
            &DEFAULTS_TO,
            &BY_DEFAULT,
            &MARKED_DEFAULT,
            &VALUES_HEAD,
            &TRIGGER,
            &HEDGE,
            &CONDITION,
            &ABSENCE,
            &PER_ITEM,
        ];
        assert!(!TOTAL.as_str().is_empty() && !NO_VALID_VALUE.as_str().is_empty() && !ABSENCE_HERE.as_str().is_empty());
        assert!(all.iter().all(|r| !r.as_str().is_empty()));
        assert!(!NOT_CHARS.as_str().is_empty() && !NOT_ONE_OF.as_str().is_empty());
    }
}
