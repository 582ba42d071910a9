//! The importer: re-importing the copied sources reproduces the committed specs and
//! fixtures byte for byte, a second import writes nothing, and overlay entries that name
//! nothing (or state something wrong) are errors located in the overlay file.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{repo_root, tree};

/// Every copied source directory: `spec/<service>/source/v<version>`.
fn source_dirs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for service in fs::read_dir(repo_root().join("spec")).expect("spec") {
        let source = service.expect("entry").path().join("source");
        if let Ok(versions) = fs::read_dir(&source) {
            out.extend(versions.map(|v| v.expect("entry").path()));
        }
    }
    out.sort();
    out
}

/// A scratch root with what the generator reads besides the specs.
fn scratch() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    fs::create_dir_all(root.join("spec")).expect("mkdir");
    fs::copy(repo_root().join("spec/common.yaml"), root.join("spec/common.yaml")).expect("common");
    tmp
}

#[test]
fn reimporting_the_copied_sources_reproduces_the_specs_and_fixtures_byte_for_byte() {
    let dirs = source_dirs();
    assert!(dirs.len() >= 4, "trtc, sms, sts and tmt are imported: {dirs:?}");
    let tmp = scratch();
    let summary = tcgen::import::import(tmp.path(), &dirs, &tcgen::import::Options::default()).expect("import");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    assert_eq!(summary.services, dirs.len());
    let examples: usize = dirs
        .iter()
        .map(|dir| {
            let text = fs::read_to_string(dir.join("examples.json")).expect("examples.json");
            let file: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            file["actions"]
                .as_object()
                .map_or(0, |actions| actions.values().filter_map(|v| v.as_array()).map(Vec::len).sum())
        })
        .sum();
    assert!(examples >= 96, "the four services of the first import had 96 examples: {examples}");
    assert_eq!(summary.fixtures, examples, "every official example of the imported services is a fixture");
    for dir in &dirs {
        let service = dir.parent().and_then(Path::parent).and_then(Path::file_name).expect("service");
        let version = dir.file_name().expect("version").to_string_lossy().into_owned();
        let spec = format!("spec/{}/{version}.yaml", service.to_string_lossy());
        assert_eq!(
            fs::read(tmp.path().join(&spec)).expect("imported spec"),
            fs::read(repo_root().join(&spec)).expect("committed spec"),
            "{spec} differs from a fresh import; run `cargo tcgen import {}`",
            dir.display()
        );
        let fixtures = format!("tests/fixtures/{}/{version}", service.to_string_lossy());
        assert_eq!(
            tree(&tmp.path().join(&fixtures)),
            tree(&repo_root().join(&fixtures)),
            "{fixtures} differs from a fresh import"
        );
        let copied = tmp.path().join(dir.strip_prefix(repo_root()).expect("under the root"));
        assert_eq!(tree(&copied), tree(dir), "the sources are copied with their provenance");
    }
    let again = tcgen::import::import(tmp.path(), &dirs, &tcgen::import::Options::default()).expect("import");
    assert_eq!(again.files_written, 0, "importing the same files again changes nothing");
}

/// Imports TRTC into a scratch root, writes `overlay` beside it, and returns the error
/// text of loading the specs.
fn overlay_error(overlay: &str) -> String {
    let tmp = scratch();
    let trtc = repo_root().join("spec/trtc/source/v20190722");
    tcgen::import::import(tmp.path(), &[trtc], &tcgen::import::Options::default()).expect("import");
    fs::write(tmp.path().join("spec/trtc/v20190722.overlay.yaml"), overlay).expect("overlay");
    match tcgen::load(tmp.path()) {
        Ok(_) => panic!("the overlay was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn overlay_entries_that_name_nothing_are_located_errors() {
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    input:\n      PageSize: { default: 6 }\n      PageSise: { default: 6 }\n",
    );
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:5:"), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSise: the spec has no input `PageSise`"), "{err}");
    let err =
        overlay_error("models:\n  UserInfo:\n    doc: x\nactions:\n  DescribeUserInformation:\n    rate_limit: 1\n");
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:2:3: models.UserInfo: the spec has no model"), "{err}");
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:5:3: actions.DescribeUserInformation"), "{err}");
}

#[test]
fn problems_with_what_an_overlay_states_are_located_in_the_overlay() {
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    input:\n      UserIds:\n        constraints:\n          - min: 1\n",
    );
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:6:"), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.input.UserIds.constraints[0].min"), "{err}");
    let err = overlay_error("actions:\n  DescribeUserInfo:\n    input:\n      UserIds:\n        colour: red\n");
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:5:"), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
}

