//! Client-side validation: the constraints a spec states, checked before a request
//! is sent.
//!
//! Generated `validate` functions call the checking methods of [`Violations`]; each
//! violation names the field (its wire path), the rule that failed and, where the spec
//! maps the rule to one, the server error code the check pre-empts. Validation never
//! rejects what the spec does not forbid, and a client can turn it off entirely.

use std::fmt;

/// What validation may read besides the request: the current time of the client's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationContext {
    now_unix: i64,
}

impl ValidationContext {
    /// A context whose "now" is `now_unix` seconds since the Unix epoch.
    pub fn new(now_unix: i64) -> Self {
        ValidationContext { now_unix }
    }

    /// The current time, in seconds since the Unix epoch.
    pub fn now_unix(&self) -> i64 {
        self.now_unix
    }
}

/// A number as stated in a constraint or found in a request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Any integer the wire types can hold.
    Int(i128),
    /// A floating-point value.
    Float(f64),
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(v) => write!(f, "{v}"),
            Number::Float(v) => write!(f, "{v}"),
        }
    }
}

macro_rules! number_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(v: $t) -> Self { Number::Int(i128::from(v)) }
        }
    )*};
}
number_from_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl From<f64> for Number {
    fn from(v: f64) -> Self {
        Number::Float(v)
    }
}

impl From<f32> for Number {
    fn from(v: f32) -> Self {
        Number::Float(f64::from(v))
    }
}

/// The rule a value broke.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// A required field has no value.
    Required,
    /// The value is below the inclusive minimum.
    Minimum {
        /// Smallest allowed value.
        min: Number,
        /// Value found.
        actual: Number,
    },
    /// The value is above the inclusive maximum.
    Maximum {
        /// Largest allowed value.
        max: Number,
        /// Value found.
        actual: Number,
    },
    /// The string has fewer characters than allowed.
    MinLength {
        /// Fewest characters allowed.
        min: usize,
        /// Characters found.
        actual: usize,
    },
    /// The string has more characters than allowed.
    MaxLength {
        /// Most characters allowed.
        max: usize,
        /// Characters found.
        actual: usize,
    },
    /// The list has fewer items than allowed.
    MinItems {
        /// Fewest items allowed.
        min: usize,
        /// Items found.
        actual: usize,
    },
    /// The list has more items than allowed.
    MaxItems {
        /// Most items allowed.
        max: usize,
        /// Items found.
        actual: usize,
    },
    /// The string does not match the pattern.
    Pattern {
        /// The regular expression, as written in the spec.
        pattern: &'static str,
    },
    /// The pattern to check the string against does not compile (the generator refuses
    /// such patterns, so only a different `regex` release could cause it): the value
    /// cannot be checked, and is reported instead of panicking.
    InvalidPattern {
        /// The regular expression, as written in the spec.
        pattern: &'static str,
    },
    /// The value is not one of the allowed values.
    OneOf {
        /// Allowed values, as written in the spec.
        allowed: &'static [&'static str],
    },
    /// This field minus `start` exceeds a span of time.
    MaxSpan {
        /// Wire name of the field the span starts at.
        start: &'static str,
        /// Largest allowed span in seconds.
        max_seconds: i64,
        /// Span found, in seconds.
        actual_seconds: i128,
    },
    /// The timestamp lies further in the past than allowed.
    MaxAge {
        /// Oldest allowed age in seconds.
        max_seconds: i64,
        /// Age found, in seconds, against the client's clock.
        actual_seconds: i128,
    },
    /// The client's region is not one the action supports.
    UnsupportedRegion {
        /// Region configured on the client.
        region: String,
        /// Regions the action supports.
        supported: Vec<String>,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => write!(f, "is required but was not set"),
            Rule::Minimum { min, actual } => write!(f, "must be at least {min}, got {actual}"),
            Rule::Maximum { max, actual } => write!(f, "must be at most {max}, got {actual}"),
            Rule::MinLength { min, actual } => {
                write!(f, "must have at least {min} characters, got {actual}")
            }
            Rule::MaxLength { max, actual } => {
                write!(f, "must have at most {max} characters, got {actual}")
            }
            Rule::MinItems { min, actual } => write!(f, "must have at least {min} items, got {actual}"),
            Rule::MaxItems { max, actual } => write!(f, "must have at most {max} items, got {actual}"),
            Rule::Pattern { pattern } => write!(f, "must match the pattern `{pattern}`"),
            Rule::InvalidPattern { pattern } => {
                write!(f, "cannot be checked: the pattern `{pattern}` does not compile")
            }
            Rule::OneOf { allowed } => write!(f, "must be one of {}", allowed.join(", ")),
            Rule::MaxSpan { start, max_seconds, actual_seconds } => {
                write!(f, "must be at most {max_seconds} s after {start}, got {actual_seconds} s")
            }
            Rule::MaxAge { max_seconds, actual_seconds } => {
                write!(f, "must be no more than {max_seconds} s in the past, got {actual_seconds} s")
            }
            Rule::UnsupportedRegion { region, supported } => {
                write!(f, "is {region}, which this action does not support; supported: {}", supported.join(", "))
            }
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    field: String,
    rule: Rule,
    code: Option<&'static str>,
}

