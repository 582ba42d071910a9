//! Unit tests of the generator's pieces: the YAML locator and the naming rules.
//! (Run by `cargo test` inside `generator/`, with the unit tests in `src/`.)

use tcgen::naming::{error_variant, is_error_code, snake};
use tcgen::spec::locate::{Location, Locator, Path};

#[test]
fn locates_nested_keys_and_items() {
    let text = "a:\n  b: 1\n  c:\n    - x\n    - y: 2\nerrors:\n  X.Y: d\n";
    let loc = Locator::new(text);
    let p = Path::root().key("a").key("c").index(1).key("y");
    assert_eq!(loc.find(&p), Some(Location { line: 5, col: 7 }));
    assert_eq!(loc.find(&Path::root().key("a").key("b")).map(|l| l.line), Some(2));
    assert_eq!(loc.find(&Path::root().key("errors").key("X.Y")).map(|l| l.line), Some(7));
    assert_eq!(Path::root().key("errors").key("X.Y").to_string(), "errors.\"X.Y\"");
}

#[test]
fn reports_duplicate_keys() {
    let loc = Locator::new("a: 1\nb: 2\na: 3\n");
    assert_eq!(loc.duplicates().len(), 1);
    assert_eq!(loc.duplicates()[0].1.line, 3);
}

#[test]
fn names_of_fields_and_error_variants() {
    assert_eq!(snake("SdkAppId"), "sdk_app_id");
    assert_eq!(snake("UserIds"), "user_ids");
    assert_eq!(snake("Type"), "r#type");
    assert_eq!(snake("Self"), "self_");
    assert_eq!(error_variant("InvalidParameter.SdkAppId"), "InvalidParameterSdkAppId");
    assert_eq!(error_variant("InvalidParameter.SdkAppid"), "InvalidParameterSdkAppid");
    assert_eq!(error_variant("FailedOperation.3rd-party"), "FailedOperation3rdParty");
    // Upper camel case (rustc's non_camel_case_types), from codes of billing and dlc.
    assert_eq!(
        error_variant("UnsupportedOperation.NOT_SUPPORT_THIS_ACTION"),
        "UnsupportedOperationNotSupportThisAction"
    );
    assert_eq!(
        error_variant("UnauthorizedOperation.UnauthorizedOperationCode_NoEngineCamPermissions"),
        "UnauthorizedOperationUnauthorizedOperationCodeNoEngineCamPermissions"
    );
    // Segments without `_` keep their letters (an acronym stays an acronym).
    assert_eq!(error_variant("FailedOperation.VPC"), "FailedOperationVPC");
    assert!(is_error_code("InternalError.HttpParaseFalied"));
    assert!(!is_error_code("Bad..Code"));
    assert!(!is_error_code("Bad Code"));
}
