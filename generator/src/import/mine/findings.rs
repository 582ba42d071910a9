//! What the phrases find: constraint kinds, findings and what follows a number.

use std::rc::Rc;

use serde_yaml::Value;

use super::numbers::{num_le, show};
use super::phrases::ABSENCE_HERE;
use super::units::unit;
use crate::spec::model::{ConstraintSpec, NumberSpec};

/// One constraint kind with its value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
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
    pub(super) fn slot(&self) -> usize {
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

    pub(super) fn spec(&self, source: &str) -> ConstraintSpec {
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

    pub(super) fn describe(&self) -> String {
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
    pub(super) fn accepts(&self, v: &Sample) -> Option<bool> {
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
pub(super) enum Sample {
    Number(NumberSpec),
    Text(String),
    Items(usize),
}

/// A source sentence, shared by the findings it yields.
pub(super) type Src = Rc<str>;

/// A finding: a constraint or a default, with the sentence it came from.
#[derive(Debug, Clone)]
pub(super) enum Found {
    Constraint(Kind, Src),
    Default(Value, Src),
}

/// Which quantity a bound speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Measure {
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
pub(super) enum Tail {
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

pub(super) fn tail(rest: &str) -> Tail {
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
