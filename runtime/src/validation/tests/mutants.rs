//! Pins every check of `validation` at its bound, so that a mutant of a comparison,
//! a message or a path is caught (see MUTANTS.md): each checking method accepts the
//! value at its bound, rejects the value one past it, and reports the rule, the values
//! and the code it was given, on the joined path.

use crate::validation::{
    item_path, join_path, Number, Rule, ValidationContext, ValidationError, Violation, Violations,
};

/// The single violation of `report`, or a panic naming what was found.
fn only(report: &Violations) -> &Violation {
    match report.as_slice() {
        [v] => v,
        other => panic!("expected one violation, got {other:?}"),
    }
}

#[test]
fn context_keeps_its_time() {
    assert_eq!(ValidationContext::new(1_234).now_unix(), 1_234);
    assert_eq!(ValidationContext::new(-7).now_unix(), -7);
}

#[test]
fn numbers_convert_and_print() {
    assert_eq!(Number::from(-3i8), Number::Int(-3));
    assert_eq!(Number::from(u64::MAX), Number::Int(i128::from(u64::MAX)));
    assert_eq!(Number::from(2.5f64), Number::Float(2.5));
    assert_eq!(Number::from(0.5f32), Number::Float(0.5));
    assert_eq!(Number::Int(-42).to_string(), "-42");
    assert_eq!(Number::Float(2.5).to_string(), "2.5");
}

#[test]
fn required_reports_only_a_missing_value() {
    let mut v = Violations::new();
    v.required("", "Id", &Some(1), Some("MissingParameter"));
    assert!(v.is_empty());
    v.required("Outer", "Id", &None::<u8>, Some("MissingParameter"));
    let got = only(&v);
    assert_eq!(got.field(), "Outer.Id");
    assert_eq!(got.rule(), &Rule::Required);
    assert_eq!(got.code(), Some("MissingParameter"));
    assert_eq!(got.to_string(), "Outer.Id is required but was not set (the server would answer MissingParameter)");
}

#[test]
fn minimum_and_maximum_are_inclusive() {
    let mut v = Violations::new();
    v.minimum("", "N", 5i64, 5, None);
    v.minimum("", "N", 6i64, 5, None);
    v.maximum("", "N", 9i64, 9, None);
    v.maximum("", "N", 8i64, 9, None);
    assert!(v.is_empty(), "{v:?}");
    v.minimum("", "N", 4i64, 5, Some("Low"));
    assert_eq!(only(&v).rule(), &Rule::Minimum { min: Number::Int(5), actual: Number::Int(4) });
    assert_eq!(only(&v).code(), Some("Low"));
    assert_eq!(only(&v).to_string(), "N must be at least 5, got 4 (the server would answer Low)");
    let mut v = Violations::new();
    v.maximum("P", "N", 10i64, 9, None);
    assert_eq!(only(&v).field(), "P.N");
    assert_eq!(only(&v).rule(), &Rule::Maximum { max: Number::Int(9), actual: Number::Int(10) });
    assert_eq!(only(&v).code(), None);
    assert_eq!(only(&v).to_string(), "P.N must be at most 9, got 10");
    let mut v = Violations::new();
    v.minimum("", "F", 0.5f64, 1.0, None);
    v.maximum("", "F", 2.75f64, 2.5, None);
    let rules: Vec<_> = v.as_slice().iter().map(|x| x.rule().clone()).collect();
    assert_eq!(
        rules,
        [
            Rule::Minimum { min: Number::Float(1.0), actual: Number::Float(0.5) },
            Rule::Maximum { max: Number::Float(2.5), actual: Number::Float(2.75) },
        ]
    );
}