#[test]
fn explicit_rust_names_must_be_free() {
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    input:\n      StartTime: { rust_name: end_time }\n      EndTime: { rust_name: end_time }\n",
    );
    assert!(err.contains("actions.DescribeUserInfo.input.EndTime.rust_name"), "{err}");
    let err = overlay_error("actions:\n  DescribeUserInfo:\n    input:\n      PageSize: { rust_name: build }\n");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSize.rust_name: `build`"), "{err}");
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    rust_name: users\n  DescribeRoomInfo:\n    rust_name: users\n",
    );
    assert!(err.contains("is the Rust name of another action too"), "{err}");
}

/// Service versions are imported side by side: copies of one version under the same
/// `<service>/<version>` names are imported one after the other (the last one wins, as
/// one at a time), while a copy under other names is a failure that names both, since
/// which copy would be on disk is not defined; the counts are those of every version.
#[test]
fn one_service_version_imported_twice_in_a_run() {
    let tmp = scratch();
    let inputs = tempfile::tempdir().expect("tempdir");
    let copy = |to: &str| {
        let dir = inputs.path().join(to);
        fs::create_dir_all(&dir).expect("mkdir");
        for file in ["api.json", "examples.json", "PROVENANCE"] {
            fs::copy(repo_root().join("spec/tmt/source/v20180321").join(file), dir.join(file)).expect("copy");
        }
        dir
    };
    let (a, b) = (copy("a/tmt/v20180321"), copy("b/tmt/v20180321"));
    // The second copy says something else: it is the one on disk after the run.
    let api = fs::read_to_string(b.join("api.json")).expect("api.json");
    fs::write(b.join("api.json"), api.replacen("\"document\": \"", "\"document\": \"SECOND COPY. ", 1)).expect("write");
    let mut dirs = vec![a, b];
    // Many other versions beside them, so that the run is shared between threads.
    dirs.extend(source_dirs().into_iter().filter(|d| !d.starts_with(repo_root().join("spec/tmt"))));
    let summary = tcgen::import::import(tmp.path(), &dirs, &Default::default()).expect("run");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    assert_eq!(summary.services, dirs.len());
    let spec = fs::read_to_string(tmp.path().join("spec/tmt/v20180321.yaml")).expect("spec");
    assert!(spec.contains("SECOND COPY."), "the last copy wins");

    let renamed = copy("c/elsewhere/copy");
    let summary = tcgen::import::import(tmp.path(), &[renamed, dirs[0].clone()], &Default::default()).expect("run");
    assert_eq!(summary.failures.len(), 1, "{:?}", summary.failures);
    let (dir, message) = &summary.failures[0];
    assert!(dir.ends_with("a/tmt/v20180321"), "{dir}");
    assert!(message.contains("tmt 20180321 was also imported from") && message.contains("elsewhere/copy"), "{message}");
}

#[test]
fn a_directory_without_a_description_is_refused() {
    let tmp = scratch();
    let empty = tempfile::tempdir().expect("tempdir");
    let err = tcgen::import::import(tmp.path(), &[empty.path().to_path_buf()], &Default::default())
        .expect_err("nothing to import");
    assert!(err.to_string().contains("no api.json"), "{err}");
    // Without provenance (no PROVENANCE file, no --package), the import says what to pass.
    let bare = tempfile::tempdir().expect("tempdir");
    fs::copy(repo_root().join("spec/tmt/source/v20180321/api.json"), bare.path().join("api.json")).expect("copy");
    let summary = tcgen::import::import(tmp.path(), &[bare.path().to_path_buf()], &Default::default()).expect("run");
    assert_eq!(summary.failures.len(), 1);
    assert!(summary.failures[0].1.contains("--package"), "{:?}", summary.failures);
}

#[test]
fn an_overlay_sets_corrects_or_removes_paginate() {
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    paginate:\n      kind: page_number\n      page: PageNumbr\n      limit: PageSize\n      items: UserList\n",
    );
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:5:"), "{err}");
    assert!(
        err.contains("actions.DescribeUserInfo.paginate.page: `PageNumbr` is not an input of this action"),
        "{err}"
    );
    let tmp = scratch();
    let trtc = repo_root().join("spec/trtc/source/v20190722");
    tcgen::import::import(tmp.path(), &[trtc], &tcgen::import::Options::default()).expect("import");
    let paging = |overlay: &str| {
        fs::write(tmp.path().join("spec/trtc/v20190722.overlay.yaml"), overlay).expect("overlay");
        let services = tcgen::load(tmp.path()).expect("load");
        let action = services[0].actions.iter().find(|a| a.name == "DescribeUserInfo").expect("action").clone();
        action.paging
    };
    let imported = paging("{}\n").expect("the import marks DescribeUserInfo as paging");
    assert_eq!((imported.first_page, imported.items.wire.as_str()), (0, "UserList"), "first page from the default");
    let corrected = paging(
        "actions:\n  DescribeUserInfo:\n    paginate: { kind: page_number, page: PageNumber, first_page: 1, limit: PageSize, items: UserList }\n",
    )
    .expect("set by the overlay");
    assert_eq!(corrected.first_page, 1);
    assert!(corrected.total.is_none(), "the overlay's block replaces the spec's");
    assert!(paging("actions:\n  DescribeUserInfo:\n    paginate: null\n").is_none(), "removed");
}

