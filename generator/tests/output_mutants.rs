//! Pins what the mutation pass found unpinned in `output.rs` (see MUTANTS.md).

use tcgen::output::crate_dir;

#[test]
fn a_crate_name_of_exactly_64_characters_is_accepted() {
    let name = format!("tencentcloud-{}", "a".repeat(64 - "tencentcloud-".len()));
    assert_eq!(name.len(), 64);
    assert_eq!(crate_dir(&name), Ok(&name["tencentcloud-".len()..]));
    let longer = format!("{name}b");
    assert!(crate_dir(&longer).expect_err("65 characters").contains("longer than the 64 characters"));
}