#[test]
fn lengths_count_characters_and_are_inclusive() {
    let mut v = Violations::new();
    // Three characters, nine bytes: lengths are counted in characters.
    v.min_length("", "S", "äöü", 3, None);
    v.max_length("", "S", "äöü", 3, None);
    v.min_length("", "S", "abcd", 3, None);
    v.max_length("", "S", "ab", 3, None);
    assert!(v.is_empty(), "{v:?}");
    v.min_length("", "S", "äö", 3, Some("Short"));
    assert_eq!(only(&v).rule(), &Rule::MinLength { min: 3, actual: 2 });
    assert_eq!(only(&v).code(), Some("Short"));
    assert_eq!(only(&v).to_string(), "S must have at least 3 characters, got 2 (the server would answer Short)");
    let mut v = Violations::new();
    v.max_length("A[1]", "S", "äöüß", 3, Some("Long"));
    assert_eq!(only(&v).field(), "A[1].S");
    assert_eq!(only(&v).rule(), &Rule::MaxLength { max: 3, actual: 4 });
    assert_eq!(only(&v).code(), Some("Long"));
    assert_eq!(only(&v).to_string(), "A[1].S must have at most 3 characters, got 4 (the server would answer Long)");
}

#[test]
fn item_counts_are_inclusive() {
    let mut v = Violations::new();
    v.min_items("", "L", &[1, 2], 2, None);
    v.max_items("", "L", &[1, 2], 2, None);
    v.min_items("", "L", &[1, 2, 3], 2, None);
    v.max_items("", "L", &[1], 2, None);
    assert!(v.is_empty(), "{v:?}");
    v.min_items("", "L", &[1], 2, Some("Few"));
    assert_eq!(only(&v).rule(), &Rule::MinItems { min: 2, actual: 1 });
    assert_eq!(only(&v).code(), Some("Few"));
    assert_eq!(only(&v).to_string(), "L must have at least 2 items, got 1 (the server would answer Few)");
    let mut v = Violations::new();
    v.max_items("", "L", &[1, 2, 3], 2, Some("Many"));
    assert_eq!(only(&v).rule(), &Rule::MaxItems { max: 2, actual: 3 });
    assert_eq!(only(&v).code(), Some("Many"));
    assert_eq!(only(&v).to_string(), "L must have at most 2 items, got 3 (the server would answer Many)");
}

#[test]
fn pattern_reports_a_value_that_does_not_match() {
    let re = regex::Regex::new("^(?:[a-z]+)$").expect("regex");
    let mut v = Violations::new();
    v.pattern("", "Code", "abc", &re, "[a-z]+", None);
    assert!(v.is_empty());
    v.pattern("", "Code", "abc1", &re, "[a-z]+", Some("Bad"));
    assert_eq!(only(&v).rule(), &Rule::Pattern { pattern: "[a-z]+" });
    assert_eq!(only(&v).code(), Some("Bad"));
    assert_eq!(only(&v).to_string(), "Code must match the pattern `[a-z]+` (the server would answer Bad)");
}

#[test]
fn a_compiled_pattern_is_checked_and_one_that_did_not_compile_is_reported() {
    let compiled = regex::Regex::new("^(?:[a-z]+)$");
    let mut v = Violations::new();
    v.compiled_pattern("", "Code", "abc", &compiled, "[a-z]+", None);
    assert!(v.is_empty());
    v.compiled_pattern("", "Code", "abc1", &compiled, "[a-z]+", Some("Bad"));
    assert_eq!(only(&v).rule(), &Rule::Pattern { pattern: "[a-z]+" });
    #[allow(clippy::invalid_regex)] // on purpose: a pattern that does not compile
    let broken = regex::Regex::new("^(?:[a-z)$");
    for _ in 0..2 {
        let mut v = Violations::new();
        v.compiled_pattern("", "Code", "abc", &broken, "[a-z", Some("Bad"));
        assert_eq!(only(&v).rule(), &Rule::InvalidPattern { pattern: "[a-z" });
        assert_eq!(only(&v).code(), Some("Bad"));
        assert_eq!(
            only(&v).to_string(),
            "Code cannot be checked: the pattern `[a-z` does not compile (the server would answer Bad)"
        );
    }
}