/// A member of a tiny `api.json`.
fn member(name: &str, ty: &str, element: &str, doc: &str, example: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "type": ty, "member": element, "document": doc, "example": example, "required": false })
}

/// Imports a tiny service (`demo` 2020-01-01) from `objects`, `actions` and an
/// `errorcodes.py` text into a scratch root: the spec as YAML text and the summary's text.
fn import_demo(objects: serde_json::Value, actions: serde_json::Value, codes: &str) -> (String, String) {
    let (_tmp, spec, summary) = import_demo_into(objects, actions, codes);
    (spec, summary)
}

/// As [`import_demo`], keeping the scratch root.
fn import_demo_into(
    objects: serde_json::Value,
    actions: serde_json::Value,
    codes: &str,
) -> (tempfile::TempDir, String, String) {
    let tmp = scratch();
    let dir = tmp.path().join("in/demo/v20200101");
    fs::create_dir_all(&dir).expect("mkdir");
    let api = serde_json::json!({
        "actions": actions,
        "objects": objects,
        "metadata": { "apiVersion": "2020-01-01", "serviceShortName": "demo" }
    });
    fs::write(dir.join("api.json"), api.to_string()).expect("api.json");
    fs::write(dir.join("errorcodes.py"), codes).expect("errorcodes.py");
    let options = tcgen::import::Options { package: Some("demo".into()), package_version: Some("1".into()) };
    let summary = tcgen::import::import(tmp.path(), &[dir], &options).expect("import");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    let spec = fs::read_to_string(tmp.path().join("spec/demo/v20200101.yaml")).expect("spec");
    (tmp, spec, summary.to_string())
}

/// The text of one field's entry in an imported spec: from `key:` at `indent` to the next
/// key at that indentation.
fn entry<'a>(spec: &'a str, after: &str, key: &str, indent: usize) -> &'a str {
    let from = spec.find(after).expect("section") + after.len();
    let head = format!("\n{}{key}:\n", " ".repeat(indent));
    let start = from + spec[from..].find(&head).unwrap_or_else(|| panic!("no {key} after {after}"));
    let body = &spec[start + head.len()..];
    let end = body
        .lines()
        .scan(0, |at, l| {
            let here = *at;
            *at += l.len() + 1;
            Some((here, l))
        })
        .find(|(_, l)| l.len() - l.trim_start().len() <= indent && !l.trim().is_empty())
        .map_or(body.len(), |(i, _)| i);
    &body[..end]
}

#[test]
fn page_sizes_are_enforced_only_when_the_service_refuses_oversize_pages() {
    let paged = |size: &str| {
        serde_json::json!({
            "members": [
                member("Offset", "int", "int64", "Offset.", "0"),
                member(size, "int", "int64", "Number of results per page. Value range: 1-100.", "20")
            ]
        })
    };
    let out = serde_json::json!({ "members": [
        member("Items", "list", "string", "Items.", "[]"),
        member("TotalCount", "int", "int64", "Total.", "1"),
        member("RequestId", "string", "string", "Request ID.", "x")
    ] });
    let objects = serde_json::json!({
        "DescribeARequest": paged("Limit"), "DescribeAResponse": out.clone(),
        "DescribeBRequest": paged("PageSize"), "DescribeBResponse": out
    });
    let action = |i: &str| serde_json::json!({ "name": "Lists", "document": "Lists.", "input": format!("Describe{i}Request"), "output": format!("Describe{i}Response") });
    let actions = serde_json::json!({ "DescribeA": action("A"), "DescribeB": action("B") });
    // The service refuses an oversize PageSize, and says nothing of Limit.
    let codes = "# The value of PageSize exceeds 100.\nINVALIDPARAMETER_PAGESIZEOVERSIZE = 'InvalidParameter.PageSizeOversize'\n";
    let (spec, summary) = import_demo(objects, actions, codes);
    let limit = entry(&spec, "  DescribeA:", "Limit", 6);
    assert!(limit.contains("- max: 100\n          enforce: false\n          reason: page_size\n"), "{limit}");
    assert!(limit.contains("- min: 1\n          source:"), "the minimum stays enforced: {limit}");
    let page_size = entry(&spec, "  DescribeB:", "PageSize", 6);
    assert!(page_size.contains("- max: 100\n          source:"), "{page_size}");
    assert!(!page_size.contains("enforce"), "{page_size}");
    assert!(
        summary.contains("constraints written: 3 checked before sending, 1 kept as documentation only (page_size 1)"),
        "{summary}"
    );
}

