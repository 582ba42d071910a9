//! Mining of constraints and defaults from the English documentation of API members.
//!
//! Tencent Cloud's machine-readable API descriptions carry no ranges, enumerations or
//! defaults: these appear only in prose ("Value range: 1-100.", "Default value: 20.",
//! "Valid values: `A`, `B`.", "Maximum length: 60 characters."). [`mine`] reads that prose
//! and keeps only what is stated unambiguously, because a wrong constraint would make the
//! SDK reject requests the server accepts. Whatever looks like a constraint or default but
//! cannot be read safely is handed back as prose.
//!
//! The text is first normalised (HTML tags become line breaks, entities and `**bold**`
//! markers are removed) and cut into sentences; each sentence is then matched against a
//! fixed set of phrasings:
//!
//! * numbers: "Value range: 1-100", "Value range: [0, 100]", "value ranges from 1 to 10",
//!   "between 1 and 10", "Maximum value: 100", "The maximum is 100", "up to 100",
//!   "cannot exceed 100", "Minimum value: 1", "at least 1", "must be greater than 0";
//! * string lengths, in characters only: "Maximum length: 60 characters", "up to 60
//!   characters", "1-60 characters", "length limit of 60 characters", "at least 8 characters";
//! * list sizes: "Array length: 1-100", "Array length limit: 100", "up to 100 items",
//!   "Each request can contain up to 100 instances", "The maximum number of IDs per request is 100";
//! * string enumerations: "Valid values: `A`, `B`", "Valid values are A, B, and C",
//!   "Values: `A` (first), `B` (second)", and "Valid values:" followed by one item a line
//!   (`<li>A: first</li><li>B: second</li>`);
//! * defaults: "Default value: 20", "The default is `6`", "defaults to `true`",
//!   "Default: `ap-guangzhou`", "It is 10 by default", "`cdn` (default)".
//!
//! A phrase is refused (left as prose) when the sentence is conditional ("If `Type` is A,
//! ..."), hedged ("recommended", "for example"), when a number carries a unit that the
//! documentation does not state as the member's unit, when a length is in bytes or counted
//! per item, when a bound is on a total or sum, when the kind of constraint does not fit the
//! member's type, or when the documentation states two different values for the same kind
//! (every sentence stating that kind is then prose). An enumeration is refused when it
//! names one value only, may be open ("include", "etc.", "multiple values separated by
//! commas", "case-insensitive"), or mixes `lowercase` and `Capitalised` values; it is kept
//! only when the documented example is one of its values, letter case included (about 3%
//! of the catalogue's examples differ from the listed values in case only).
//!
//! No bound is read from what the text says happens when the member is not set ("If you
//! do not set this parameter, ... within 72 hours"), from "within N <unit>" (a time
//! window), from an account's quota ("a default creation maximum value of 20"), or from a
//! maximum in a sentence saying "respectively" other than "the maximum and minimum values
//! are A and B respectively" (read as both).
//!
//! Some constraints are kept as documentation only (`enforce: false` with a reason, see
//! [`NotEnforced`]): every bound of a member whose text says the server adjusts values
//! ("truncated", "it is set to 180000", "rolls back to the default": `clamped`); a minimum
//! or maximum that excludes a number the text gives a meaning ("0 means no modification",
//! "-1 indicates unlimited": `special_values`); what one item of a list of modes states
//! ("When the field type is ReqBody, ...": `mode_specific`); "Returned values:" lists
//! (`returned_values`). The importer adds `page_size` and `wider_use` (see
//! `import::api`).
//!
//! Constraints that reject the documented example, and bounds whose minimum exceeds the
//! maximum, are dropped with a reason. A default that breaks a kept constraint is dropped,
//! and so are the constraints it breaks: such a default is usually a special value the
//! stated range or set leaves out ("0: disabled", "-1: unlimited").

use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde_yaml::Value;

use crate::spec::model::{ConstraintSpec, NotEnforced, NumberSpec, TypeSpec};

/// What was mined from one member's documentation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mined {
    /// The server default stated in the text, typed for the member (number, bool or string), if unambiguous.
    pub default: Option<serde_yaml::Value>,
    /// Constraints kept; each has exactly one kind set and `source` = the sentence it came from.
    pub constraints: Vec<ConstraintSpec>,
    /// Constraints found but dropped, with the reason (e.g. "rejects the documented example `0`").
    /// A default dropped for breaking a kept constraint is listed here too, as a
    /// `ConstraintSpec` with no kind set, `doc` naming the default (`default: 20`) and its `source`; the
    /// constraints it breaks are dropped with it ("rejects the documented default `0`").
    pub dropped: Vec<(ConstraintSpec, String)>,
    /// Sentences that look like a constraint or default but were left as prose (ambiguous, unit unclear, kind does not fit the type, ...).
    pub prose: Vec<String>,
}

/// Mines `doc` of a member of type `ty` (TypeSpec::Named("string"|"int64"|"uint64"|"float"|"bool"|"date"|...|ModelName) or TypeSpec::List(vec![inner])), whose documented example is `example` (a string as in api.json: "10", "[\"a\",\"b\"]", "abc").
/// Documentation that is not English (contains CJK characters) yields nothing.
pub fn mine(doc: &str, ty: &TypeSpec, example: Option<&str>) -> Mined {
    if doc.chars().any(is_cjk) {
        return Mined::default();
    }
    let field = Field::of(ty);
    let text = normalize(doc);
    let mut miner = Miner {
        field,
        units: stated_units(&text),
        text: &text,
        multi_valued: NOT_ONE_OF.is_match(&text),
        lookups: Cell::new(0),
        found: Vec::new(),
        prose: Vec::new(),
        prose_seen: BTreeSet::new(),
        documented: Vec::new(),
    };
    let used = miner.scan_line_lists();
    let lists = text.split('\n').filter(|l| is_item(l)).count() >= 2;
    for (line, use_) in text.split('\n').zip(used) {
        let specific = lists && is_item(line) && !GENERAL_ITEM.is_match(unmarked(line.trim_start()));
        let line = unmarked(line.trim_start());
        let mut parts: Vec<&str> = split_line(line).into_iter().map(str::trim).filter(|s| !s.is_empty()).collect();
        match use_ {
            LineUse::Free => {}
            LineUse::Head => {
                parts.pop();
            }
            LineUse::Item => parts.clear(),
        }
        for sentence in parts {
            if specific {
                // "For sharded clusters: [1, 5]": the item's bounds are not the member's.
                miner.documented.push((Rc::from(sentence), NotEnforced::ModeSpecific));
            }
            miner.scan(sentence);
        }
    }
    miner.finish(example)
}

/// The value-like tokens a documentation names: backticked or quoted words, and words
/// labelling a line, a list item or a `;`-separated part ("left: Left view"). Labels that
/// are English ("Note:", "Example:") are left out. Used to compare what a member holding a
/// model documents with an enumeration on the model.
pub fn listed_values(doc: &str) -> BTreeSet<String> {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r#"`(?P<bt>[^`\s]{1,60})`|"(?P<dq>[^"\s]{1,60})"|(?m)(?:^|;)[ \x01\u{2022}*-]*(?P<label>[A-Za-z][A-Za-z0-9_.\-]{0,40})\s*[:：]"#,
        )
    });
    const ENGLISH: [&str; 14] = [
        "note",
        "notes",
        "example",
        "examples",
        "default",
        "description",
        "type",
        "required",
        "unit",
        "remark",
        "remarks",
        "warning",
        "tip",
        "format",
    ];
    if doc.chars().any(is_cjk) {
        return BTreeSet::new();
    }
    TOKEN
        .captures_iter(&normalize(doc))
        .filter_map(|c| c.name("bt").or_else(|| c.name("dq")).or_else(|| c.name("label")))
        .map(|m| m.as_str().to_owned())
        .filter(|t| !ENGLISH.contains(&t.to_ascii_lowercase().as_str()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// The member's type, as far as mining is concerned.

/// The shape of a member, as far as constraints are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// `int64`.
    Int,
    /// `uint64`.
    UInt,
    /// `float`.
    Float,
    /// `bool`.
    Bool,
    /// A plain `string`.
    Str,
    /// A string with a format of its own (`date`, `datetime`, `binary`, ...).
    Text,
    /// A list; `numeric` when its items are numbers, `objects` when they are models.
    List { numeric: bool, objects: bool },
    /// A model.
    Object,
}

impl Field {
    fn of(ty: &TypeSpec) -> Field {
        match ty {
            TypeSpec::Named(name) => match name.as_str() {
                "int64" | "int" | "integer" => Field::Int,
                "uint64" => Field::UInt,
                "float" | "double" => Field::Float,
                "bool" | "boolean" => Field::Bool,
                "string" => Field::Str,
                "date" | "datetime" | "datetime_iso" | "binary" | "timestamp" => Field::Text,
                _ => Field::Object,
            },
            TypeSpec::List(inner) => {
                let numeric =
                    matches!(inner.as_slice(), [t] if matches!(Field::of(t), Field::Int | Field::UInt | Field::Float));
                let objects = matches!(inner.as_slice(), [t] if Field::of(t) == Field::Object);
                Field::List { numeric, objects }
            }
        }
    }

    fn is_number(self) -> bool {
        matches!(self, Field::Int | Field::UInt | Field::Float)
    }
}

// ---------------------------------------------------------------------------------------
// Text preparation.

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30ff}' // kana
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}' // hangul
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}' // full-width forms
        | '\u{20000}'..='\u{2ffff}')
}

static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"</?(?P<name>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>"));

/// Block tags become line breaks, `<code>` a backtick, other tags nothing; entities, bold
/// markers and odd spaces go.
fn normalize(doc: &str) -> String {
    let text = TAG.replace_all(doc, |c: &Captures<'_>| {
        let name = c.name("name").map_or(String::new(), |m| m.as_str().to_ascii_lowercase());
        let opening = !c.get(0).is_some_and(|m| m.as_str().starts_with("</"));
        match name.as_str() {
            "code" => "`",
            // A list item starts a line marked as one (see [`ITEM_MARK`]).
            "li" if opening => "\n\u{1} ",
            "b" | "strong" | "i" | "em" | "span" | "a" | "font" | "sup" | "sub" | "u" => "",
            _ => "\n",
        }
    });
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("**", "")
        .replace(['\u{a0}', '\t'], " ")
        .replace('\r', "\n")
}

/// What [`normalize`] puts at the start of a line that was a list item (`<li>`): an ASCII
/// control character, so that texts without other non-ASCII characters stay ASCII (the
/// regular expressions' fast engines need that for Unicode word boundaries).
const ITEM_MARK: &str = "\u{1} ";

/// A line without the mark of a list item [`normalize`] added.
fn unmarked(line: &str) -> &str {
    line.strip_prefix(ITEM_MARK).unwrap_or(line)
}

/// Whether a line is an item of a list: `<li>`, or written with `- `, `* `, `• ` or `1. `.
fn is_item(line: &str) -> bool {
    let l = line.trim_start();
    l.starts_with(ITEM_MARK)
        || l.starts_with("\u{2022} ")
        || l.starts_with("- ")
        || l.starts_with("* ")
        || l.split_once(['.', ')']).is_some_and(|(n, rest)| {
            !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()) && rest.starts_with(' ')
        })
}

/// Sentences of a line: cut after `.`, `!` or `?` followed by white space.
fn split_line(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_stop = false;
    for (i, c) in line.char_indices() {
        if prev_stop && c.is_whitespace() {
            out.push(&line[start..i]);
            start = i;
        }
        prev_stop = matches!(c, '.' | '!' | '?');
    }
    out.push(&line[start..]);
    out
}

// ---------------------------------------------------------------------------------------
// Units.

/// The canonical name of a unit word, if it is one.
fn unit(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    Some(match w.trim_end_matches('.') {
        "ms" | "millisecond" | "milliseconds" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "min" | "mins" | "minute" | "minutes" => "min",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" => "year",
        "b" | "byte" | "bytes" => "B",
        "kb" | "kib" => "KB",
        "mb" | "mib" | "m" => "MB",
        "gb" | "gib" | "g" => "GB",
        "tb" | "tib" => "TB",
        "pb" => "PB",
        "bps" => "bps",
        "kbps" => "kbps",
        "mbps" => "Mbps",
        "gbps" => "Gbps",
        "px" | "pixel" | "pixels" => "px",
        "%" | "percent" => "%",
        "core" | "cores" => "core",
        "℃" | "°c" => "°C",
        _ => return None,
    })
}

static STATED_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bunits?\s*(?::|is|are)?\s*(?:in\s+|of\s+)?([a-z%]+)|\bin\s+(?:units\s+of\s+)?([a-z%]+)\b|(?:^|\s)\(\s*([a-z%]+)\s*\)",
    )
});

/// Units the documentation states for the member ("Unit: second", "in MB", "(ms)").
fn stated_units(text: &str) -> BTreeSet<&'static str> {
    STATED_UNIT
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
        .filter_map(|m| unit(m.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Numbers.

/// A number as written: sign, digits (thousands separators removed), optional fraction.
#[derive(Debug, Clone, PartialEq)]
struct Raw(String);

impl Raw {
    fn new(text: &str) -> Raw {
        Raw(text.trim().trim_matches('`').replace(',', "").trim_start_matches('+').to_string())
    }

    fn is_integer(&self) -> bool {
        !self.0.contains('.')
    }

    fn i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    fn u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    fn f64(&self) -> Option<f64> {
        self.0.parse::<f64>().ok().filter(|f| f.is_finite())
    }
}

/// Canonical form of an integer, as a YAML spec would deserialise it.
fn int_spec(v: i128) -> Option<NumberSpec> {
    if let Ok(i) = i64::try_from(v) {
        Some(NumberSpec::Int(i))
    } else {
        u64::try_from(v).ok().map(NumberSpec::UInt)
    }
}

fn as_f64(n: NumberSpec) -> f64 {
    match n {
        NumberSpec::Int(i) => i as f64,
        NumberSpec::UInt(u) => u as f64,
        NumberSpec::Float(f) => f,
    }
}

fn as_i128(n: NumberSpec) -> Option<i128> {
    match n {
        NumberSpec::Int(i) => Some(i.into()),
        NumberSpec::UInt(u) => Some(u.into()),
        NumberSpec::Float(_) => None,
    }
}

fn show(n: NumberSpec) -> String {
    match n {
        NumberSpec::Int(i) => i.to_string(),
        NumberSpec::UInt(u) => u.to_string(),
        NumberSpec::Float(f) => f.to_string(),
    }
}

fn num_le(a: NumberSpec, b: NumberSpec) -> bool {
    match (as_i128(a), as_i128(b)) {
        (Some(x), Some(y)) => x <= y,
        _ => as_f64(a) <= as_f64(b),
    }
}

// ---------------------------------------------------------------------------------------
// What the phrases find.

/// One constraint kind with its value.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Min(NumberSpec),
    Max(NumberSpec),
    MinLength(u64),
    MaxLength(u64),
    MinItems(u64),
    MaxItems(u64),
    OneOf(Vec<String>),
}

impl Kind {
    /// Kinds that must not be stated twice with different values.
    fn slot(&self) -> usize {
        match self {
            Kind::Min(_) => 0,
            Kind::Max(_) => 1,
            Kind::MinLength(_) => 2,
            Kind::MaxLength(_) => 3,
            Kind::MinItems(_) => 4,
            Kind::MaxItems(_) => 5,
            Kind::OneOf(_) => 6,
        }
    }

    fn spec(&self, source: &str) -> ConstraintSpec {
        let mut c = ConstraintSpec { source: Some(source.to_string()), ..ConstraintSpec::default() };
        match self {
            Kind::Min(n) => c.min = Some(*n),
            Kind::Max(n) => c.max = Some(*n),
            Kind::MinLength(n) => c.min_length = Some(*n),
            Kind::MaxLength(n) => c.max_length = Some(*n),
            Kind::MinItems(n) => c.min_items = Some(*n),
            Kind::MaxItems(n) => c.max_items = Some(*n),
            Kind::OneOf(v) => c.one_of = Some(v.clone()),
        }
        c
    }

    fn describe(&self) -> String {
        match self {
            Kind::Min(n) => format!("min {}", show(*n)),
            Kind::Max(n) => format!("max {}", show(*n)),
            Kind::MinLength(n) => format!("min_length {n}"),
            Kind::MaxLength(n) => format!("max_length {n}"),
            Kind::MinItems(n) => format!("min_items {n}"),
            Kind::MaxItems(n) => format!("max_items {n}"),
            Kind::OneOf(v) => format!("one_of [{}]", v.join(", ")),
        }
    }

    /// Whether a value passes the constraint; `None` when the constraint does not speak about it.
    fn accepts(&self, v: &Sample) -> Option<bool> {
        match (self, v) {
            (Kind::Min(b), Sample::Number(n)) => Some(num_le(*b, *n)),
            (Kind::Max(b), Sample::Number(n)) => Some(num_le(*n, *b)),
            (Kind::MinLength(b), Sample::Text(s)) => Some(s.chars().count() as u64 >= *b),
            (Kind::MaxLength(b), Sample::Text(s)) => Some(s.chars().count() as u64 <= *b),
            (Kind::OneOf(set), Sample::Text(s)) => Some(set.iter().any(|x| x == s)),
            (Kind::MinItems(b), Sample::Items(n)) => Some(*n as u64 >= *b),
            (Kind::MaxItems(b), Sample::Items(n)) => Some(*n as u64 <= *b),
            _ => None,
        }
    }
}

/// A value to check constraints against: the documented example, or a default.
enum Sample {
    Number(NumberSpec),
    Text(String),
    Items(usize),
}

/// A source sentence, shared by the findings it yields.
type Src = Rc<str>;

/// A finding: a constraint or a default, with the sentence it came from.
#[derive(Debug, Clone)]
enum Found {
    Constraint(Kind, Src),
    Default(Value, Src),
}

/// Which quantity a bound speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    /// The number itself.
    Value,
    /// Characters of a string.
    Length,
    /// Items of a list.
    Items,
    /// Not said: decided by the member's type (numbers: value; lists: items).
    Generic,
}