#[test]
fn one_of_reports_a_value_not_listed() {
    const ALLOWED: &[&str] = &["a", "b"];
    let mut v = Violations::new();
    v.one_of("", "Type", "a", ALLOWED, None);
    v.one_of("", "Type", "b", ALLOWED, None);
    assert!(v.is_empty());
    v.one_of("", "Type", "c", ALLOWED, Some("Odd"));
    assert_eq!(only(&v).rule(), &Rule::OneOf { allowed: ALLOWED });
    assert_eq!(only(&v).code(), Some("Odd"));
    assert_eq!(only(&v).to_string(), "Type must be one of a, b (the server would answer Odd)");
}

#[test]
fn span_is_inclusive_and_reported_on_the_end() {
    let mut v = Violations::new();
    v.max_span("", "From", "To", 100i64, 110i64, 10, None);
    v.max_span("", "From", "To", 100i64, 90i64, 10, None);
    assert!(v.is_empty(), "{v:?}");
    v.max_span("P", "From", "To", 100i64, 111i64, 10, Some("Wide"));
    let got = only(&v);
    assert_eq!(got.field(), "P.To");
    assert_eq!(got.rule(), &Rule::MaxSpan { start: "From", max_seconds: 10, actual_seconds: 11 });
    assert_eq!(got.code(), Some("Wide"));
    assert_eq!(got.to_string(), "P.To must be at most 10 s after From, got 11 s (the server would answer Wide)");
    // Span rules apply to integer timestamps only.
    let mut v = Violations::new();
    v.max_span("", "From", "To", 0.0f64, 1e9f64, 10, None);
    assert!(v.is_empty());
}

#[test]
fn age_is_inclusive_at_the_boundary_second() {
    let ctx = ValidationContext::new(1_000);
    let mut v = Violations::new();
    v.max_age(&ctx, "", "From", 900i64, 100, None);
    v.max_age(&ctx, "", "From", 1_500i64, 100, None);
    assert!(v.is_empty(), "{v:?}");
    v.max_age(&ctx, "P", "From", 899i64, 100, Some("Old"));
    let got = only(&v);
    assert_eq!(got.field(), "P.From");
    assert_eq!(got.rule(), &Rule::MaxAge { max_seconds: 100, actual_seconds: 101 });
    assert_eq!(got.code(), Some("Old"));
    assert_eq!(
        got.to_string(),
        "P.From must be no more than 100 s in the past, got 101 s (the server would answer Old)"
    );
    let mut v = Violations::new();
    v.max_age(&ctx, "", "From", 0.0f64, 100, None);
    assert!(v.is_empty(), "age rules apply to integer timestamps only");
}

#[test]
fn region_rule_prints_both_sides() {
    let rule = Rule::UnsupportedRegion { region: "xx".into(), supported: vec!["a".into(), "b".into()] };
    assert_eq!(rule.to_string(), "is xx, which this action does not support; supported: a, b");
}

#[test]
fn paths_join_prefixes_and_indices() {
    assert_eq!(join_path("", "Name"), "Name");
    assert_eq!(join_path("Users[2]", "Name"), "Users[2].Name");
    assert_eq!(item_path("", "Users", 2), "Users[2]");
    assert_eq!(item_path("A", "Users", 0), "A.Users[0]");
}

#[test]
fn reports_become_errors_only_when_something_was_violated() {
    assert_eq!(Violations::new().into_result("X"), Ok(()));
    let mut v = Violations::new();
    v.push(Violation::new("A", Rule::Required, Some("C1")));
    v.push(Violation::new("B", Rule::Required, None));
    v.push(Violation::new("D", Rule::Required, Some("C2")));
    assert!(!v.is_empty());
    assert_eq!(v.as_slice().len(), 3);
    let err: ValidationError = v.clone().into_result("Act").expect_err("violations");
    assert_eq!(err.action(), "Act");
    assert_eq!(err.violations().len(), 3);
    assert_eq!(err.codes().collect::<Vec<_>>(), ["C1", "C2"]);
    assert_eq!(
        err.to_string(),
        "invalid Act request: A is required but was not set (the server would answer C1); \
         B is required but was not set; D is required but was not set (the server would answer C2)"
    );
    assert_eq!(v.into_error("Act"), err);
    let empty = Violations::new().into_error("Y");
    assert_eq!((empty.action(), empty.violations().len()), ("Y", 0));
}