#[test]
fn constraints_on_models_no_request_reaches_are_skipped_and_wider_uses_are_documentation() {
    let objects = serde_json::json!({
        "DescribeViewsRequest": { "members": [
            member("Views", "list", "View", "Views to render. Values: <li>`left`: left view;</li><li>`top`: top view (only supported in Model 3.1).</li>", "[]")
        ] },
        "DescribeViewsResponse": { "members": [
            member("Stats", "list", "Stat", "Statistics.", "[]"),
            member("RequestId", "string", "string", "Request ID.", "x")
        ] },
        "View": { "usage": "in", "members": [
            member("ViewType", "string", "string", "View type. Valid values: `left`, `right`, `back`.", "left")
        ] },
        "Stat": { "usage": "both", "members": [
            member("Count", "int", "int64", "Count. Value range: 1-10.", "5")
        ] }
    });
    let actions = serde_json::json!({ "DescribeViews": { "name": "Views", "document": "Views.", "input": "DescribeViewsRequest", "output": "DescribeViewsResponse" } });
    let (spec, summary) = import_demo(objects, actions, "");
    let view_type = entry(&spec, "  View:", "ViewType", 6);
    assert!(view_type.contains("enforce: false\n          reason: wider_use\n"), "{view_type}");
    let count = entry(&spec, "  Stat:", "Count", 6);
    assert!(!count.contains("constraints:"), "no request holds a Stat: {count}");
    assert!(summary.contains("(wider_use 1); 2 on models no request reaches not kept"), "{summary}");
}

/// Whether each constraint of DescribeList's `Limit` is enforced, after loading `overlay`
/// over a demo service whose `Limit` maximum was imported as documentation (`page_size`).
fn limit_enforcement(overlay: &str) -> Vec<(String, Option<&'static str>)> {
    let objects = serde_json::json!({
        "DescribeListRequest": { "members": [
            member("Offset", "int", "int64", "Offset.", "0"),
            member("Limit", "int", "int64", "Number of results per page. Value range: 1-100.", "20")
        ] },
        "DescribeListResponse": { "members": [
            member("Items", "list", "string", "Items.", "[]"),
            member("TotalCount", "int", "int64", "Total.", "1"),
            member("RequestId", "string", "string", "Request ID.", "x")
        ] }
    });
    let actions = serde_json::json!({ "DescribeList": { "name": "Lists", "document": "Lists.", "input": "DescribeListRequest", "output": "DescribeListResponse" } });
    let (tmp, spec, _) = import_demo_into(objects, actions, "");
    assert!(spec.contains("reason: page_size"), "{spec}");
    fs::write(tmp.path().join("spec/demo/v20200101.overlay.yaml"), overlay).expect("overlay");
    let services = tcgen::load(tmp.path()).expect("the overlay loads");
    let action = services[0].actions.iter().find(|a| a.name == "DescribeList").expect("action");
    let limit = action.input.iter().find(|f| f.wire == "Limit").expect("Limit");
    limit
        .constraints
        .iter()
        .map(|c| (format!("{:?}", c.kind), c.not_enforced.map(tcgen::ir::NotEnforced::name)))
        .collect()
}

#[test]
fn an_overlay_makes_a_documented_bound_enforced_or_a_bound_documentation() {
    assert_eq!(limit_enforcement(""), [("Min(Int(1))".into(), None), ("Max(Int(100))".into(), Some("page_size"))]);
    // Restated without `enforce: false` (the server's code proves it refuses more): enforced.
    let overlay = "actions:\n  DescribeList:\n    input:\n      Limit:\n        constraints:\n          - min: 1\n          - max: 100\n";
    assert_eq!(limit_enforcement(overlay), [("Min(Int(1))".into(), None), ("Max(Int(100))".into(), None)]);
    // And the other way: a bound someone doubts is kept as documentation.
    let overlay = "actions:\n  DescribeList:\n    input:\n      Limit:\n        constraints:\n          - min: 1\n            enforce: false\n            reason: unconfirmed\n";
    assert_eq!(limit_enforcement(overlay), [("Min(Int(1))".into(), Some("unconfirmed"))]);
}