/// What follows a number.
#[derive(Debug, Clone, PartialEq)]
enum Tail {
    /// Nothing, punctuation or a word that ends the phrase ("and", "maximum", ...).
    Clean,
    /// A unit (canonical name).
    Unit(&'static str),
    /// "characters", "bytes" and the like.
    Chars,
    /// A word introducing a condition ("for", "when", ...).
    Condition,
    /// Another word (a noun, usually).
    Word(String),
    /// Something unexpected (another number, a dash, ...).
    Other,
}

fn tail(rest: &str) -> Tail {
    let r = rest.trim_start();
    if ABSENCE_HERE.is_match(r) {
        // "defaults to 0 if left empty": the condition is the member's own absence.
        return Tail::Clean;
    }
    let Some(c) = r.chars().next() else { return Tail::Clean };
    if c == '%' {
        return Tail::Unit("%");
    }
    if c == '(' {
        let inner = r[1..].trim_start();
        let word: String = inner.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        return match unit(&word) {
            Some(u) if inner[word.len()..].trim_start().starts_with(')') => Tail::Unit(u),
            _ => Tail::Clean,
        };
    }
    if matches!(c, '.' | ',') && r[1..].starts_with(|d: char| d.is_ascii_digit()) {
        // "2.4.1", "10,20": the number read is only part of what is written.
        return Tail::Other;
    }
    if matches!(c, '.' | ',' | ';' | ')' | ']' | '，' | '!' | '?') {
        return Tail::Clean;
    }
    if !c.is_alphabetic() {
        return Tail::Other;
    }
    let word: String = r.chars().take_while(|c| c.is_alphanumeric() || *c == '/' || *c == '-').collect();
    let lower = word.to_lowercase();
    if let Some(u) = unit(&lower) {
        return Tail::Unit(u);
    }
    match lower.as_str() {
        "characters" | "character" | "chars" | "char" | "ascii" | "bytes" | "byte" | "digits" | "letters" => {
            Tail::Chars
        }
        "for" | "when" | "if" | "in" | "on" | "under" | "unless" | "except" | "per" | "with" | "only" | "after"
        | "before" | "of" | "by" | "times" => Tail::Condition,
        "and" | "maximum" | "minimum" | "max" | "min" | "default" | "defaults" | "value" | "values" | "valid"
        | "range" | "unit" | "units" | "note" | "inclusive" => Tail::Clean,
        _ => Tail::Word(word),
    }
}

// ---------------------------------------------------------------------------------------
// Phrases.

fn re(pattern: &str) -> Regex {
    // The patterns are constants: a failure is a bug caught by the tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}"))
}

/// A number: thousands separators, optional sign and fraction, optional backticks.
const NUM: &str = r"`?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`?";
/// Between the two ends of a range.
const TO: &str = r"\s*(?:-|–|—|~|to)\s*";

/// "Value range: 1-100", "range: \[0, 100\]", "value ranges from 1 to 10", "Valid values: \[0,1\]".
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?P<pre>\b(?:value\s+|valid\s+|allowed\s+|the\s+|numeric\s+)?)(?:range(?:s)?(?:\s+is)?(?:\s+of)?\s*:?\s*(?:from\s+)?|(?:valid|allowed)\s+values?\s*(?::|are|is)\s*|value\s*:\s*|value\s+must\s+be\s+(?:in|within)\s+(?:the\s+range\s+(?:of\s+)?)?)(?:\[\s*(?P<a>{NUM})\s*(?:,|-|–|~|to)\s*(?P<b>{NUM})\s*\]|(?P<c>{NUM}){TO}(?P<d>{NUM}))"
    ))
});

/// "between 1 and 100", with a subject that makes it about the member.
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:must\s+be|should\s+be|is|an\s+integer|a\s+number|value|ranges?|range\s+is)\s+between\s+(?P<a>{NUM})\s+and\s+(?P<b>{NUM})"
    ))
});

/// "Maximum value: 100", "The maximum is 100", "max: 100", "upper limit is 100".
static MAX: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:maximum|max\.?|upper\s+limit)(?:\s+(?:value|number|quantity|count))?(?:\s+(?:is|of|being|can\s+be))?\s*[:=]?\s*(?P<n>{NUM})"
    ))
});

/// "Minimum value: 1", "The minimum is 1", "min: 1", "lower limit is 1".
static MIN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:minimum|min\.?|lower\s+limit)(?:\s+(?:value|number|quantity|count))?(?:\s+(?:is|of|being|can\s+be))?\s*[:=]?\s*(?P<n>{NUM})"
    ))
});

/// "up to 100", "at most 100", "cannot exceed 100", "no more than 100", "a maximum of 100".
static AT_MOST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?P<lead>\b(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+greater\s+than|not\s+greater\s+than|less\s+than\s+or\s+equal\s+to|equal\s+to\s+or\s+less\s+than|(?:cannot|can\s*not|can't|must\s+not|should\s+not|shall\s+not|does\s+not|do\s+not|may\s+not|will\s+not)\s+exceed|not\s+exceeding|not\s+to\s+exceed|no\s+longer\s+than|not\s+longer\s+than|within|a\s+maximum\s+of|maximum\s+of|limit\s+of|length\s+limit\s*(?:is|of|:)?|(?:maximum|max\.?)\s+length\s*(?:is|of|:)?))\s*(?P<n>{NUM})"
    ))
});

/// "at least 1", "no less than 1", "greater than or equal to 1", "minimum length of 8".
static AT_LEAST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|no\s+shorter\s+than|greater\s+than\s+or\s+equal\s+to|equal\s+to\s+or\s+greater\s+than|equal\s+to\s+or\s+larger\s+than|(?:minimum|min\.?)\s+length\s*(?:is|of|:)?)\s*(?P<n>{NUM})"
    ))
});

/// "must be greater than 0", "must be less than 100" (exclusive; integers only).
static EXCLUSIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:must|should|shall)\s+be\s+(?P<dir>greater|larger|more|less|smaller|lower)\s+than\s+(?P<n>{NUM})"
    ))
});

/// "1-60 characters", "between 1 and 60 characters", "6 to 32 ASCII characters".
static LENGTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\bbetween\s+(?P<a>{NUM})\s+and\s+(?P<b>{NUM})|(?P<c>{NUM}){TO}(?P<d>{NUM}))\s+(?:ascii\s+)?(?:characters?|chars?)\b"
    ))
});

/// "Array length: 1-100", "array length limit: 100", "array length cannot exceed 100".
static ARRAY_LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:array|list)\s+length(?:\s+(?:limit|value|range))?\s*(?::|is|of)?\s*(?P<lead>up\s+to|at\s+most|no\s+more\s+than|(?:cannot|can't|must\s+not|should\s+not|does\s+not)\s+exceed|not\s+exceeding|maximum(?:\s+of)?)?\s*(?:\[\s*(?P<a>{NUM})\s*(?:,|-|–|~|to)\s*(?P<b>{NUM})\s*\]|(?P<c>{NUM})(?:{TO}(?P<d>{NUM}))?)"
    ))
});

/// "The maximum and minimum values allowed are `720` (30 days) and `6` respectively".
static RESPECTIVELY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?P<first>maximum|minimum|max|min)\s+and\s+(?P<second>maximum|minimum|max|min)\s+(?:values?\s+)?(?:allowed\s+|supported\s+)?(?:are|is|:)\s*(?P<a>{NUM})(?:\s*\([^()]*\))?\s+and\s+(?P<b>{NUM})(?:\s*\([^()]*\))?\s*,?\s*respectively(?-u:\b)"
    ))
});

/// "The maximum number of instances per request is 100" (lists).
static MAX_NUMBER_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)\bmaximum\s+(?:number|quantity|count)\s+of\s+[^.;:\d]{{1,60}}?\s+is\s+(?P<n>{NUM})"))
});

/// A value: backticked, quoted, a number or a bare word.
const VAL: &str = r#"(?:`(?P<bt>[^`\n]{1,100})`|"(?P<dq>[^"\n]{1,100})"|'(?P<sq>[^'\n]{1,100})'|“(?P<cq>[^”\n]{1,100})”|(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\b|(?P<word>[A-Za-z0-9][A-Za-z0-9_.:/+\-]*))"#;

/// "Default value: 20", "The default value is `6`", "Default: `x`", "defaults to 1", "default 10".
static DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)\bdefault(?:\s+value)?(?:\s*(?::|=)\s*(?:is\s+)?|\s+(?:is|will\s+be)\s+)(?:set\s+to\s+)?{VAL}"))
});

/// "default 10", "the default value `partial` is used": a quoted value or a number only.
static DEFAULT_BARE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)\bdefault(?:\s+value)?\s+{VAL}")));

/// "defaults to 1", "It defaults to `0`".
static DEFAULTS_TO: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)\bdefaults?\s+to\s+{VAL}")));

/// "It is 10 by default", "10 by default", "100 will be used by default".
static BY_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)(?:^|\bis\s+|\bbe\s+|,\s*){VAL}\s+(?:(?:is|will\s+be)\s+used\s+)?by\s+default\b"))
});

/// "`cdn` (default)".
static MARKED_DEFAULT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i){VAL}\s*\(default(?:\s+value)?\)")));

/// The start of an enumeration of string values.
static VALUES_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?P<pre>\b[a-z]+\s+)??\b(?:(?P<qual>valid|enumerated|enumeration|enumerations|available|allowed|possible|supported|optional|accepted|returned|return)\s+values?|values|value\s+range|value)\s*(?P<verb>:|\bare\b\s*:?|\binclude\b|\bincludes\b|\bincluding\b)",
    )
});

/// Sentences that look like a constraint or default.
static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bdefault\s+value\b|\bdefault\s*(?::|is\b)|\bdefaults?\s+to\b|\bby\s+default\b|\(default\)|\brange\b\s*(?::|is|of|from)|\branges\s+from\b|\b(?:valid|enumerat\w*|available|allowed|possible|supported)\s+values?\b|\bvalues?\s*:|\b(?:maximum|minimum|max|min)\.?(?:\s+(?:value|length|number|quantity|count))?\s*(?::|=|\bis\b|\bof\s+`?\d|`?\d)|\bup\s+to\s+\d|\bat\s+(?:most|least)\s+\d|\bno\s+(?:more|less)\s+than\s+\d|\bexceed(?:ing)?\s+\d|\d\s*(?:characters|chars|bytes)\b|\barray\s+length\b|\blength\s+limit\b|\bbetween\s+\d",
    )
});

/// "Note: This field may return null, indicating that no valid values can be obtained."
static NO_VALID_VALUE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bno\s+valid\s+values?\b"));

/// Words that make a whole sentence hedged or illustrative.
static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:recommend\w*|suggest\w*|typical\w*|usually|generally|normally|approximately|roughly|about\s+\d|e\.g\.|for\s+example|for\s+instance|such\s+as|reference\s+range|example)\b",
    )
});

/// Conditions ("if", "when", ...), other than the absence of the member itself.
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:if|when|whenever|unless|except|whereas|while|only\s+(?:valid|applicable|available|supported|effective|used))\b|^\s*(?:for|in|on|under|with)\b",
    )
});

/// The text of [`ABSENCE`].
const ABSENCE_PATTERN: &str = r"(?i)\b(?:if|when|unless)\s+(?:(?:it|this|the|that)\s+(?:parameter\s+|field\s+|value\s+|param\s+)?(?:is|are)\s+|it(?:'|’)s\s+|you\s+|(?:this|the)\s+(?:parameter|field|value)\s+|not\s+)?(?:not|left|empty|unspecified|omitted|blank|null|none|leaving|don't|don’t|do\s+not|did\s+not|no\s+value|unset|passed\s+in\s+as\s+empty)\b";

/// "if it is not specified", "when left empty", ...: a condition on the member itself.
static ABSENCE: LazyLock<Regex> = LazyLock::new(|| re(ABSENCE_PATTERN));

/// [`ABSENCE`] at the start of a text.
static ABSENCE_HERE: LazyLock<Regex> = LazyLock::new(|| re(&format!("^(?:{ABSENCE_PATTERN})")));

/// Per-item wording before a length ("each tag can contain up to 16 characters").
static PER_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:each|every|per|single|individual|segment|element|elements|item|items|plus|sum|total|combined|together|suffix|prefix)\b",
    )
});

/// Bounds on a sum or total rather than on the member.
static TOTAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:total|sum|combined|together|altogether|overall|plus|cumulative|aggregate)\b"));

/// Lengths that are not counted in characters ("Chinese characters count as 2").
static NOT_CHARS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)chinese\s+character|full-?width|double-?byte|half-?width\s+character|counts?\s+as|utf-?8|unicode|encod|emoji|\bbytes?\b",
    )
});

/// Strings that hold several values, or enumerations that may be incomplete.
/// A software version (`5.7`, `8.0`, `2.4.1`, `v1.2`, `1.0-lite`): an enumeration of only
/// these is a moving set, kept as documentation (`versions`).
static VERSION: LazyLock<Regex> = LazyLock::new(|| re(r"^[vV]?[0-9]+(?:\.[0-9]+)+(?:[-_.][A-Za-z0-9]+)*$"));

static NOT_ONE_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)multiple|separat|comma|combin|concatenat|case[- ]?insensitive|not\s+case[- ]?sensitive|\bjson\b|\barray\b|\blist\s+of\b|and\s+so\s+on|\betc\b|\bother\s+values\b|wildcard|\bprefix|fuzzy|more\s+values|custom\s+value|any\s+value|mixed|also\s+(?:supported|accepted|allowed|be)|\bor\s+a\b",
    )
});

