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
//! do not set this parameter, ... within 72 hours"), from "within N `<unit>`" (a time
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

mod field;
mod findings;
mod lists;
mod numbers;
mod phrases;
mod reconcile;
mod scan;
#[cfg(test)]
mod tests;
mod text;
mod units;

pub use reconcile::Mined;

use field::Field;
use lists::LineUse;
use phrases::{re, GENERAL_ITEM, NOT_ONE_OF};
use scan::Miner;
use text::{is_cjk, is_item, normalize, split_line, unmarked};
use units::stated_units;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::LazyLock;

use regex::Regex;

use crate::spec::model::{NotEnforced, TypeSpec};

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
