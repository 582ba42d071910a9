//! Unit tests of [`crate::validation`]; `tests/mutants.rs` holds those that pin what the
//! mutation pass found unpinned (see MUTANTS.md).

use super::*;

#[test]
fn bounds_are_inclusive() {
    let mut v = Violations::new();
    v.minimum("", "PageSize", 1u64, 1, Some("InvalidParameter.PageSize"));
    v.maximum("", "PageSize", 100u64, 100, Some("InvalidParameter.PageSizeOversize"));
    assert!(v.is_empty());
    v.maximum("", "PageSize", 101u64, 100, Some("InvalidParameter.PageSizeOversize"));
    let err = v.into_result("DescribeUserInfo").unwrap_err();
    assert_eq!(err.codes().collect::<Vec<_>>(), ["InvalidParameter.PageSizeOversize"]);
    assert_eq!(
        err.to_string(),
        "invalid DescribeUserInfo request: PageSize must be at most 100, got 101 \
         (the server would answer InvalidParameter.PageSizeOversize)"
    );
}

#[test]
fn span_and_age_use_signed_arithmetic() {
    let ctx = ValidationContext::new(1_000);
    let mut v = Violations::new();
    v.max_span("", "StartTime", "EndTime", 100u64, 50u64, 10, None);
    v.max_age(&ctx, "", "StartTime", 2_000u64, 10, None);
    assert!(v.is_empty(), "end before start and a future start break neither rule");
    v.max_age(&ctx, "", "StartTime", 989u64, 10, None);
    assert_eq!(v.as_slice()[0].field(), "StartTime");
}

#[test]
fn paths_join() {
    assert_eq!(join_path("", "Name"), "Name");
    assert_eq!(item_path("", "Filters", 2), "Filters[2]");
    assert_eq!(join_path(&item_path("A", "B", 0), "C"), "A.B[0].C");
}

mod mutants;