/// Items of a list that speak of the member as a whole ("Value range: 1-100", "Up to 60
/// characters"); other items state a mode or a condition ("Sharded clusters: [1, 5]").
static GENERAL_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:[-*\x01\u{2022}]\s*|\d{1,2}[.)]\s*)?(?:the\s+)?(?:value|values|valid|range|maximum|minimum|max|min|default|unit|length|limit|note|format|size|it|this|specif[0-9A-Za-z_]*|you\s+can|up\s+to|at\s+most|at\s+least|supports?|can|cannot|must|only|array|number|a\s+maximum|a\s+minimum|no\s+more|not\s+more|no\s+less|enter|contains?|consists?|allowed|accepted)(?-u:\b)",
    )
});

/// An account's quota ("the maximum value allowed for the account, with a default creation
/// maximum value of 20"): it can be raised, so it bounds nothing.
static QUOTA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)quotas?(?-u:\b)|(?-u:\b)default\s+(?:[0-9A-Za-z_]+\s+){0,2}(?:maximum|max|upper\s+limit|limit)(?-u:\b)|(?-u:\b)(?:for|per|of)\s+(?:the|an|each|your|one|a\s+single)\s+account(?-u:\b)",
    )
});

/// Words without which [`ABSENCE`] cannot match (a literal search, much faster).
static HINTS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)if|when|unless"));

/// Words without which [`QUOTA`] cannot match.
static QUOTA_HINT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)quota|default|account"));

/// "Possible returned values", "values returned": an enumeration of what the service returns.
static RETURNED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\breturn(?:s|ed)?\b"));

/// What a value that is the object of a server-side adjustment looks like: a number, or
/// "the default", "the maximum", ...
const ADJUSTED_TO: &str = r"(?:`?-?\d|the\s+(?:default|maximum|minimum|max|min|upper|lower|limit|nearest|closest|allowed|valid)|its\s+(?:default|maximum|minimum)|(?:default|maximum|minimum)(?-u:\b))";

/// The server adjusts values outside the documented bounds instead of refusing them:
/// "automatically truncated to 100 if exceeded", "if above 180000, it is set to 180000",
/// "values less than 5000 will be clamped to 5000",
/// "If exceeded, the server will automatically roll back to the default value 10",
/// "The extra characters will be truncated".
static CLAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)truncat(?:e|ed|es|ing)(?-u:\b)|(?-u:\b)automatically\s+(?:be\s+)?(?:roll(?:s|ed)?\s+back|(?:adjusted|set|changed|corrected|rounded|capped|clamped|limited|reduced|increased|reset)\s+(?:to|as)\s+{ADJUSTED_TO})|(?-u:\b)rolls?\s+back\s+to\s+(?:the\s+)?default|(?-u:\b)takes?\s+effect\s+as\s+{ADJUSTED_TO}|(?-u:\b)(?:exceed[0-9A-Za-z_]*|above|beyond|greater\s+than|larger\s+than|more\s+than|higher\s+than|below|less\s+than|smaller\s+than|lower\s+than|out\s+of\s+(?:the\s+)?range|outside\s+(?:the\s+|this\s+|that\s+)?range)(?-u:\b)[^.;]*?(?-u:\b)(?:(?:be|is|are|gets?)\s+(?:automatically\s+)?(?:set|treated|processed|adjusted|changed|reset|rounded|corrected|capped|clamped|limited|regarded|considered|converted|replaced|handled|calculated)\s+(?:as|to|by)\s+{ADJUSTED_TO}|(?:the\s+)?{ADJUSTED_TO}[^.;]*?(?-u:\b)(?:will\s+be|is|are)\s+used|(?:uses?|using|takes?|applies|apply)\s+the\s+(?:default|max|min|upper|lower)|defaults?\s+to|rolls?\s+back|takes?\s+effect\s+as)"
    ))
});

/// What a special value means ("no limit", "disabled", "unlimited", ...).
const MEANING: &str = r"(?:no\s+(?:limit|limits|restriction|upper\s+limit|cap|timeout|expiration|expiry|modification|change)|unlimited|not\s+limited|limitless|infinite|infinity|never|permanent[0-9A-Za-z_]*|forever|disabl[0-9A-Za-z_]*|turn(?:s|ed)?\s+off|switch(?:es|ed)?\s+off|off|not\s+(?:enabled|enable|set|used|use|specified|limited|configured|restricted|effective|modified|changed)|none|all|automatic[0-9A-Za-z_]*|default|unset|unavailable|not\s+available|cancel[0-9A-Za-z_]*|clear[0-9A-Za-z_]*|ignor[0-9A-Za-z_]*|deactivat[0-9A-Za-z_]*|long[- ]term|immediate[0-9A-Za-z_]*)";

/// A number given a meaning of its own: "0: no limit", "`0` refers to disable it", "-1
/// indicates unlimited", "0 means no modification", "If it is set to 0, ... disabled".
static SPECIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:^|[^[0-9A-Za-z_].\-])`?(?P<n>-?\d+)`?\s*(?:\([^()]*\)\s*)?(?::|：|=|(?-u:\b)means?(?-u:\b)|(?-u:\b)indicates?(?-u:\b)|(?-u:\b)represents?(?-u:\b)|(?-u:\b)refers?\s+to(?-u:\b)|(?-u:\b)stands\s+for(?-u:\b)|(?-u:\b)denotes?(?-u:\b)|(?-u:\b)specifies(?-u:\b)|(?-u:\b)is(?-u:\b)|(?-u:\b)disables?(?-u:\b)|(?-u:\b)turns?(?-u:\b))[^.;:\d\n]*?(?-u:\b){MEANING}(?-u:\b)|(?:(?-u:\b)set(?:ting)?|(?-u:\b)pass(?:ing)?|(?-u:\b)enter(?:ing|ed)?|(?-u:\b)specify(?:ing)?|(?-u:\b)fill(?:ing)?\s+in|(?-u:\b)value\s+of|(?-u:\b)if|(?-u:\b)when)\s+(?:it\s+|this\s+(?:parameter|field|value)\s+|the\s+value\s+)?(?:is\s+)?(?:set\s+)?(?:to\s+|as\s+)?`?(?P<m>-?\d+)`?[^.;:\d\n]*?(?-u:\b){MEANING}(?-u:\b)"
    ))
});

/// The numbers the documentation gives a meaning of their own (see [`SPECIAL`]).
fn special_values(text: &str) -> Vec<i128> {
    SPECIAL
        .captures_iter(text)
        .filter_map(|c| c.name("n").or_else(|| c.name("m")))
        .filter_map(|m| m.as_str().parse::<i128>().ok())
        .collect()
}

// ---------------------------------------------------------------------------------------
// The miner.

struct Miner<'a> {
    field: Field,
    units: BTreeSet<&'static str>,
    text: &'a str,
    /// The documentation suggests several values in one string, or an open set.
    multi_valued: bool,
    /// Searches of the whole text for a bare word ([`listed`]), bounded to keep time linear.
    lookups: Cell<usize>,
    found: Vec<Found>,
    prose: Vec<String>,
    prose_seen: BTreeSet<String>,
    /// Sources whose constraints are kept as documentation only, and why.
    documented: Vec<(Src, NotEnforced)>,
}

/// Facts about one sentence, computed once.
struct Ctx<'s> {
    text: &'s str,
    /// The same text, to share among findings.
    src: Src,
    /// Hedged or illustrative ("recommended", "for example").
    hedged: bool,
    /// States a condition other than the member's absence.
    cond: bool,
    /// Numbers written with digits.
    digits: usize,
    /// Speaks of a total or a sum.
    total: bool,
    /// Counts something other than characters (bytes, Chinese characters, ...).
    not_chars: bool,
    /// Where the sentence starts speaking of the member's absence ("If you do not set
    /// this parameter, ..."): what follows describes the default's consequence, not a bound.
    absent_at: Option<usize>,
    /// Says "respectively": a bound is read only by [`RESPECTIVELY`], never alone.
    respectively: bool,
    /// Speaks of an account's quota, which can be raised: no bound.
    quota: bool,
}

impl<'s> Ctx<'s> {
    fn new(text: &'s str) -> Ctx<'s> {
        Ctx {
            text,
            src: Rc::from(text),
            hedged: HEDGE.is_match(text),
            cond: conditional(text),
            digits: digit_numbers(text),
            total: TOTAL.is_match(text),
            not_chars: NOT_CHARS.is_match(text),
            // Cheap literal searches first: most sentences have neither.
            absent_at: if HINTS.is_match(text) { ABSENCE.find(text).map(|m| m.start()) } else { None },
            respectively: text.contains("espectively"),
            quota: QUOTA_HINT.is_match(text) && QUOTA.is_match(text),
        }
    }

    /// Whether a bound read at `at` must be left as prose: it is about the member's
    /// absence, or the sentence speaks of a quota.
    fn no_bound_at(&self, at: usize) -> bool {
        self.quota || self.after_absence(at)
    }

    /// Whether a bound read at `at` lies in what the sentence says of the member's absence.
    fn after_absence(&self, at: usize) -> bool {
        self.absent_at.is_some_and(|a| a <= at)
    }
}

/// Bytes of a sentence already read by a phrase.
struct Taken(Vec<bool>);

impl Taken {
    fn any(&self, start: usize, end: usize) -> bool {
        self.0.get(start..end).is_some_and(|s| s.iter().any(|&b| b))
    }

    /// Marks `start..end` as read, unless part of it already was.
    fn claim(&mut self, start: usize, end: usize) -> bool {
        if self.any(start, end) {
            return false;
        }
        if let Some(s) = self.0.get_mut(start..end) {
            s.fill(true);
        }
        true
    }
}

/// The outcome of one phrase.
enum Outcome {
    Kept(Found),
    /// Read but left as prose.
    Refused,
}

impl Miner<'_> {
    fn prose(&mut self, sentence: &str) {
        if self.prose_seen.insert(sentence.to_string()) {
            self.prose.push(sentence.to_string());
        }
    }

    /// Whether a number followed by `t` is unambiguous for a bound.
    fn bound_tail_ok(&self, t: &Tail) -> bool {
        match t {
            Tail::Clean => true,
            Tail::Unit(u) => self.units.len() == 1 && self.units.contains(u),
            _ => false,
        }
    }

    /// The bound of a number member (or a refusal).
    fn value_bound(&self, raw: &Raw, max: bool, exclusive: bool) -> Option<Kind> {
        let n = match self.field {
            Field::Int => raw.i64().map(i128::from),
            Field::UInt => raw.u64().map(i128::from),
            Field::Float => {
                if exclusive {
                    return None;
                }
                return raw.f64().map(|f| {
                    if max {
                        Kind::Max(NumberSpec::Float(f))
                    } else {
                        Kind::Min(NumberSpec::Float(f))
                    }
                });
            }
            _ => None,
        }?;
        let n = match (exclusive, max) {
            (false, _) => n,
            (true, true) => n.checked_sub(1)?,
            (true, false) => n.checked_add(1)?,
        };
        if self.field == Field::UInt && n < 0 {
            return None;
        }
        let spec = int_spec(n)?;
        Some(if max { Kind::Max(spec) } else { Kind::Min(spec) })
    }

    /// A count: characters or items.
    fn count(raw: &Raw) -> Option<u64> {
        if raw.is_integer() {
            raw.u64()
        } else {
            None
        }
    }

    /// Turns a bound on `measure` into a constraint for this member, or refuses it.
    fn bound(&self, measure: Measure, raw: &Raw, max: bool, exclusive: bool) -> Option<Kind> {
        let measure = match (measure, self.field) {
            (Measure::Generic, f) if f.is_number() => Measure::Value,
            (Measure::Generic, Field::List { .. }) => Measure::Items,
            (m, _) => m,
        };
        match (measure, self.field) {
            (Measure::Value, f) if f.is_number() => self.value_bound(raw, max, exclusive),
            (Measure::Length, Field::Str) if !exclusive => {
                Self::count(raw).map(|n| if max { Kind::MaxLength(n) } else { Kind::MinLength(n) })
            }
            (Measure::Items, Field::List { .. }) if !exclusive => {
                Self::count(raw).map(|n| if max { Kind::MaxItems(n) } else { Kind::MinItems(n) })
            }
            _ => None,
        }
    }

