//! Numbers as written, and their canonical spec form.

use crate::spec::model::NumberSpec;

/// A number as written: sign, digits (thousands separators removed), optional fraction.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Raw(String);

impl Raw {
    pub(super) fn new(text: &str) -> Raw {
        Raw(text.trim().trim_matches('`').replace(',', "").trim_start_matches('+').to_string())
    }

    pub(super) fn is_integer(&self) -> bool {
        !self.0.contains('.')
    }

    pub(super) fn i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    pub(super) fn u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    pub(super) fn f64(&self) -> Option<f64> {
        self.0.parse::<f64>().ok().filter(|f| f.is_finite())
    }
}

/// Canonical form of an integer, as a YAML spec would deserialise it.
pub(super) fn int_spec(v: i128) -> Option<NumberSpec> {
    if let Ok(i) = i64::try_from(v) {
        Some(NumberSpec::Int(i))
    } else {
        u64::try_from(v).ok().map(NumberSpec::UInt)
    }
}

pub(super) fn as_f64(n: NumberSpec) -> f64 {
    match n {
        NumberSpec::Int(i) => i as f64,
        NumberSpec::UInt(u) => u as f64,
        NumberSpec::Float(f) => f,
    }
}

pub(super) fn as_i128(n: NumberSpec) -> Option<i128> {
    match n {
        NumberSpec::Int(i) => Some(i.into()),
        NumberSpec::UInt(u) => Some(u.into()),
        NumberSpec::Float(_) => None,
    }
}

pub(super) fn show(n: NumberSpec) -> String {
    match n {
        NumberSpec::Int(i) => i.to_string(),
        NumberSpec::UInt(u) => u.to_string(),
        NumberSpec::Float(f) => f.to_string(),
    }
}

pub(super) fn num_le(a: NumberSpec, b: NumberSpec) -> bool {
    match (as_i128(a), as_i128(b)) {
        (Some(x), Some(y)) => x <= y,
        _ => as_f64(a) <= as_f64(b),
    }
}