impl Violation {
    /// A violation of `rule` by the field at wire path `field`, pre-empting `code`.
    pub fn new(field: impl Into<String>, rule: Rule, code: Option<&'static str>) -> Self {
        Violation { field: field.into(), rule, code }
    }

    /// Wire path of the field (`PageSize`, `Filters[0].Name`, or `Region`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The rule that failed.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The error code the server would have answered with, when the spec names one.
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.rule)?;
        if let Some(code) = self.code {
            write!(f, " (the server would answer {code})")?;
        }
        Ok(())
    }
}

/// Joins a parent path and a field's wire name: `""` + `Name` is `Name`,
/// `Filters[0]` + `Name` is `Filters[0].Name`.
pub fn join_path(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else {
        format!("{prefix}.{field}")
    }
}

/// The path of item `index` of the list at `prefix` + `field`.
pub fn item_path(prefix: &str, field: &str, index: usize) -> String {
    format!("{}[{index}]", join_path(prefix, field))
}

/// The violations found in one request, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Violations {
    items: Vec<Violation>,
}

impl Violations {
    /// No violations yet.
    pub fn new() -> Self {
        Violations::default()
    }

    /// Records a violation.
    pub fn push(&mut self, violation: Violation) {
        self.items.push(violation);
    }

    /// True when nothing was violated.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The violations found.
    pub fn as_slice(&self) -> &[Violation] {
        &self.items
    }