    /// Lists of one value a line, after a line ending in "Valid values:".
    /// Returns how each line of the text was used.
    fn scan_line_lists(&mut self) -> Vec<LineUse> {
        let lines: Vec<&str> = self.text.split('\n').map(|l| unmarked(l.trim())).collect();
        let mut used = vec![LineUse::Free; lines.len()];
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            i += 1;
            let Some(head) = VALUES_HEAD.captures_iter(line).last().filter(Self::head_is_member) else { continue };
            let Some(whole) = head.get(0) else { continue };
            let after = line[whole.end()..].trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ':');
            if !after.is_empty() {
                continue;
            }
            // The sentence holding "Valid values:", the last of its line.
            let head_sentence = split_line(line).last().map_or(line, |s| s.trim());
            let mut items = Vec::new();
            let mut source = vec![head_sentence.to_string()];
            let mut j = i;
            let mut complete = false;
            while j < lines.len() {
                let l = lines[j];
                if l.is_empty() || l == "." {
                    j += 1;
                    continue;
                }
                match line_item(l) {
                    LineItem::Value(v) => {
                        items.push(v);
                        source.push(l.to_string());
                        j += 1;
                    }
                    LineItem::Stop => {
                        complete = true;
                        break;
                    }
                    LineItem::DefaultOrValue(v) => {
                        // "Default: `FALSE`" after `FALSE` was listed ends the list; otherwise
                        // it may be one more value ("default: automatic"): not complete.
                        complete = items.iter().any(|(x, _)| *x == v);
                        break;
                    }
                    LineItem::Other => break,
                }
            }
            if j >= lines.len() {
                complete = true;
            }
            if items.is_empty() {
                continue;
            }
            used[i - 1] = LineUse::Head;
            for u in &mut used[i..j] {
                *u = LineUse::Item;
            }
            i = j;
            let source = source.join(" ");
            let found =
                if complete && Self::enumeration_ok(&head, head_sentence) { self.one_of(items, &source) } else { None };
            if found.is_some() && Self::returned(&head, head_sentence) {
                self.documented.push((Rc::from(source.as_str()), NotEnforced::ReturnedValues));
            }
            match found {
                Some(found) => self.found.extend(found),
                None => self.prose(&source),
            }
        }
        used
    }

    /// Whether "Valid values" speaks of the member ("Default value:" and "Image format
    /// values:" do not).
    fn head_is_member(head: &Captures<'_>) -> bool {
        let pre = head.name("pre").map(|m| m.as_str().trim().to_ascii_lowercase()).unwrap_or_default();
        // "Valid values:" may follow anything; a bare "Values:" only the start or "the".
        if head.name("qual").is_some() {
            !matches!(
                pre.as_str(),
                "default"
                    | "other"
                    | "maximum"
                    | "minimum"
                    | "max"
                    | "min"
                    | "example"
                    | "recommended"
                    | "suggested"
                    | "initial"
                    | "reference"
                    | "some"
                    | "common"
                    | "typical"
            )
        } else {
            matches!(pre.as_str(), "" | "the" | "its" | "and" | "with")
        }
    }

    /// Whether an enumeration lists values the service returns ("Possible returned values:",
    /// "Values returned:"): on a structure requests also use, they need not be all a request may send.
    fn returned(head: &Captures<'_>, sentence: &str) -> bool {
        let qual = head.name("qual").map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default();
        let end = head.get(0).map_or(0, |m| m.end());
        qual.starts_with("return") || RETURNED.is_match(sentence.get(..end).unwrap_or(sentence))
    }

    /// Whether an enumeration is stated as complete and unconditional.
    fn enumeration_ok(head: &Captures<'_>, sentence: &str) -> bool {
        let verb = head.name("verb").map(|m| m.as_str().trim().to_ascii_lowercase()).unwrap_or_default();
        !verb.starts_with("includ") && !conditional(sentence) && !HEDGE.is_match(sentence)
    }

    /// A complete enumeration of string values: what it states, or `None` if it is refused.
    fn one_of(&self, items: Vec<(String, bool)>, source: &str) -> Option<Vec<Found>> {
        let values: Vec<String> = items.iter().map(|(v, _)| v.clone()).collect();
        let defaults: Vec<&String> = items.iter().filter(|(_, d)| *d).map(|(v, _)| v).collect();
        let unique: BTreeSet<&String> = values.iter().collect();
        let mut found = Vec::new();
        if values.len() < 2 {
            // "Valid values: Center: the centre of the canvas." is seldom the whole story.
            return None;
        }
        if self.field == Field::Bool
            && unique.iter().all(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "false"))
        {
            // Trivially true of a bool: nothing to keep, nothing to leave as prose.
        } else if self.field != Field::Str
            || self.multi_valued
            || unique.len() != values.len()
            || sentence_cased(&values)
        {
            return None;
        } else {
            found.push(Found::Constraint(Kind::OneOf(values), Rc::from(source)));
        }
        if let [d] = defaults.as_slice() {
            if let Some(v) = self.typed_default(d, ValForm::Quoted) {
                found.push(Found::Default(v, Rc::from(source)));
            }
        }
        Some(found)
    }

    /// One sentence.
    fn scan(&mut self, sentence: &str) {
        let triggered = TRIGGER.is_match(&NO_VALID_VALUE.replace_all(sentence, ""));
        let ctx = Ctx::new(sentence);
        let mut taken = Taken(vec![false; sentence.len()]);
        let mut kept = 0usize;
        let mut refused = 0usize;
        let mut outcomes: Vec<Outcome> = Vec::new();
        let (hedged, cond) = (ctx.hedged, ctx.cond);

        // Enumerations.
        let enumerable = matches!(self.field, Field::Str | Field::Bool);
        let head = VALUES_HEAD.captures_iter(sentence).find(|h| enumerable && Self::head_is_member(h));
        if let Some(head) = head {
            if let Some(whole) = head.get(0) {
                let rest = &sentence[whole.end()..];
                if let Some(items) = parse_inline_list(rest) {
                    taken.claim(whole.start(), sentence.len());
                    // "[8, 4096]" or "Value range: 1, 100" is a range, not two values.
                    let numeric = items.iter().all(|(v, _)| v.parse::<f64>().is_ok());
                    let rangy =
                        rest.trim_start().starts_with('[') || whole.as_str().to_ascii_lowercase().contains("range");
                    if (numeric && rangy) || !Self::enumeration_ok(&head, sentence) {
                        refused += 1;
                    } else {
                        match self.one_of(items, sentence) {
                            Some(found) => {
                                if Self::returned(&head, sentence) {
                                    self.documented.push((ctx.src.clone(), NotEnforced::ReturnedValues));
                                }
                                kept += 1;
                                outcomes.extend(found.into_iter().map(Outcome::Kept));
                            }
                            None => refused += 1,
                        }
                    }
                }
            }
        }

        // Lengths of strings, in characters.
        for c in LENGTH_RANGE.captures_iter(sentence) {
            let Some(m) = c.get(0) else { continue };
            if !taken.claim(m.start(), m.end()) {
                continue;
            }
            let (a, b) = pair(&c);
            let ok = !hedged
                && !cond
                && !ctx.no_bound_at(m.start())
                && self.length_context_ok(&ctx, m.start())
                && tail(&sentence[m.end()..]) != Tail::Condition;
            let outcome = match (ok, a, b) {
                (true, Some(a), Some(b)) => self.pair_outcome(Measure::Length, &a, &b, &ctx.src),
                _ => vec![Outcome::Refused],
            };
            outcomes.extend(outcome);
        }

        // Array lengths.
        for c in ARRAY_LENGTH.captures_iter(sentence) {
            let Some(m) = c.get(0) else { continue };
            if !taken.claim(m.start(), m.end()) {
                continue;
            }
            let t = tail(&sentence[m.end()..]);
            let tail_ok = matches!(t, Tail::Clean | Tail::Word(_));
            if hedged || cond || ctx.no_bound_at(m.start()) || !tail_ok || !matches!(self.field, Field::List { .. }) {
                outcomes.push(Outcome::Refused);
                continue;
            }
            let (a, b) = pair(&c);
            let found = match (a, b, c.name("c"), c.name("lead")) {
                (Some(a), Some(b), _, _) => self.pair_outcome(Measure::Items, &a, &b, &ctx.src),
                (_, _, Some(n), Some(_)) => {
                    vec![self.single(Measure::Items, &Raw::new(n.as_str()), true, false, &ctx.src)]
                }
                // "Array length: 100" alone: a limit or an exact length? Left as prose.
                _ => vec![Outcome::Refused],
            };
            outcomes.extend(found);
        }

        // Ranges of numbers.
        for c in RANGE.captures_iter(sentence).chain(BETWEEN.captures_iter(sentence)) {
            let Some(m) = c.get(0) else { continue };
            if !taken.claim(m.start(), m.end()) {
                continue;
            }
            let t = tail(&sentence[m.end()..]);
            let preceded_ok =
                c.name("pre").is_none_or(|p| !p.as_str().trim().is_empty() || word_before_ok(sentence, m.start()));
            if hedged || cond || ctx.no_bound_at(m.start()) || !preceded_ok || !self.bound_tail_ok(&t) {
                outcomes.push(Outcome::Refused);
                continue;
            }
            let (a, b) = pair(&c);
            let found = match (a, b) {
                (Some(a), Some(b)) => self.pair_outcome(Measure::Value, &a, &b, &ctx.src),
                _ => vec![Outcome::Refused],
            };
            outcomes.extend(found);
        }

        // "The maximum and minimum values are A and B respectively".
        let respectively = if ctx.respectively { RESPECTIVELY.captures_iter(sentence).collect() } else { Vec::new() };
        for c in respectively {
            let Some(m) = c.get(0) else { continue };
            if !taken.claim(m.start(), m.end()) {
                continue;
            }
            let t = tail(&sentence[m.end()..]);
            let outcome = if hedged || cond || ctx.no_bound_at(m.start()) || !self.bound_tail_ok(&t) {
                vec![Outcome::Refused]
            } else {
                self.respectively_outcome(&c, &ctx.src)
            };
            outcomes.extend(outcome);
        }

        // Single bounds.
        let singles: [(&Regex, bool, bool); 5] = [
            (&MAX, true, false),
            (&MIN, false, false),
            (&AT_MOST, true, false),
            (&AT_LEAST, false, false),
            (&EXCLUSIVE, true, true),
        ];
        for (regex, max, exclusive) in singles {
            for c in regex.captures_iter(sentence) {
                let (Some(m), Some(n)) = (c.get(0), c.name("n")) else { continue };
                if !taken.claim(m.start(), m.end()) {
                    continue;
                }
                let max = match c.name("dir").map(|d| d.as_str().to_ascii_lowercase()) {
                    Some(d) => matches!(d.as_str(), "less" | "smaller" | "lower"),
                    None => max,
                };
                let outcome = if hedged || cond || ctx.no_bound_at(m.start()) || ctx.respectively {
                    Outcome::Refused
                } else {
                    self.single_phrase(&ctx, m.start(), m.end(), &Raw::new(n.as_str()), max, exclusive)
                };
                outcomes.push(outcome);
            }
        }

        // "The maximum number of instances per request is 100" (lists).
        if matches!(self.field, Field::List { .. }) {
            for c in MAX_NUMBER_OF.captures_iter(sentence) {
                let (Some(m), Some(n)) = (c.get(0), c.name("n")) else { continue };
                if !taken.claim(m.start(), m.end()) {
                    continue;
                }
                let t = tail(&sentence[m.end()..]);
                let outcome =
                    if hedged || cond || ctx.no_bound_at(m.start()) || t != Tail::Clean || ctx.digits != 1 || ctx.total
                    {
                        Outcome::Refused
                    } else {
                        self.single(Measure::Items, &Raw::new(n.as_str()), true, false, &ctx.src)
                    };
                outcomes.push(outcome);
            }
        }

        // Defaults.
        for regex in [&*DEFAULT, &*DEFAULT_BARE, &*DEFAULTS_TO, &*BY_DEFAULT, &*MARKED_DEFAULT] {
            for c in regex.captures_iter(sentence) {
                let Some(m) = c.get(0) else { continue };
                if regex.as_str() == MARKED_DEFAULT.as_str() && taken.any(m.start(), m.end()) {
                    // Already read as part of an enumeration.
                    continue;
                }
                // What follows "(default)" describes the value.
                let rest = if regex.as_str() == MARKED_DEFAULT.as_str() { "" } else { &sentence[m.end()..] };
                let marked = regex.as_str() == MARKED_DEFAULT.as_str();
                if regex.as_str() == DEFAULT_BARE.as_str() && c.name("word").is_some() {
                    // "the default method", "default value is": not a value.
                    continue;
                }
                let outcome = if cond || hedged || (marked && !starts_item(&sentence[..m.start()])) {
                    Outcome::Refused
                } else {
                    self.default_phrase(&c, rest, &ctx.src)
                };
                outcomes.push(outcome);
            }
        }

        for o in outcomes {
            match o {
                Outcome::Kept(f) => {
                    self.found.push(f);
                    kept += 1;
                }
                Outcome::Refused => refused += 1,
            }
        }
        if refused > 0 || (triggered && kept == 0) {
            self.prose(sentence);
        }
    }

    /// Whether the words before a length make it about the whole member.
    fn length_context_ok(&self, ctx: &Ctx<'_>, at: usize) -> bool {
        // The clause before the length, looked at over a bounded stretch.
        let from = (at.saturating_sub(300)..=at).find(|&i| ctx.text.is_char_boundary(i)).unwrap_or(at);
        let before = ctx.text.get(from..at).unwrap_or("");
        let clause = before.rfind([',', ';', ':', '(']).map_or(before, |i| &before[i + 1..]);
        !PER_ITEM.is_match(clause) && !ctx.not_chars && !self.multi_valued
    }

    /// A range `a`..=`b` on `measure`: two constraints, or a refusal.
    fn pair_outcome(&self, measure: Measure, a: &Raw, b: &Raw, src: &Src) -> Vec<Outcome> {
        match (self.bound(measure, a, false, false), self.bound(measure, b, true, false)) {
            (Some(lo), Some(hi)) => {
                vec![
                    Outcome::Kept(Found::Constraint(lo, src.clone())),
                    Outcome::Kept(Found::Constraint(hi, src.clone())),
                ]
            }
            _ => vec![Outcome::Refused],
        }
    }

    /// Both bounds of a "respectively" phrase, in the order it names them, or a refusal.
    fn respectively_outcome(&self, c: &Captures<'_>, src: &Src) -> Vec<Outcome> {
        let is_max = |name: &str| c.name(name).is_some_and(|m| m.as_str().to_ascii_lowercase().starts_with("max"));
        let (Some(a), Some(b)) = (c.name("a"), c.name("b")) else { return vec![Outcome::Refused] };
        let (a, b) = (Raw::new(a.as_str()), Raw::new(b.as_str()));
        match (is_max("first"), is_max("second")) {
            (true, false) => self.pair_outcome(Measure::Value, &b, &a, src),
            (false, true) => self.pair_outcome(Measure::Value, &a, &b, src),
            _ => vec![Outcome::Refused],
        }
    }

    fn single(&self, measure: Measure, raw: &Raw, max: bool, exclusive: bool, src: &Src) -> Outcome {
        match self.bound(measure, raw, max, exclusive) {
            Some(k) => Outcome::Kept(Found::Constraint(k, src.clone())),
            None => Outcome::Refused,
        }
    }

    /// "up to 100 ...", "Maximum value: 100", "at least 8 characters", ...
    fn single_phrase(&self, ctx: &Ctx<'_>, start: usize, end: usize, raw: &Raw, max: bool, exclusive: bool) -> Outcome {
        let sentence = ctx.text;
        let rest = &sentence[end..];
        let t = tail(rest);
        // Counting items takes "up to", "at most", "a maximum of", not comparisons of values.
        let lead = sentence[start..end].to_ascii_lowercase();
        let counts = !["equal", "greater", "less", "larger", "value", "within", "longer", "shorter", "length"]
            .iter()
            .any(|w| lead.contains(w));
        // "The total number of channels cannot exceed 5000" bounds something else.
        if ctx.total && t != Tail::Chars {
            return Outcome::Refused;
        }
        // "a maximum of 10 values" for each item of a list of filters bounds no item count.
        let counted = rest.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
        if matches!(self.field, Field::List { .. }) && self.item_values(counted, sentence) {
            return Outcome::Refused;
        }
        // "within 72 hours" is a time window; "within 64 characters" a length.
        if lead.starts_with("within") && t != Tail::Chars {
            return Outcome::Refused;
        }
        match t {
            Tail::Chars => {
                // "64 characters", "64 ASCII characters"; not "64 bytes" nor "8 digits".
                let mut words = rest.split_whitespace().map(str::to_ascii_lowercase);
                let first = words.next().unwrap_or_default();
                let unit_word = if first == "ascii" { words.next().unwrap_or_default() } else { first };
                let chars = unit_word.starts_with("char");
                let after = words.next().unwrap_or_default();
                if chars && self.length_context_ok(ctx, start) && tail(&after) != Tail::Condition {
                    self.single(Measure::Length, raw, max, exclusive, &ctx.src)
                } else {
                    Outcome::Refused
                }
            }
            Tail::Word(ref w) if matches!(self.field, Field::List { .. }) => {
                // "up to 100 instances": a count of items, if nothing else is counted here.
                if counts && ctx.digits == 1 && unit(w).is_none() && !w.contains('-') {
                    self.single(Measure::Items, raw, max, exclusive, &ctx.src)
                } else {
                    Outcome::Refused
                }
            }
            _ if self.bound_tail_ok(&t) => {
                let lead_is_length = sentence[start..end].to_ascii_lowercase().contains("length");
                match self.field {
                    // A bare "up to 100" on a list of numbers may bound the numbers.
                    Field::List { numeric: true, .. } => Outcome::Refused,
                    Field::List { numeric: false, .. } if !counts || ctx.digits != 1 => Outcome::Refused,
                    _ if lead_is_length => Outcome::Refused,
                    _ => self.single(Measure::Generic, raw, max, exclusive, &ctx.src),
                }
            }
            _ => Outcome::Refused,
        }
    }

    /// Whether a count of `word` in `sentence` counts the values inside one item of the
    /// list rather than its items: "Each filter condition supports a maximum of 10 values",
    /// "up to 20 values for each filter", "5 filter conditions for `Filter.Values`".
    fn item_values(&self, word: &str, sentence: &str) -> bool {
        static EACH: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:each|every|per|single)\b"));
        let objects = matches!(self.field, Field::List { objects: true, .. });
        let values = matches!(word.to_ascii_lowercase().as_str(), "value" | "values");
        (values && (objects || EACH.is_match(sentence))) || (objects && sentence.contains(".Values"))
    }

    /// A default phrase.
    fn default_phrase(&self, c: &Captures<'_>, rest: &str, src: &Src) -> Outcome {
        let (text, form) =
            if let Some(m) = c.name("bt").or_else(|| c.name("dq")).or_else(|| c.name("sq")).or_else(|| c.name("cq")) {
                (m.as_str().trim(), ValForm::Quoted)
            } else if let Some(m) = c.name("num") {
                (m.as_str(), ValForm::Number)
            } else if let Some(m) = c.name("word") {
                (m.as_str().trim_end_matches(['.', ':']), ValForm::Bare)
            } else {
                return Outcome::Refused;
            };
        // For a bare word, the phrase must stop after it: "Default value: no modification" is prose.
        let rest = match (form, c.name("word")) {
            (ValForm::Bare, Some(m)) if m.as_str().ends_with('.') => ".",
            _ => rest,
        };
        let t = tail(rest);
        // "default: default, balance between quality and resilience" describes a value named
        // "default" in a list; "Default value: open." states a default.
        let head = c.get(0).map_or("", |m| m.as_str()).to_ascii_lowercase();
        if form == ValForm::Bare && head.starts_with("default:") && rest.trim_start().starts_with(',') {
            return Outcome::Refused;
        }
        let tail_ok = match (&t, form) {
            (Tail::Clean, _) => true,
            (Tail::Unit(_), ValForm::Number) => self.bound_tail_ok(&t),
            (Tail::Unit(_), _) => false,
            (Tail::Condition | Tail::Other | Tail::Chars, _) => false,
            (Tail::Word(_), ValForm::Bare) => false,
            (Tail::Word(_), _) => true,
        };
        if !tail_ok {
            return Outcome::Refused;
        }
        match self.typed_default(text, form) {
            Some(v) => Outcome::Kept(Found::Default(v, src.clone())),
            None => Outcome::Refused,
        }
    }

    /// A default typed for the member, if it is one.
    fn typed_default(&self, text: &str, form: ValForm) -> Option<Value> {
        let raw = Raw::new(text);
        match self.field {
            Field::Int => raw.i64().map(Value::from),
            Field::UInt => raw.u64().map(Value::from),
            Field::Float => raw.f64().map(Value::from),
            Field::Bool => match text.to_ascii_lowercase().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            Field::Str => {
                if text.is_empty() || text.chars().any(char::is_whitespace) || text.contains(['<', '>', '{', '}', '$'])
                {
                    return None;
                }
                match form {
                    ValForm::Quoted | ValForm::Number => Some(Value::String(text.to_string())),
                    ValForm::Bare if self.bare_value_ok(text) => Some(Value::String(text.to_string())),
                    ValForm::Bare => None,
                }
            }
            Field::Text | Field::List { .. } | Field::Object => None,
        }
    }

    /// Whether a bare word is a value rather than English: it is code-like ("ON",
    /// "SERVICE_CONTROL_POLICY", "0px"), or listed elsewhere in the documentation.
    fn bare_value_ok(&self, word: &str) -> bool {
        const STOP: [&str; 16] = [
            "none",
            "null",
            "nil",
            "empty",
            "blank",
            "unset",
            "unspecified",
            "unlimited",
            "not",
            "no",
            "the",
            "a",
            "an",
            "used",
            "current",
            "same",
        ];
        let code_like =
            word.chars().skip(1).any(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_.:/+".contains(c))
                || word.chars().next().is_some_and(|c| c.is_ascii_digit())
                || (word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        if code_like && !STOP.contains(&word.to_ascii_lowercase().as_str()) {
            return true;
        }
        // Each search reads the whole text: a few a member keep the time linear.
        const MAX_LOOKUPS: usize = 8;
        let n = self.lookups.get();
        self.lookups.set(n + 1);
        n < MAX_LOOKUPS && listed(self.text, word)
    }

    /// Resolves the findings: conflicts, fit, the example, the default.
    fn finish(mut self, example: Option<&str>) -> Mined {
        let mut out = Mined::default();
        // A kind stated with two values makes every sentence stating it suspect.
        let found = std::mem::take(&mut self.found);
        let mut first_kind: [Option<&Kind>; 7] = Default::default();
        let mut first_default: Option<&Value> = None;
        let mut clash = [false; 8];
        for f in &found {
            match f {
                Found::Constraint(k, _) => match first_kind[k.slot()] {
                    Some(k0) => clash[k.slot()] |= k0 != k,
                    None => first_kind[k.slot()] = Some(k),
                },
                Found::Default(v, _) => match first_default {
                    Some(v0) => clash[7] |= v0 != v,
                    None => first_default = Some(v),
                },
            }
        }
        let tainted: BTreeSet<&str> = found
            .iter()
            .filter_map(|f| match f {
                Found::Constraint(k, s) if clash[k.slot()] => Some(&**s),
                Found::Default(_, s) if clash[7] => Some(&**s),
                _ => None,
            })
            .collect();
        let mut by_slot: [Vec<(Kind, Src)>; 7] = Default::default();
        let mut default: Option<(Value, Src)> = None;
        for f in found.iter().cloned() {
            let (Found::Constraint(_, s) | Found::Default(_, s)) = &f;
            if tainted.contains(&**s) {
                self.prose(s);
                continue;
            }
            match f {
                // Without a clash, a kind is stated once or repeated with the same value.
                Found::Constraint(k, s) => {
                    let slot = k.slot();
                    if by_slot[slot].is_empty() {
                        by_slot[slot].push((k, s));
                    }
                }
                Found::Default(v, s) => {
                    default.get_or_insert((v, s));
                }
            }
        }
        let kept: Vec<(Kind, Src)> = by_slot.into_iter().flatten().collect();
        // Bounds in the wrong order.
        let pairs: [(usize, usize); 3] = [(0, 1), (2, 3), (4, 5)];
        let mut bad = BTreeSet::new();
        for (lo, hi) in pairs {
            let l = kept.iter().position(|(k, _)| k.slot() == lo);
            let h = kept.iter().position(|(k, _)| k.slot() == hi);
            if let (Some(l), Some(h)) = (l, h) {
                let ordered = match (&kept[l].0, &kept[h].0) {
                    (Kind::Min(a), Kind::Max(b)) => num_le(*a, *b),
                    (Kind::MinLength(a), Kind::MaxLength(b)) | (Kind::MinItems(a), Kind::MaxItems(b)) => a <= b,
                    _ => true,
                };
                if !ordered {
                    bad.insert(l);
                    bad.insert(h);
                }
            }
        }
        let reason_order = |kept: &[(Kind, Src)], i: usize| {
            let partner = kept
                .iter()
                .enumerate()
                .find(|(j, (k, _))| *j != i && bad.contains(j) && k.slot() / 2 == kept[i].0.slot() / 2);
            match partner {
                Some((_, (k, _))) => format!("{} contradicts {}", kept[i].0.describe(), k.describe()),
                None => format!("{} contradicts the other bound", kept[i].0.describe()),
            }
        };
        let mut survivors = Vec::new();
        for (i, (k, s)) in kept.iter().enumerate() {
            if bad.contains(&i) {
                out.dropped.push((k.spec(s), reason_order(&kept, i)));
            } else {
                survivors.push((k.clone(), s.clone()));
            }
        }
        // The documented example.
        let sample = example.and_then(|e| self.sample(e));
        let mut final_kept = Vec::new();
        for (k, s) in survivors {
            // Letter case in the documentation is not reliable (3% of the catalogue's examples
            // differ from the listed values in case only): an enumeration needs an example that
            // is one of its values.
            if matches!(k, Kind::OneOf(_)) && sample.is_none() {
                self.prose(&s);
                continue;
            }
            if let (Some(sample), Some(e)) = (&sample, example) {
                if k.accepts(sample) == Some(false) {
                    out.dropped.push((k.spec(&s), format!("rejects the documented example `{}`", e.trim())));
                    continue;
                }
            }
            final_kept.push((k, s));
        }
        // The default.
        if let Some((v, s)) = default {
            let sample = match &v {
                Value::Number(n) => number_sample(n, self.field),
                Value::String(t) => Some(Sample::Text(t.clone())),
                _ => None,
            };
            // A default outside a stated range or set is usually a special value the range
            // leaves out ("0: disabled", "-1: unlimited"): neither is kept.
            let breaks = |k: &Kind| sample.as_ref().is_some_and(|smp| k.accepts(smp) == Some(false));
            let (broken, fine): (Vec<_>, Vec<_>) = final_kept.into_iter().partition(|(k, _)| breaks(k));
            final_kept = fine;
            if broken.is_empty() {
                out.default = Some(v);
            } else {
                let shown = yaml_text(&v);
                let names: Vec<String> = broken.iter().map(|(k, _)| k.describe()).collect();
                let spec = ConstraintSpec {
                    doc: Some(format!("default: {shown}")),
                    source: Some(s.to_string()),
                    ..ConstraintSpec::default()
                };
                out.dropped.push((spec, format!("default `{shown}` breaks {}", names.join(" and "))));
                for (k, s) in broken {
                    out.dropped.push((k.spec(&s), format!("rejects the documented default `{shown}`")));
                }
            }
        }
        final_kept.sort_by_key(|(k, _)| k.slot());
        // Read only when there is something to settle: most members have no constraint.
        let bounds = final_kept.iter().any(|(k, _)| !matches!(k, Kind::OneOf(_)));
        let clamped = bounds && CLAMP.is_match(self.text);
        let numeric = final_kept.iter().any(|(k, _)| matches!(k, Kind::Min(_) | Kind::Max(_)));
        let specials = if numeric { special_values(self.text) } else { Vec::new() };
        out.constraints = final_kept
            .iter()
            .map(|(k, s)| match self.not_enforced(k, s, clamped, &specials) {
                Some(reason) => k.spec(s).documented_only(reason),
                None => k.spec(s),
            })
            .collect();
        out.prose = self.prose;
        out
    }

    /// Why a kept constraint is documentation only, if it is: the server adjusts values
    /// (`clamped`, anywhere in the text), a special value lies outside a bound, the
    /// values are software versions ([`VERSION`]), the sentence is in one item of a list
    /// of modes, or the values are those returned.
    fn not_enforced(&self, k: &Kind, s: &Src, clamped: bool, specials: &[i128]) -> Option<NotEnforced> {
        if clamped && !matches!(k, Kind::OneOf(_)) {
            return Some(NotEnforced::Clamped);
        }
        let excluded = |v: &i128| int_spec(*v).is_some_and(|n| k.accepts(&Sample::Number(n)) == Some(false));
        if matches!(k, Kind::Min(_) | Kind::Max(_)) && specials.iter().any(excluded) {
            return Some(NotEnforced::SpecialValues);
        }
        if let Kind::OneOf(values) = k {
            if values.iter().all(|v| VERSION.is_match(v)) {
                return Some(NotEnforced::Versions);
            }
        }
        self.documented.iter().find(|(src, _)| **src == **s).map(|(_, reason)| *reason)
    }

    /// The example, as a value constraints can be checked against.
    fn sample(&self, example: &str) -> Option<Sample> {
        let e = example.trim();
        if e.is_empty() {
            return None;
        }
        match self.field {
            Field::Int | Field::UInt => {
                let raw = Raw::new(e);
                match (raw.i64(), raw.u64()) {
                    (Some(i), _) => Some(Sample::Number(NumberSpec::Int(i))),
                    (None, Some(u)) => Some(Sample::Number(NumberSpec::UInt(u))),
                    _ => None,
                }
            }
            Field::Float => Raw::new(e).f64().map(|f| Sample::Number(NumberSpec::Float(f))),
            Field::Str => Some(Sample::Text(example.to_string())),
            Field::List { .. } => {
                serde_json::from_str::<Vec<serde_json::Value>>(e).ok().map(|v| Sample::Items(v.len()))
            }
            _ => None,
        }
    }
}

/// How a value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValForm {
    Quoted,
    Number,
    Bare,
}

fn number_sample(n: &serde_yaml::Number, field: Field) -> Option<Sample> {
    if field == Field::Float {
        return n.as_f64().map(|f| Sample::Number(NumberSpec::Float(f)));
    }
    if let Some(i) = n.as_i64() {
        Some(Sample::Number(NumberSpec::Int(i)))
    } else {
        n.as_u64().map(|u| Sample::Number(NumberSpec::UInt(u)))
    }
}

fn yaml_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The two ends of a range capture (`a`/`b` or `c`/`d`).
fn pair(c: &Captures<'_>) -> (Option<Raw>, Option<Raw>) {
    let get = |x: &str, y: &str| c.name(x).or_else(|| c.name(y)).map(|m| Raw::new(m.as_str()));
    (get("a", "c"), get("b", "d"))
}

/// Numbers written with digits in a sentence (outside backticks and identifiers).
fn digit_numbers(sentence: &str) -> usize {
    static DIGITS: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^\w.`-])\d[\d,.]*"));
    DIGITS.find_iter(sentence).count()
}

/// Whether the sentence states a condition other than the member's absence.
fn conditional(sentence: &str) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:\[\*?\s*notes?\s*\]|notes?\s*[:：]|remarks?\s*[:：]|description\s*[:：]|explanation\s*[:：]|-\s)\s*",
        )
    });
    let unlabelled = LABEL.replace(sentence, "");
    let without = ABSENCE.replace_all(&unlabelled, " ");
    CONDITION.is_match(&without)
}

/// Whether a value after `before` starts an item of a list ("`a` (default)" after
/// "Valid values:" or ","), rather than ending a description ("DESKTOP: desktop (default)").
fn starts_item(before: &str) -> bool {
    let b = before.trim_end();
    match b.chars().next_back() {
        None | Some(',' | ';' | '-' | '(' | '/' | '|' | '[') => true,
        Some(':') => {
            let head = b[..b.len() - 1].trim_end().to_ascii_lowercase();
            head.ends_with("values") || head.ends_with("value") || head.ends_with("options")
        }
        Some(_) => b.to_ascii_lowercase().ends_with(" or") || b.to_ascii_lowercase().ends_with(" and"),
    }
}

/// Whether the word before a bare "range" allows reading it as the member's range.
fn word_before_ok(sentence: &str, at: usize) -> bool {
    let before = sentence[..at].trim_end();
    match before.chars().last() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some(_) => {
            let word: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            matches!(
                word.to_ascii_lowercase().as_str(),
                "a" | "the" | "with" | "in" | "and" | "its" | "value" | "valid" | "of"
            )
        }
    }
}

/// Whether `word` appears in the documentation where values are listed: backticked, or
/// followed by `:`, `(` or `=`, or next to `/`, `,`, `|`, or alone on its line.
fn listed(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let mut count = 0;
    for (i, _) in text.match_indices(word) {
        let before = &text[..i];
        let after = &text[i + word.len()..];
        let prev = before.chars().next_back();
        let next = after.chars().next();
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if is_word(prev) || is_word(next) {
            continue;
        }
        let prev_sig = before.trim_end_matches(' ').chars().next_back();
        let next_sig = after.trim_start_matches(' ').chars().next();
        let listing = prev == Some('`') && next == Some('`')
            || matches!(next_sig, Some(':' | '(' | '=' | '/' | ',' | '|'))
            || matches!(prev_sig, Some('/' | ',' | '|'))
            || (matches!(prev_sig, None | Some('\n' | '\u{1}'))
                && matches!(next_sig, None | Some('\n') | Some('.') | Some(';')));
        if listing {
            count += 1;
        }
    }
    count > 0
}

/// How a line of the text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineUse {
    /// Not part of a one-value-a-line enumeration.
    Free,
    /// Ends with the head of such an enumeration ("Valid values:").
    Head,
    /// An item of such an enumeration.
    Item,
}

/// One line of a one-value-a-line enumeration.
enum LineItem {
    /// A value, and whether it is marked as the default.
    Value((String, bool)),
    /// A line that ends the list ("Note: ...", "Default value: ...").
    Stop,
    /// "Default: X": the default, or a value named "default"?
    DefaultOrValue(String),
    /// Anything else.
    Other,
}

fn line_item(line: &str) -> LineItem {
    static STOP: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:notes?|description|example|remarks?|warning|caution|tips?|notice|explanation|unit)\s*[:：]|default\s+value\b|this\s+field\b|the\s+default\b|if\b|when\b)",
        )
    });
    static DEFAULT_LINE: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^default\s*[:：]\s*(?:`(?P<bt>[^`]+)`|(?P<bare>[^\s`]+?))\s*\.?\s*$"));
    if STOP.is_match(line) {
        return LineItem::Stop;
    }
    if let Some(v) = DEFAULT_LINE.captures(line).and_then(|c| c.name("bt").or_else(|| c.name("bare"))) {
        return LineItem::DefaultOrValue(v.as_str().to_string());
    }
    let body = ["- ", "* ", "• "].iter().find_map(|b| line.strip_prefix(b)).map_or(line, str::trim_start);
    let Some((value, rest)) = take_token(body) else { return LineItem::Other };
    let rest = rest.trim_start();
    let separated = rest.is_empty() || rest.starts_with([':', '：', '(', ';', '.', ',']) || rest.starts_with("- ");
    if !separated || !token_ok(&value) {
        return LineItem::Other;
    }
    let lower = rest.to_ascii_lowercase();
    let is_default = lower.contains("(default)") || lower.starts_with("(default") || lower.contains("default value)");
    LineItem::Value((value, is_default))
}

/// Whether some values look capitalised only for starting a sentence ("image: ...; Text:
/// ...; svg: ..."): lowercase words next to Capitalised ones make the letter case doubtful.
fn sentence_cased(values: &[String]) -> bool {
    let letters = |v: &String| v.chars().filter(|c| c.is_alphabetic()).collect::<Vec<_>>();
    let lower = |v: &String| {
        let l = letters(v);
        !l.is_empty() && l.iter().all(|c| c.is_lowercase())
    };
    let capitalised = |v: &String| {
        let l = letters(v);
        l.len() > 1 && l[0].is_uppercase() && l[1..].iter().all(|c| c.is_lowercase())
    };
    values.iter().any(lower) && values.iter().any(capitalised)
}

/// Whether a value token is a literal rather than a placeholder.
fn token_ok(t: &str) -> bool {
    !t.is_empty()
        && t.chars().count() <= 100
        && !t.contains(['<', '>', '{', '}', '$', '…'])
        && !t.contains("...")
        && !t.eq_ignore_ascii_case("xxx")
        && !t.eq_ignore_ascii_case("etc")
}

/// Parses "`A`, `B` (desc), and `C`", or "A: desc; B: desc", up to the end of the
/// sentence; `None` unless the whole rest is such a list. Each value comes with whether it
/// is marked "(default)".
fn parse_inline_list(rest: &str) -> Option<Vec<(String, bool)>> {
    parse_plain_list(rest).or_else(|| parse_described_list(rest))
}

/// "A: first; B: second (default)." — every `;`-separated part is a value, a colon and a
/// description without backticks.
fn parse_described_list(rest: &str) -> Option<Vec<(String, bool)>> {
    let rest = rest.trim().trim_end_matches(['.', ';']);
    if !rest.contains(';') {
        return None;
    }
    rest.split(';')
        .map(|part| {
            let (token, after) = take_token(part.trim_start())?;
            let desc = after.trim_start().strip_prefix(':')?;
            if !token_ok(&token) || desc.trim().is_empty() || desc.contains('`') {
                return None;
            }
            let d = desc.to_ascii_lowercase();
            Some((token, d.contains("(default)") || d.contains("(default value)")))
        })
        .collect()
}

/// "`A`, `B` (desc), and `C`".
fn parse_plain_list(rest: &str) -> Option<Vec<(String, bool)>> {
    let mut s = rest.trim_start();
    let bracket = s.starts_with('[');
    if bracket {
        s = s[1..].trim_start();
    }
    let mut items: Vec<(String, bool)> = Vec::new();
    loop {
        let (token, after) = take_token(s)?;
        if !token_ok(&token) {
            return None;
        }
        s = after.trim_start();
        let mut is_default = false;
        if s.starts_with('(') {
            let (desc, after) = take_paren(s)?;
            let d = desc.trim().to_ascii_lowercase();
            is_default =
                d == "default" || d == "default value" || d.starts_with("default,") || d.starts_with("default;");
            s = after.trim_start();
        }
        items.push((token, is_default));
        // End of the list?
        let mut end = s;
        if bracket {
            match end.strip_prefix(']') {
                Some(e) => end = e,
                None => {
                    if let Some(next) = separator(s) {
                        s = next;
                        continue;
                    }
                    return None;
                }
            }
        }
        if end.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ';' || c == ',').is_empty() {
            return if items.is_empty() { None } else { Some(items) };
        }
        if bracket {
            return None;
        }
        s = separator(s)?;
    }
}

/// A value at the start of `s`: backticked, quoted or a bare token.
fn take_token(s: &str) -> Option<(String, &str)> {
    for (open, close) in [('`', '`'), ('"', '"'), ('\'', '\''), ('“', '”')] {
        if let Some(body) = s.strip_prefix(open) {
            let end = body.find(close)?;
            let token = &body[..end];
            if token.is_empty() || token.chars().any(char::is_whitespace) {
                return None;
            }
            return Some((token.to_string(), &body[end + close.len_utf8()..]));
        }
    }
    let len: usize = s
        .char_indices()
        .take_while(|&(i, c)| {
            if i == 0 {
                c.is_ascii_alphanumeric() || c == '_'
            } else {
                c.is_ascii_alphanumeric() || "_.:/+-".contains(c)
            }
        })
        .map(|(_, c)| c.len_utf8())
        .sum();
    if len == 0 {
        return None;
    }
    let token = s[..len].trim_end_matches(['.', ':']);
    if token.is_empty() || matches!(token.to_ascii_lowercase().as_str(), "and" | "or") {
        return None;
    }
    Some((token.to_string(), &s[token.len()..]))
}

/// A parenthesised description at the start of `s` (nesting allowed, no backticks).
fn take_paren(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((&s[1..i], &s[i + 1..]));
                }
            }
            '`' => return None,
            _ => {}
        }
        if i > 300 {
            return None;
        }
    }
    None
}