    /// Turns a non-empty report into an error for `action`.
    pub fn into_result(self, action: &str) -> Result<(), ValidationError> {
        if self.items.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { action: action.to_owned(), violations: self.items })
        }
    }

    /// The report as an error for `action`, whether or not it holds violations; for
    /// callers that already know it does.
    pub fn into_error(self, action: &str) -> ValidationError {
        ValidationError { action: action.to_owned(), violations: self.items }
    }

    fn add(&mut self, prefix: &str, field: &str, rule: Rule, code: Option<&'static str>) {
        self.items.push(Violation::new(join_path(prefix, field), rule, code));
    }

    /// Checks that a required field has a value.
    pub fn required<T>(&mut self, prefix: &str, field: &str, value: &Option<T>, code: Option<&'static str>) {
        if value.is_none() {
            self.add(prefix, field, Rule::Required, code);
        }
    }

    /// Checks `value >= min`.
    pub fn minimum<T>(&mut self, prefix: &str, field: &str, value: T, min: T, code: Option<&'static str>)
    where
        T: PartialOrd + Into<Number> + Copy,
    {
        if value < min {
            let rule = Rule::Minimum { min: min.into(), actual: value.into() };
            self.add(prefix, field, rule, code);
        }
    }

    /// Checks `value <= max`.
    pub fn maximum<T>(&mut self, prefix: &str, field: &str, value: T, max: T, code: Option<&'static str>)
    where
        T: PartialOrd + Into<Number> + Copy,
    {
        if value > max {
            let rule = Rule::Maximum { max: max.into(), actual: value.into() };
            self.add(prefix, field, rule, code);
        }
    }

    /// Checks that `value` has at least `min` characters (Unicode scalar values).
    pub fn min_length(&mut self, prefix: &str, field: &str, value: &str, min: usize, code: Option<&'static str>) {
        let actual = value.chars().count();
        if actual < min {
            self.add(prefix, field, Rule::MinLength { min, actual }, code);
        }
    }

    /// Checks that `value` has at most `max` characters (Unicode scalar values).
    pub fn max_length(&mut self, prefix: &str, field: &str, value: &str, max: usize, code: Option<&'static str>) {
        let actual = value.chars().count();
        if actual > max {
            self.add(prefix, field, Rule::MaxLength { max, actual }, code);
        }
    }

    /// Checks that `value` has at least `min` items.
    pub fn min_items<T>(&mut self, prefix: &str, field: &str, value: &[T], min: usize, code: Option<&'static str>) {
        if value.len() < min {
            let rule = Rule::MinItems { min, actual: value.len() };
            self.add(prefix, field, rule, code);
        }
    }

    /// Checks that `value` has at most `max` items.
    pub fn max_items<T>(&mut self, prefix: &str, field: &str, value: &[T], max: usize, code: Option<&'static str>) {
        if value.len() > max {
            let rule = Rule::MaxItems { max, actual: value.len() };
            self.add(prefix, field, rule, code);
        }
    }

    /// Checks that `value` matches `regex` (compiled from `pattern`).
    pub fn pattern(
        &mut self,
        prefix: &str,
        field: &str,
        value: &str,
        regex: &regex::Regex,
        pattern: &'static str,
        code: Option<&'static str>,
    ) {
        if !regex.is_match(value) {
            self.add(prefix, field, Rule::Pattern { pattern }, code);
        }
    }

    /// Checks `value` against a pattern generated code compiled once, lazily: `Ok` as
    /// [`Violations::pattern`] does; `Err` (a pattern that does not compile) is reported
    /// as [`Rule::InvalidPattern`], on every call, so that a broken pattern is never a
    /// panic nor a poisoned static.
    pub fn compiled_pattern(
        &mut self,
        prefix: &str,
        field: &str,
        value: &str,
        compiled: &Result<regex::Regex, regex::Error>,
        pattern: &'static str,
        code: Option<&'static str>,
    ) {
        match compiled {
            Ok(regex) => self.pattern(prefix, field, value, regex, pattern, code),
            Err(_) => self.add(prefix, field, Rule::InvalidPattern { pattern }, code),
        }
    }

    /// Checks that `value` is one of `allowed`.
    pub fn one_of(
        &mut self,
        prefix: &str,
        field: &str,
        value: &str,
        allowed: &'static [&'static str],
        code: Option<&'static str>,
    ) {
        if !allowed.contains(&value) {
            self.add(prefix, field, Rule::OneOf { allowed }, code);
        }
    }

    /// Checks `end - start <= max_seconds`; the violation is reported on the `end_field`.
    #[allow(clippy::too_many_arguments)]
    pub fn max_span<T>(
        &mut self,
        prefix: &str,
        start_field: &'static str,
        end_field: &str,
        start: T,
        end: T,
        max_seconds: i64,
        code: Option<&'static str>,
    ) where
        T: Into<Number>,
    {
        let (Number::Int(start), Number::Int(end)) = (start.into(), end.into()) else {
            return;
        };
        let actual_seconds = end - start;
        if actual_seconds > i128::from(max_seconds) {
            let rule = Rule::MaxSpan { start: start_field, max_seconds, actual_seconds };
            self.add(prefix, end_field, rule, code);
        }
    }

    /// Checks that the Unix timestamp `value` is at most `max_seconds` before the
    /// context's current time.
    pub fn max_age<T>(
        &mut self,
        ctx: &ValidationContext,
        prefix: &str,
        field: &str,
        value: T,
        max_seconds: i64,
        code: Option<&'static str>,
    ) where
        T: Into<Number>,
    {
        let Number::Int(value) = value.into() else {
            return;
        };
        let actual_seconds = i128::from(ctx.now_unix()) - value;
        if actual_seconds > i128::from(max_seconds) {
            let rule = Rule::MaxAge { max_seconds, actual_seconds };
            self.add(prefix, field, rule, code);
        }
    }
}

/// A request that breaks the constraints of its spec; nothing was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    action: String,
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The action whose request was invalid.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// Every violation found (at least one).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The server codes the violations pre-empt, in order, where the spec names them.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.violations.iter().filter_map(Violation::code)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} request: ", self.action)?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

#[cfg(test)]
mod tests;