/// A separator between values: `,` `;` `/` `|` (optionally followed by and/or), or and/or.
fn separator(s: &str) -> Option<&str> {
    let mut t = s.trim_start();
    let mut any = false;
    if let Some(c) = t.chars().next() {
        if matches!(c, ',' | ';' | '/' | '|' | '、') {
            t = t[c.len_utf8()..].trim_start();
            any = true;
        }
    }
    for word in ["and ", "or "] {
        if t.len() >= word.len() && t.is_char_boundary(word.len()) && t[..word.len()].eq_ignore_ascii_case(word) {
            t = t[word.len()..].trim_start();
            any = true;
            break;
        }
    }
    if any {
        Some(t)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(t: &str) -> TypeSpec {
        TypeSpec::Named(t.to_string())
    }

    fn list(t: &str) -> TypeSpec {
        TypeSpec::List(vec![named(t)])
    }

    /// The kinds kept, written compactly.
    fn kinds(m: &Mined) -> Vec<String> {
        m.constraints.iter().map(describe).collect()
    }

    fn describe(c: &ConstraintSpec) -> String {
        let mut parts = Vec::new();
        if let Some(n) = c.min {
            parts.push(format!("min {}", show(n)));
        }
        if let Some(n) = c.max {
            parts.push(format!("max {}", show(n)));
        }
        if let Some(n) = c.min_length {
            parts.push(format!("min_length {n}"));
        }
        if let Some(n) = c.max_length {
            parts.push(format!("max_length {n}"));
        }
        if let Some(n) = c.min_items {
            parts.push(format!("min_items {n}"));
        }
        if let Some(n) = c.max_items {
            parts.push(format!("max_items {n}"));
        }
        if let Some(v) = &c.one_of {
            parts.push(format!("one_of [{}]", v.join(", ")));
        }
        parts.join(" & ")
    }

    #[test]
    fn value_range_on_integers() {
        let m = mine("Number of results. Value range: 1-100.", &named("int64"), Some("10"));
        assert_eq!(kinds(&m), ["min 1", "max 100"]);
        assert!(m.constraints.iter().all(|c| c.source.as_deref() == Some("Value range: 1-100.")));
        assert!(m.prose.is_empty());
        let m = mine("Weight. Value range: [0, 100]. Default value: 10.", &named("uint64"), Some("10"));
        assert_eq!(kinds(&m), ["min 0", "max 100"]);
        assert_eq!(m.default, Some(Value::from(10)));
        let m = mine("Priority. The value range is from -10 to 10.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min -10", "max 10"]);
        let m = mine("Port. Value range: 1–65535.", &named("uint64"), None);
        assert_eq!(kinds(&m), ["min 1", "max 65535"]);
        let m = mine("Timeout. Value range: [0, 1,800].", &named("uint64"), None);
        assert_eq!(kinds(&m), ["min 0", "max 1800"]);
        let m = mine("Rows. Value: an integer between 1 and 100.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min 1", "max 100"]);
    }

    #[test]
    fn ranges_fit_the_number_type() {
        let m = mine("Score. Value range: 0.5-1.5.", &named("float"), None);
        assert_eq!(m.constraints[0].min, Some(NumberSpec::Float(0.5)));
        assert_eq!(m.constraints[1].max, Some(NumberSpec::Float(1.5)));
        let m = mine("Offset. Value range: -5-5.", &named("uint64"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose, ["Value range: -5-5."]);
        let m = mine("Count. Value range: 1.5-3.", &named("int64"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Big. Maximum value: 99999999999999999999999.", &named("uint64"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Big. Maximum value: 18446744073709551615.", &named("uint64"), None);
        assert_eq!(m.constraints[0].max, Some(NumberSpec::UInt(u64::MAX)));
    }

    #[test]
    fn range_on_a_string_is_prose() {
        let m = mine("Port as text. Value range: 1-65535.", &named("string"), Some("80"));
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose, ["Value range: 1-65535."]);
    }

    #[test]
    fn array_length_on_an_integer_is_prose() {
        // DescribeUserInfo.PageSize.
        let m = mine("Page size. Array length: 1-100.", &named("uint64"), Some("10"));
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose, ["Array length: 1-100."]);
    }

    #[test]
    fn array_length_on_a_list() {
        let m = mine("Instance IDs. Array length: 1-100.", &list("string"), Some("[\"ins-1\"]"));
        assert_eq!(kinds(&m), ["min_items 1", "max_items 100"]);
        let m = mine("Targets. Array length limit: 20", &list("Target"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
        let m = mine("Targets. The array length cannot exceed 20.", &list("Target"), None);
        assert_eq!(kinds(&m), ["max_items 20"]);
    }

    #[test]
    fn items_on_lists() {
        let m = mine("Instance IDs. Each request can contain up to 100 instances at a time.", &list("string"), None);
        assert_eq!(kinds(&m), ["max_items 100"]);
        let m = mine("Member UIN list, including up to 50 items.", &list("uint64"), None);
        assert_eq!(kinds(&m), ["max_items 50"]);
        let m = mine("IDs. The maximum number of instances per request is 100.", &list("string"), None);
        assert_eq!(kinds(&m), ["max_items 100"]);
        // Two numbers: which is which?
        let m = mine("Filters. Each request can have up to 10 `Filters` and 5 `Filter.Values`.", &list("Filter"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 1);
        // Per item lengths are not item counts.
        let m = mine(
            "Tags. The number of tags can be up to 10, and each tag can contain up to 16 characters.",
            &list("string"),
            None,
        );
        assert!(m.constraints.is_empty());
        // A bare "up to 100" on a list of numbers might bound the numbers.
        let m = mine("IDs, up to 100.", &list("uint64"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Group IDs (up to 100).", &list("string"), None);
        assert_eq!(kinds(&m), ["max_items 100"]);
    }

    #[test]
    fn totals_bound_something_else() {
        let doc =
            "Org IDs (Json array, total number of channels no more than 5000, including the number of Channel fields)";
        let m = mine(doc, &list("string"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Offset. The sum of Offset and Limit cannot exceed 10000.", &named("int64"), None);
        assert!(m.constraints.is_empty());
    }

    #[test]
    fn line_items_keep_dots() {
        let doc = "Version. Enumeration values:<li>HTTP/1.1: HTTP/1.1</li><li>HTTP/2: HTTP/2</li>";
        let m = mine(doc, &named("string"), Some("HTTP/2"));
        assert_eq!(kinds(&m), ["one_of [HTTP/1.1, HTTP/2]"]);
        let doc = "Codec. Available values: libx264: H.264 encoding; H.266: H.266 encoding.";
        let m = mine(doc, &named("string"), Some("libx264"));
        assert_eq!(kinds(&m), ["one_of [libx264, H.266]"]);
        let doc = "Limit. Valid values:<li>-1: unlimited</li><li>10: ten</li>";
        let m = mine(doc, &named("string"), Some("10"));
        assert!(m.constraints.is_empty());
    }

    #[test]
    fn lengths_in_characters_only() {
        let m = mine("Name. Maximum length: 60 characters.", &named("string"), Some("abc"));
        assert_eq!(kinds(&m), ["max_length 60"]);
        let m = mine("Remarks (up to 128 characters).", &named("string"), None);
        assert_eq!(kinds(&m), ["max_length 128"]);
        let m = mine("Key, 6-32 characters. Only digits and letters are allowed.", &named("string"), None);
        assert_eq!(kinds(&m), ["min_length 6", "max_length 32"]);
        let m = mine("Token. The maximum length is 64 ASCII characters.", &named("string"), None);
        assert_eq!(kinds(&m), ["max_length 64"]);
        let m = mine("Description, with a length limit of 1,000 characters.", &named("string"), None);
        assert_eq!(kinds(&m), ["max_length 1000"]);
        let m = mine("Task name. It cannot exceed 55 bytes.", &named("string"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose, ["It cannot exceed 55 bytes."]);
        let m = mine("Name, up to 20 Chinese characters or 60 English characters.", &named("string"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Input limit: length 1-128", &named("string"), None);
        assert!(m.constraints.is_empty());
        let m = mine("ID. The format is alb- followed by 8 alphanumeric characters.", &named("string"), None);
        assert!(m.constraints.is_empty());
        assert!(m.prose.is_empty());
        let m =
            mine("Name. The InstanceName value plus the suffix cannot exceed 107 characters.", &named("string"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Name. Maximum length: 60 characters.", &list("string"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 1);
    }

    #[test]
    fn hostnames_with_two_lengths_are_prose() {
        let doc = "Host name.<br><li>Windows instances: The hostname should contain 2 to 15 characters.</li><li>Other instances: The hostname should contain 2 to 60 characters.</li>";
        let m = mine(doc, &named("string"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
        assert_eq!(m.prose.len(), 2);
    }

    #[test]
    fn maximum_and_minimum() {
        let m = mine("Number of results. Default value: 20; maximum value: 100.", &named("int64"), Some("20"));
        assert_eq!(kinds(&m), ["max 100"]);
        assert_eq!(m.default, Some(Value::from(20)));
        let m = mine("Limit. It is 100 by default, and the maximum value is 200.", &named("uint64"), None);
        assert_eq!(kinds(&m), ["max 200"]);
        assert_eq!(m.default, Some(Value::from(100)));
        let m = mine("Limit Entries, 10 by default, up to 100", &named("int64"), None);
        assert_eq!(kinds(&m), ["max 100"]);
        assert_eq!(m.default, Some(Value::from(10)));
        let m = mine("Offset. Minimum value: 0.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min 0"]);
        let m = mine("Limit. Must be greater than 0.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min 1"]);
        let m = mine("Ratio. Must be greater than 0.", &named("float"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Limit. Maximum value: `100`.", &named("int64"), None);
        assert_eq!(kinds(&m), ["max 100"]);
        let m = mine("Maximum number of entries per page", &named("int64"), None);
        assert!(m.constraints.is_empty());
    }

    #[test]
    fn units_must_be_the_members() {
        let m = mine("Cache time. The maximum value is 30 days.", &named("int64"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 1);
        let m = mine("Cache time, in days. The maximum value is 30 days.", &named("int64"), None);
        assert_eq!(kinds(&m), ["max 30"]);
        let m = mine("Timeout. Unit: second. Value range: 2-30 seconds.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min 2", "max 30"]);
        let m = mine("Timeout in ms. Value range: 2-30 seconds.", &named("int64"), None);
        assert!(m.constraints.is_empty());
        let m = mine("End time. The query period cannot exceed 7 days.", &named("int64"), None);
        assert!(m.constraints.is_empty());
    }

    #[test]
    fn labelled_conditions_are_prose() {
        let doc = "Path. Note: For a complex compositing task, the file name can contain only digits, with a maximum of 64 characters.";
        let m = mine(doc, &named("string"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 1);
    }

    #[test]
    fn conditions_and_hedges_are_prose() {
        let m = mine("Width. Note: If Codec is set to MV-HEVC, the maximum value can be 4096.", &named("uint64"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Threshold. We recommend a value between 1 and 10.", &named("int64"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Eyebrow. Reference range: [0,80], which means incomplete.", &named("int64"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Size. Value range: 0 and [128, 4096].", &named("uint64"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Limit. Maximum value: 100 for Windows.", &named("uint64"), None);
        assert!(m.constraints.is_empty());
        // The member's own absence is not a condition.
        let m = mine("Priority. If left blank, the default value is 0. Value range: 0-100.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min 0", "max 100"]);
        assert_eq!(m.default, Some(Value::from(0)));
    }

    #[test]
    fn one_of_on_strings() {
        let m = mine("Billing mode. Valid values: `prePay`, `postPay`.", &named("string"), Some("prePay"));
        assert_eq!(kinds(&m), ["one_of [prePay, postPay]"]);
        let m = mine(
            "Key status. Valid values: `Active` (activated), `Inactive` (not activated).",
            &named("string"),
            Some("Active"),
        );
        assert_eq!(kinds(&m), ["one_of [Active, Inactive]"]);
        let m = mine("Task status. Valid values are PROCESSING, SUCCESS, and FAIL.", &named("string"), Some("SUCCESS"));
        assert_eq!(kinds(&m), ["one_of [PROCESSING, SUCCESS, FAIL]"]);
        let m = mine("Access. Valid values: `cdn` (default) and `ecdn`.", &named("string"), Some("ecdn"));
        assert_eq!(kinds(&m), ["one_of [cdn, ecdn]"]);
        assert_eq!(m.default, Some(Value::from("cdn")));
        let m = mine("Mode. Valid values: [no, yes]", &named("string"), Some("no"));
        assert_eq!(kinds(&m), ["one_of [no, yes]"]);
        let m = mine(
            "Type. Valid values:<li>`on`: enable;</li><li>off: disable.</li>Default value: `off`.",
            &named("string"),
            Some("on"),
        );
        assert_eq!(kinds(&m), ["one_of [on, off]"]);
        assert_eq!(m.default, Some(Value::from("off")));
    }

    #[test]
    fn one_of_with_described_values() {
        let doc = "Policy type. Valid values: SERVICE_CONTROL_POLICY: service control policy; TAG_POLICY: tag policy.";
        let m = mine(doc, &named("string"), Some("TAG_POLICY"));
        assert_eq!(kinds(&m), ["one_of [SERVICE_CONTROL_POLICY, TAG_POLICY]"]);
        // A description holding a semicolon breaks the pattern: prose.
        let doc = "Type. Valid values: A: first; more about A; B: second.";
        let m = mine(doc, &named("string"), Some("A"));
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 1);
    }

    #[test]
    fn doubtful_letter_case_is_prose() {
        let doc = "Watermark type. Valid values: image: image watermark; Text: text watermark; svg: SVG watermark.";
        let m = mine(doc, &named("string"), Some("image"));
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 1);
        let m = mine(
            "Tag type. Valid values: Custom: custom tag; System: system tag; All: all tags.",
            &named("string"),
            Some("All"),
        );
        assert_eq!(kinds(&m), ["one_of [Custom, System, All]"]);
    }

    #[test]
    fn one_of_needs_a_matching_example() {
        let doc = "Billing mode. Valid values: `prePay`, `postPay`.";
        let m = mine(doc, &named("string"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose, ["Valid values: `prePay`, `postPay`."]);
        let m = mine(doc, &named("string"), Some("prepay"));
        assert!(m.constraints.is_empty());
        assert_eq!(m.dropped[0].1, "rejects the documented example `prepay`");
        // A bare "values" must speak of the member.
        let m = mine("Image format values: jpeg, jpg, png.", &named("string"), Some("jpg"));
        assert!(m.constraints.is_empty());
        // Numbers in brackets are a range.
        let m = mine("Width. Value range: [8, 4096].", &named("string"), Some("8"));
        assert!(m.constraints.is_empty());
    }

    #[test]
    fn one_of_traps() {
        // Descriptions mixed in: not a clean list.
        let m = mine("Source. Valid values: `cos` for COS and `lakefs` for the local system.", &named("string"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 1);
        // On an integer: an enumeration is not one_of, nor a range.
        let m = mine("Switch. Valid values: `0`: off; `1`: on.", &named("int64"), Some("0"));
        assert!(m.constraints.is_empty());
        let m = mine("Switch. Valid values: `0` (off), `1` (on).", &named("int64"), Some("0"));
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 1);
        // Several values in one string.
        let m = mine("Fields. Valid values: `a`, `b`. Separate multiple values with commas.", &named("string"), None);
        assert!(m.constraints.is_empty());
        // Incomplete.
        let m = mine("Region. Valid values include `ap-guangzhou`, `ap-beijing`.", &named("string"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Region. Valid values: `a`, `b`, etc.", &named("string"), None);
        assert!(m.constraints.is_empty());
        // A single value needs the example to agree.
        let m = mine("Date. Valid values: `YYYY-MM-DD`", &named("string"), None);
        assert!(m.constraints.is_empty());
        // The example is not in the list.
        let m = mine("Level. Valid values: `High`, `Low`.", &named("string"), Some("Medium"));
        assert!(m.constraints.is_empty());
        assert_eq!(m.dropped.len(), 1);
        assert_eq!(m.dropped[0].1, "rejects the documented example `Medium`");
        // Bools need no one_of.
        let m = mine("Whether. Valid values: `true`, `false`. Default value: false.", &named("bool"), None);
        assert!(m.constraints.is_empty());
        assert!(m.prose.is_empty(), "{m:?}");
        assert_eq!(m.default, Some(Value::Bool(false)));
    }

    #[test]
    fn line_lists_must_end_cleanly() {
        let doc =
            "Mode. Valid values:<li>A: first;</li><li>B: second</li><li>All TCP ports: third</li><li>C: fourth</li>";
        let m = mine(doc, &named("string"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
        let doc = "Mode. Valid values:<li>A: first;</li><li>B: second</li>Note: this field may return null.";
        let m = mine(doc, &named("string"), Some("B"));
        assert_eq!(kinds(&m), ["one_of [A, B]"]);
        assert_eq!(m.constraints[0].source.as_deref(), Some("Valid values: A: first; B: second"));
    }

    #[test]
    fn defaults_typed_for_the_member() {
        assert_eq!(mine("Size. The default is `6`.", &named("int64"), None).default, Some(Value::from(6)));
        assert_eq!(mine("Switch. Defaults to `true`.", &named("bool"), None).default, Some(Value::Bool(true)));
        assert_eq!(mine("Flag. Default value: FALSE.", &named("bool"), None).default, Some(Value::Bool(false)));
        assert_eq!(
            mine("Region. Default: `ap-guangzhou`", &named("string"), None).default,
            Some(Value::from("ap-guangzhou"))
        );
        assert_eq!(mine("Ratio. Default value: 0.5.", &named("float"), None).default, Some(Value::from(0.5)));
        assert_eq!(mine("Offset, which is 0 by default.", &named("uint64"), None).default, Some(Value::from(0u64)));
        assert_eq!(mine("Mode. Default value: ON.", &named("string"), None).default, Some(Value::from("ON")));
        assert_eq!(
            mine("Dry run. - false (default): Send a normal request.", &named("bool"), None).default,
            Some(Value::Bool(false))
        );
        // Lists and objects have no default.
        let m = mine("IDs. Default value: 20.", &list("string"), None);
        assert_eq!(m.default, None);
        assert_eq!(m.prose.len(), 1);
        // Not typed for the member.
        assert_eq!(mine("Flag. Default value: 0.", &named("bool"), None).default, None);
        assert_eq!(mine("Count. Default value: abc.", &named("int64"), None).default, None);
        assert_eq!(mine("Count. Default value: -1.", &named("uint64"), None).default, None);
    }

    #[test]
    fn html_tags() {
        let doc = "<p>Sorting field. Valid values:</p><li>action-id: by ID.</li><li>create-time: by time.</li>Default value: <code>action-id</code>.<p></p>";
        let m = mine(doc, &named("string"), Some("action-id"));
        assert_eq!(kinds(&m), ["one_of [action-id, create-time]"]);
        assert_eq!(m.default, Some(Value::from("action-id")));
        // "default: ..." as an item is a value, not the end of the list.
        let doc = "Profile. Enumeration values:<ul><li>baseline: a</li><li>high: b</li><li>default: Automatic filling.</li></ul><p>Default value: default</p>";
        let m = mine(doc, &named("string"), Some("baseline"));
        assert_eq!(kinds(&m), ["one_of [baseline, high, default]"]);
        assert_eq!(m.default, Some(Value::from("default")));
        let doc =
            "Profile. Enumeration values:<ul><li>baseline: a</li><li>high: b</li><li>default: automatic.</li></ul>";
        let m = mine(doc, &named("string"), Some("baseline"));
        assert!(m.constraints.is_empty());
    }

    #[test]
    fn versions_are_not_numbers() {
        let m = mine("Version. The default value is 2.4.1.", &named("string"), None);
        assert_eq!(m.default, None);
        let m = mine("Version. The default value is `2.4.1`.", &named("string"), None);
        assert_eq!(m.default, Some(Value::from("2.4.1")));
        let m = mine("Ratio. Maximum value: 1.5.2", &named("float"), None);
        assert!(m.constraints.is_empty());
        let m = mine("Sort field. Default value:", &named("string"), None);
        assert_eq!(m.default, None);
        let m = mine("Method. This is the default method.", &named("string"), None);
        assert_eq!(m.default, None);
    }

    #[test]
    fn described_values_named_default() {
        let doc =
            "Strength. \ndefault: default, balance between quality and resilience. \nstronger: clear image quality.";
        assert_eq!(mine(doc, &named("string"), None).default, None);
        assert_eq!(mine("Mode. Default: ON.", &named("string"), None).default, Some(Value::from("ON")));
    }

    #[test]
    fn marked_defaults_must_be_items() {
        let m = mine("Project category.DESKTOP: desktop (default value).MOBILE: mobile.", &named("string"), None);
        assert_eq!(m.default, None);
        let m = mine("Valid values: `a`, `b` (default).", &named("string"), None);
        assert_eq!(m.default, Some(Value::from("b")));
    }

    #[test]
    fn bare_string_defaults_must_be_values() {
        assert_eq!(mine("Name. Default value: no modification if not passed", &named("string"), None).default, None);
        assert_eq!(mine("Name. If 0 is passed, the default value is used.", &named("string"), None).default, None);
        assert_eq!(mine("Start. The default value is the current time.", &named("string"), None).default, None);
        assert_eq!(
            mine("Order, asc/desc. Default value: desc.", &named("string"), None).default,
            Some(Value::from("desc"))
        );
        assert_eq!(mine("Order. Default value: desc.", &named("string"), None).default, None);
        assert_eq!(mine("Offset. Default value: 0px.", &named("string"), None).default, Some(Value::from("0px")));
    }

    #[test]
    fn absence_is_no_condition() {
        assert_eq!(
            mine("Offset. Defaults to 0 when not specified.", &named("int64"), None).default,
            Some(Value::from(0))
        );
        assert_eq!(mine("Offset. Default is 0 if left empty.", &named("int64"), None).default, Some(Value::from(0)));
        let m = mine("Force. If it’s not specified, the default value `false` is used.", &named("bool"), None);
        assert_eq!(m.default, Some(Value::Bool(false)));
        let doc = "Whether to enable. Valid values: <br><li>`TRUE`: yes;<br><li>`FALSE`: no<br><br>Default: `FALSE`.";
        let m = mine(doc, &named("bool"), None);
        assert_eq!(m.default, Some(Value::Bool(false)));
        assert!(m.prose.is_empty(), "{m:?}");
    }

    /// Defect 6: trtc CreateCloudRecording's `ResourceExpiredHour` was mined as `max 72`
    /// from the sentence about what happens when it is not set.
    #[test]
    fn what_happens_when_unset_bounds_nothing() {
        let doc = "The amount of time (in hours) during which API requests can be made after recording starts. \
            Calculation starts when a recording task is started (when the recording task ID is returned). Once the \
            period elapses, the query, modification, and stop recording APIs can no longer be called, but the \
            recording task will continue. The default value is `72` (three days), and the maximum and minimum \
            values allowed are `720` (30 days) and `6` respectively. If you do not set this parameter, the query, \
            modification, and stop recording APIs can be called within 72 hours after recording starts.";
        let m = mine(doc, &named("uint64"), Some("24"));
        assert_eq!(kinds(&m), ["min 6", "max 720"], "{m:?}");
        assert_eq!(m.default, Some(Value::from(72)));
        assert!(m.constraints.iter().all(|c| c.source.as_deref().is_some_and(|s| s.contains("respectively"))));
        // The consequence of not setting the member is no bound, whatever its phrasing.
        let m =
            mine("Validity, in hours. If it is not specified, tasks expire within 72 hours.", &named("uint64"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
        let m = mine("Size, in MB. When left empty, up to 100 MB is used.", &named("uint64"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
        // Nor is an example, nor a time window ("within N hours").
        let doc =
            "Validity, in hours. For example, if this parameter is not specified, APIs can be called for 24 hours.";
        assert!(mine(doc, &named("uint64"), None).constraints.is_empty());
        let m = mine("Expiry, in hours. Tasks can be queried within 72 hours.", &named("uint64"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
        // A default stated for the unset case is still read.
        let m = mine("Limit. Value range: 1-100; defaults to 20 if not specified.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min 1", "max 100"]);
        assert_eq!(m.default, Some(Value::from(20)));
    }

    /// "The maximum and minimum values are A and B respectively" reads both, in that order, or neither.
    #[test]
    fn respectively_reads_both_or_neither() {
        let m = mine("Size. The minimum and maximum values are 1 and 50 respectively.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min 1", "max 50"]);
        let m = mine("Size. The maximum and minimum values are `50` and `1`, respectively.", &named("int64"), None);
        assert_eq!(kinds(&m), ["min 1", "max 50"]);
        // Anything else naming a maximum with "respectively" is left as prose.
        let m = mine("Size. The maximum is 50 and 60 respectively for the two modes.", &named("int64"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
    }

    /// The kinds kept, each with the reason it is documentation only, if it is.
    fn settled(m: &Mined) -> Vec<String> {
        m.constraints
            .iter()
            .map(|c| match c.reason {
                Some(r) if !c.enforced() => format!("{} ({})", describe(c), r.name()),
                _ => describe(c),
            })
            .collect()
    }

    /// Clamps read as limits: when the server adjusts a value, the bound is documentation.
    #[test]
    fn clamped_bounds_are_documentation() {
        // faceid ListEKYCWebhooks.Limit
        let doc = "<p>Number of results per page. Default value: 20. Maximum value: 100 (automatically truncated to 100 if exceeded)</p><p>Value range: [20, 100]</p>";
        assert_eq!(settled(&mine(doc, &named("int64"), Some("20"))), ["min 20 (clamped)", "max 100 (clamped)"]);
        // ocr ApplyOcrToken.OcrAutoDetectTimeout
        let doc = "OCR automatic capture mode timeout (ms).\nValue range: [5000, 180000].\nDefault value: 20000.\nIf the value is below 5000, it is set to 5000; if above 180000, it is set to 180000.";
        assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 5000 (clamped)", "max 180000 (clamped)"]);
        // faceid ApplySdkVerificationToken.OcrAutoDetectTimeout
        let doc = "OCR Auto Capture Mode Timeout (ms)\nValue Range: [5000, 180000]\nDefault Value: 20000\nValues less than 5000 will be clamped to 5000; values greater than 180000 will be clamped to 180000";
        assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 5000 (clamped)", "max 180000 (clamped)"]);
        // csip DescribeBaselineAggregatedItemList.Limit
        let doc = "<p>Number of items per page for paging query. Maximum value: 100. If exceeded, the server will automatically roll back to the default value 10.</p>";
        assert_eq!(settled(&mine(doc, &named("int64"), None)), ["max 100 (clamped)"]);
        // ssl DescribeHostUploadUpdateRecordDetail.Limit
        let doc = "Number of items per page. default is 10, maximum is 200. exceeds 200 will be set to 200.";
        assert_eq!(settled(&mine(doc, &named("int64"), None)), ["max 200 (clamped)"]);
        // gaap ModifySecurityRule.AliasName
        let doc = "Rule name: up to 30 characters. The extra characters will be truncated.";
        assert_eq!(settled(&mine(doc, &named("string"), None)), ["max_length 30 (clamped)"]);
        // Not a clamp: "is set to 1" in an example about another member (as SpotMixedAllocationPolicy).
        let doc = "Controls the percentage of pay-as-you-go instances for the additional capacity beyond `BaseCapacity`. Valid range: 0-100. The value 0 indicates that only spot instances are provisioned, while the value 100 indicates that only pay-as-you-go instances are provisioned. It defaults to 70 if not specified. The number of pay-as-you-go instances calculated on the percentage should be rounded up.\nFor example, if the desired capacity is 3, the `BaseCapacity` is set to 1, and the `OnDemandPercentageAboveBaseCapacity` is set to 1, the scaling group will have 2 pay-as-you-go instance (one comes from the base capacity, and the other comes from the rounded up value of the proportion), and 1 spot instance.";
        assert_eq!(settled(&mine(doc, &named("uint64"), Some("0"))), ["min 0", "max 100"]);
    }

    /// Special values outside the range ("0 disables", "-1 means unlimited") are allowed:
    /// the bounds that exclude them are documentation.
    #[test]
    fn special_values_outside_the_range_are_allowed() {
        // iss ModifyVLPlan.FileExpires: 0 is below the minimum only.
        let doc = "<p>New storage days, range [7, 1080]. 0 means no modification</p>";
        assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 7 (special_values)", "max 1080"]);
        // vod VideoTemplateInfoForUpdate.Vcrf
        let doc =
            "<p>Control factor for constant video bitrate. Value range: [1, 51]. 0 indicates that it is disabled.</p>";
        assert_eq!(settled(&mine(doc, &named("uint64"), None)), ["min 1 (special_values)", "max 51"]);
        // cls CreateTopic.HotPeriod
        let doc = "<p>0: Log topic disables log settlement.<br>Non-0: Number of days for standard storage after log settlement is enabled in the log topic. HotPeriod needs to be greater than or equal to 7 and less than Period.<br>Effective only when StorageType is hot.</p>";
        assert_eq!(settled(&mine(doc, &named("uint64"), None)), ["min 7 (special_values)"]);
        // ckafka ModifyTopicAttributes.RetentionBytes, without its "Default value: -1".
        let doc = "<p>Option, retain file size</p><p>Value ranges from [1073741824, 1099511627776]</p><p>Unit: Bytes</p><p>Special value: -1 indicates unlimited</p>";
        assert_eq!(
            settled(&mine(doc, &named("int64"), None)),
            ["min 1073741824 (special_values)", "max 1099511627776"]
        );
        // lcic CreateRoom.EndDelayTime: "0: no limit", inside the range (no minimum stated).
        let doc = "Drag class time: unit: minutes. 0: no limit (default), -1: can't drag class, greater than 0: the time of dragging class. maximum value: 120 minutes.";
        assert_eq!(settled(&mine(doc, &named("int64"), None)), ["max 120"]);
        // A special value inside the range changes nothing (apigateway UpstreamNode.Weight).
        let doc = "Value range: [0, 100]. `0` refers to disable it.";
        assert_eq!(settled(&mine(doc, &named("uint64"), None)), ["min 0", "max 100"]);
    }

    /// A bound stated in one item of a list of modes or conditions is not the member's.
    #[test]
    fn mode_specific_items_are_documentation() {
        // teo CustomField.Value
        let doc = "Enter the field value definition based on the field type (`Name`). This parameter is case-sensitive.\n<li>When the field type is `ReqHeader`, `RspHeader`, or `Cookie`, enter the parameter name for value extraction, such as `Accept-Language`. You can enter 1-100 characters. the name must start with a letter, contain letters, digits, or hyphens (-) in the middle, and end with a letter or digit.</li>\n<li>When the field type is `ReqBody`, enter the Google RE2 regular expression. The maximum length of the regular expression is 4 KB.</li>";
        assert_eq!(
            settled(&mine(doc, &named("string"), Some("Accept-Language"))),
            ["min_length 1 (mode_specific)", "max_length 100 (mode_specific)"]
        );
        // cbs DescribeSnapshots.Filters: "up to 10 values" of one filter, not 10 filters (now
        // left as prose: it counts the values of one item, see values_of_each_item_do_not_bound_the_list).
        let doc = "Filter criteria.<br><ul><li>snapshot-id<ul><li>filter by cloud disk snapshot id</li><li>type: String</li><li>required: no</li></ul></li><li>disk-id<ul><li>filter by cloud disk id. up to 10 values can be specified</li><li>type: String</li><li>required: no</li></ul></li></ul>.";
        assert!(settled(&mine(doc, &list("Filter"), None)).is_empty());
        // An item about the member as a whole is the member's (postgres CreateAccount.Password).
        let doc = "Password.<li>Specifies a length of 8 to 32 characters. a password of more than 12 characters is recommended.</li><li>Cannot start with a slash.</li>";
        let m = mine(doc, &named("string"), None);
        assert!(m.constraints.iter().all(|c| c.enforced()), "{m:?}");
        let doc = "Number of items.<li>Value range: 1-100</li><li>Default value: 10</li>";
        assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 1", "max 100"]);
    }

    /// "Returned values:" lists what the service returns: on a structure also used in
    /// requests, documentation only.
    #[test]
    fn returned_values_are_documentation() {
        let doc = "Suggested operation. Returned values: `Block`, `Review`, `Pass`.";
        assert_eq!(
            settled(&mine(doc, &named("string"), Some("Pass"))),
            ["one_of [Block, Review, Pass] (returned_values)"]
        );
        let doc = "Suggested operation. Valid values: `Block`, `Review`, `Pass`.";
        assert_eq!(settled(&mine(doc, &named("string"), Some("Pass"))), ["one_of [Block, Review, Pass]"]);
    }

    /// A list of software versions is a moving set: documentation only. Other lists of
    /// numbers-and-words stay enforced.
    #[test]
    fn version_lists_are_documentation() {
        // omics NFOption.NFVersion (the Chinese edition lists 22.10.7 where this lists 22.10.8)
        let doc = "Nextflow engine version. Valid values:\n- 22.10.4\n- 22.10.8 \n- 23.10.1\nNote: This field may return null, indicating that no valid values can be obtained.";
        assert_eq!(
            settled(&mine(doc, &named("string"), Some("23.10.1"))),
            ["one_of [22.10.4, 22.10.8, 23.10.1] (versions)"]
        );
        // cdb CreateParamTemplate.EngineVersion
        let doc = "MySQL version number. Available values: 5.6, 5.7, and 8.0.";
        assert_eq!(settled(&mine(doc, &named("string"), Some("5.7"))), ["one_of [5.6, 5.7, 8.0] (versions)"]);
        let doc = "Mode. Valid values: `v1`, `v2`.";
        assert_eq!(settled(&mine(doc, &named("string"), Some("v1"))), ["one_of [v1, v2]"]);
    }

    /// An account's quota ("a default creation maximum value of 20") can be raised: no bound.
    #[test]
    fn quotas_are_not_bounds() {
        // clb CreateLoadBalancer.Number
        let doc = "Count of Cloud Load Balancers to create, default value is 1. The count must not exceed the maximum value allowed for the account, with a default creation maximum value of 20.";
        let m = mine(doc, &named("uint64"), Some("1"));
        assert!(m.constraints.is_empty(), "{m:?}");
        assert_eq!(m.default, Some(Value::from(1)));
        let m = mine("Instances to create. The quota is up to 100 per region.", &named("uint64"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
    }

    /// "Each filter condition supports a maximum of 10 values" counts the values of one
    /// item, not the items of the list.
    #[test]
    fn values_of_each_item_do_not_bound_the_list() {
        // alb DescribeSecurityPolicies.Filters
        let doc = "Filter condition. Description: Each filter condition supports a maximum of 10 values.";
        let m = mine(doc, &list("Filter"), None);
        assert!(m.constraints.is_empty(), "{m:?}");
        // teo DescribeDnsRecords.Filters
        let doc = "Filter conditions, up to 20 values for each filter.";
        assert!(mine(doc, &list("AdvancedFilter"), None).constraints.is_empty());
        // gaap DescribeProxyGroupList.Filters
        let doc = "Filter conditions. Each request can have a maximum of 5 filter conditions for `Filter.Values`.";
        assert!(mine(doc, &list("Filter"), None).constraints.is_empty());
        // The list's own items are still counted (cls DescribeShippers.Filters).
        let doc = "Filter conditions. Each request can have up to 10 Filters.";
        assert_eq!(kinds(&mine(doc, &list("Filter"), None)), ["max_items 10"]);
        let doc = "Tag values. Up to 10 values.";
        assert_eq!(kinds(&mine(doc, &list("string"), None)), ["max_items 10"]);
    }

    #[test]
    fn ambiguous_defaults_are_prose() {
        let m = mine("Limit. Default value: 20. It is 100 by default.", &named("int64"), None);
        assert_eq!(m.default, None);
        assert_eq!(m.prose.len(), 2);
        let m = mine("Port. Default value: 3306 for MySQL.", &named("int64"), None);
        assert_eq!(m.default, None);
        let m = mine("Limit. If Type is 1, the default value is 10.", &named("int64"), None);
        assert_eq!(m.default, None);
        let m = mine("Time. Default value: 1 hour.", &named("int64"), None);
        assert_eq!(m.default, None);
        let m = mine("Time, in hours. Default value: 1 hour.", &named("int64"), None);
        assert_eq!(m.default, Some(Value::from(1)));
    }

    #[test]
    fn example_checks() {
        let m = mine("Page. Value range: 1-100.", &named("int64"), Some("0"));
        assert_eq!(kinds(&m), ["max 100"]);
        assert_eq!(m.dropped.len(), 1);
        assert_eq!(m.dropped[0].1, "rejects the documented example `0`");
        assert_eq!(m.dropped[0].0.min, Some(NumberSpec::Int(1)));
        let m = mine("IDs. Array length: 1-2.", &list("string"), Some("[\"a\",\"b\",\"c\"]"));
        assert_eq!(kinds(&m), ["min_items 1"]);
        let m = mine("Name. Maximum length: 3 characters.", &named("string"), Some("abcd"));
        assert!(m.constraints.is_empty());
        // Unparseable examples check nothing.
        let m = mine("IDs. Array length: 1-2.", &list("string"), Some("ins-1"));
        assert_eq!(m.constraints.len(), 2);
    }

    #[test]
    fn contradictions_are_dropped() {
        let m = mine("Count. Value range: 100-1.", &named("int64"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.dropped.len(), 2);
        assert!(m.dropped[0].1.contains("contradicts"));
        let m = mine("Count. Value range: 1-10. Default value: 20.", &named("int64"), None);
        assert_eq!(m.default, None);
        assert_eq!(kinds(&m), ["min 1"]);
        assert_eq!(m.dropped.len(), 2);
        assert_eq!(m.dropped[0].1, "default `20` breaks max 10");
        assert_eq!(m.dropped[0].0.doc.as_deref(), Some("default: 20"));
        assert_eq!(m.dropped[1].1, "rejects the documented default `20`");
        assert_eq!(m.dropped[1].0.max, Some(NumberSpec::Int(10)));
        let m = mine("Mode. Valid values: `a`, `b`. Default value: `c`.", &named("string"), Some("a"));
        assert_eq!(m.default, None);
        assert!(m.constraints.is_empty());
        // "0" means off, outside the range.
        let doc = "Session expiry. Value range: 30-3600. The default value is 0, indicating that persistence is off.";
        let m = mine(doc, &named("int64"), None);
        assert_eq!(kinds(&m), ["max 3600"]);
    }

    #[test]
    fn conflicting_constraints_are_prose() {
        let m = mine("Limit. Maximum value: 100. The maximum value is 1000.", &named("int64"), None);
        assert!(m.constraints.is_empty());
        assert_eq!(m.prose.len(), 2);
        // The same value twice is fine.
        let m = mine("Limit. Maximum value: 100. Up to 100.", &named("int64"), None);
        assert_eq!(kinds(&m), ["max 100"]);
    }

    #[test]
    fn non_english_yields_nothing() {
        let m = mine("取值范围：1-100。Value range: 1-100.", &named("int64"), None);
        assert_eq!(m, Mined::default());
    }

    #[test]
    fn html_and_bold_are_read() {
        let m = mine(
            "<p>Threshold.</p><p>Value range: **2**-**10**.</p><p>Default value: **2**.</p>",
            &named("uint64"),
            None,
        );
        assert_eq!(kinds(&m), ["min 2", "max 10"]);
        assert_eq!(m.default, Some(Value::from(2)));
        assert_eq!(m.constraints[0].source.as_deref(), Some("Value range: 2-10."));
    }

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

    /// Long, repetitive documentation is mined without panicking. (Speed is measured in
    /// benchmarks, never asserted in tests.)
    #[test]
    fn long_repetitive_inputs_are_mined() {
        let types = [named("int64"), named("string"), list("string")];
        let pieces = [
            "Default value: abc. ",
            "up to 12 characters ",
            "Maximum value: 10 ",
            "Valid values: `a`, ",
            "Value range: 1-100 ",
            "12 characters, 13 characters; ",
            "<li>A: x</li>",
            "(default) ",
        ];
        for piece in pieces {
            let doc = piece.repeat(2_000);
            for ty in &types {
                let _ = mine(&doc, ty, Some("1"));
            }
        }
    }

    #[test]
    fn never_panics() {
        let odd = [
            "",
            "`",
            "``",
            "Valid values: `",
            "Valid values: (",
            "Value range: [",
            "Default value: `",
            "Default value: ",
            "up to 99999999999999999999999999999 characters",
            "Value range: 9223372036854775807-9223372036854775808",
            "Must be less than -9223372036854775808.",
            "Must be greater than 9223372036854775807.",
            "é. Default value: é.",
            "Valid values: [`a`",
            "Valid values: `a` (",
            "Valid values: `a` ((b)",
            "Value range: 1e400-2e400",
            "\u{0}\u{ffff}<li>",
            "<<<>>>",
            "Valid values:\n- \n",
            "Default value: 1,000,000,000,000,000,000,000,000.",
        ];
        let types = [
            named("int64"),
            named("uint64"),
            named("float"),
            named("bool"),
            named("string"),
            list("string"),
            list("int64"),
            named("Model"),
        ];
        for doc in odd {
            for ty in &types {
                for ex in [None, Some(""), Some("["), Some("1e999"), Some("-1")] {
                    let _ = mine(doc, ty, ex);
                }
            }
        }
    }
}
