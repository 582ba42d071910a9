//! Detects the common paging patterns of imported actions (`paginate:`).
//!
//! Conservative on purpose: an action is marked only when its members fit one pattern
//! and no other, and its output has one list to page through (or exactly one of several
//! named like a list: `...Set`, `...List`). An overlay sets, corrects or removes what
//! this decides. The patterns, by wire name:
//!
//! - `offset_limit`: integer inputs `Offset` and `Limit`;
//! - `page_number`: an integer page input (`PageNumber`, `PageNo`, `PageIndex`,
//!   `PageNum`, `Page`) and an integer size input (`PageSize`, `Limit`, `PageLimit`);
//! - `token`: a string token input (`NextToken`, `Cursor`, `Marker`, `NextMarker`,
//!   `ContinuationToken`, `ScrollId`) and a string output of the same family
//!   (`NextToken`, `NextCursor`, `Cursor`, `NextMarker`, `Marker`, `ScrollId`), with an
//!   optional integer size input (`Limit`, `MaxResults`, `PageSize`, `MaxKeys`).
//!
//! A total is the first integer output named `TotalCount`, `Total`, `TotalNum`,
//! `TotalNumber` or `TotalCnt`.

use indexmap::IndexMap;

use crate::spec::model::{ActionSpec, FieldSpec, PageKind, PaginateSpec, TypeSpec};

const PAGE_INPUTS: &[&str] = &["PageNumber", "PageNo", "PageIndex", "PageNum", "Page"];
const PAGE_SIZE_INPUTS: &[&str] = &["PageSize", "Limit", "PageLimit"];
const TOKEN_INPUTS: &[&str] = &["NextToken", "Cursor", "Marker", "NextMarker", "ContinuationToken", "ScrollId"];
const TOKEN_OUTPUTS: &[&str] = &["NextToken", "NextCursor", "Cursor", "NextMarker", "Marker", "ScrollId"];
const TOKEN_SIZE_INPUTS: &[&str] = &["Limit", "MaxResults", "PageSize", "MaxKeys"];
const TOTAL_OUTPUTS: &[&str] = &["TotalCount", "Total", "TotalNum", "TotalNumber", "TotalCnt"];

/// The spec name of a paging kind, as the import summary counts it.
pub fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::OffsetLimit => "offset_limit",
        PageKind::PageNumber => "page_number",
        PageKind::Token => "token",
    }
}

fn named(ty: &TypeSpec) -> Option<&str> {
    match ty {
        TypeSpec::Named(n) => Some(n),
        TypeSpec::List(_) => None,
    }
}

fn is_integer(f: &FieldSpec) -> bool {
    matches!(named(&f.ty), Some("int64" | "uint64" | "int"))
}

fn is_string(f: &FieldSpec) -> bool {
    named(&f.ty) == Some("string")
}

/// The first of `names` that `fields` has with a type accepted by `ok`.
fn first(fields: &IndexMap<String, FieldSpec>, names: &[&str], ok: fn(&FieldSpec) -> bool) -> Option<String> {
    names.iter().find(|n| fields.get(**n).is_some_and(ok)).map(|n| (*n).to_owned())
}

/// The one list output holding the items, if there is a clear one.
fn items(output: &IndexMap<String, FieldSpec>) -> Option<String> {
    let lists: Vec<&String> =
        output.iter().filter(|(_, f)| matches!(f.ty, TypeSpec::List(_))).map(|(name, _)| name).collect();
    match lists.as_slice() {
        [one] => Some((*one).clone()),
        _ => {
            let listy: Vec<&&String> = lists.iter().filter(|n| n.ends_with("Set") || n.ends_with("List")).collect();
            match listy.as_slice() {
                [one] => Some((**one).clone()),
                _ => None,
            }
        }
    }
}

/// The paging pattern `action` follows, if it clearly follows exactly one.
pub fn detect(action: &ActionSpec) -> Option<PaginateSpec> {
    let (input, output) = (&action.input, &action.output);
    let offset = input.get("Offset").is_some_and(is_integer) && input.get("Limit").is_some_and(is_integer);
    let page = first(input, PAGE_INPUTS, is_integer);
    let page_size = first(input, PAGE_SIZE_INPUTS, is_integer);
    let token = first(input, TOKEN_INPUTS, is_string);
    let next_token = first(output, TOKEN_OUTPUTS, is_string);
    let paged_by_number = page.is_some() && page_size.is_some();
    let paged_by_token = token.is_some() && next_token.is_some();
    let kinds = [offset, paged_by_number, paged_by_token].iter().filter(|k| **k).count();
    if kinds != 1 {
        return None;
    }
    let items = items(output)?;
    let total = first(output, TOTAL_OUTPUTS, is_integer);
    let blank = PaginateSpec {
        kind: PageKind::Token,
        offset: None,
        page: None,
        first_page: None,
        limit: None,
        token: None,
        items,
        total,
        next_token: None,
    };
    Some(if offset {
        PaginateSpec {
            kind: PageKind::OffsetLimit,
            offset: Some("Offset".into()),
            limit: Some("Limit".into()),
            ..blank
        }
    } else if paged_by_number {
        PaginateSpec { kind: PageKind::PageNumber, page, limit: page_size, ..blank }
    } else {
        PaginateSpec { token, next_token, limit: first(input, TOKEN_SIZE_INPUTS, is_integer), ..blank }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(ty: &str) -> FieldSpec {
        serde_yaml::from_str(&format!("{{ type: {ty}, doc: x }}")).unwrap()
    }

    fn action(input: &[(&str, &str)], output: &[(&str, &str)]) -> ActionSpec {
        let map = |m: &[(&str, &str)]| m.iter().map(|(n, t)| ((*n).to_owned(), field(t))).collect();
        ActionSpec {
            title: "t".into(),
            doc: String::new(),
            status: None,
            rust_name: None,
            regions: Vec::new(),
            rate_limit: None,
            signed: true,
            idempotent: None,
            example_program: false,
            input: map(input),
            rules: Vec::new(),
            output: map(output),
            errors: IndexMap::new(),
            paginate: None,
            host: None,
            stream: None,
            body: Default::default(),
        }
    }

    #[test]
    fn offset_limit_with_total() {
        let a =
            action(&[("Offset", "uint64"), ("Limit", "int64")], &[("TotalCount", "uint64"), ("InstanceSet", "[I]")]);
        let p = detect(&a).unwrap();
        assert_eq!(p.kind, PageKind::OffsetLimit);
        assert_eq!((p.offset.as_deref(), p.limit.as_deref()), (Some("Offset"), Some("Limit")));
        assert_eq!((p.items.as_str(), p.total.as_deref()), ("InstanceSet", Some("TotalCount")));
    }

    #[test]
    fn page_number_and_token() {
        let a =
            action(&[("PageNumber", "uint64"), ("PageSize", "uint64")], &[("Total", "uint64"), ("UserList", "[U]")]);
        let p = detect(&a).unwrap();
        assert_eq!(
            (p.kind, p.page.as_deref(), p.limit.as_deref()),
            (PageKind::PageNumber, Some("PageNumber"), Some("PageSize"))
        );
        let a = action(
            &[("NextToken", "string"), ("MaxResults", "int64")],
            &[("NextToken", "string"), ("Items", "[string]")],
        );
        let p = detect(&a).unwrap();
        assert_eq!(
            (p.kind, p.token.as_deref(), p.next_token.as_deref()),
            (PageKind::Token, Some("NextToken"), Some("NextToken"))
        );
        assert_eq!((p.limit.as_deref(), p.total), (Some("MaxResults"), None));
    }

    #[test]
    fn unclear_actions_are_left_alone() {
        // Two lists, neither named like one.
        assert!(detect(&action(&[("Offset", "int64"), ("Limit", "int64")], &[("A", "[string]"), ("B", "[string]")]))
            .is_none());
        // Two lists, one named like one: that one.
        let p = detect(&action(&[("Offset", "int64"), ("Limit", "int64")], &[("Ids", "[string]"), ("ZoneSet", "[Z]")]));
        assert_eq!(p.unwrap().items, "ZoneSet");
        // No list.
        assert!(detect(&action(&[("Offset", "int64"), ("Limit", "int64")], &[("Total", "int64")])).is_none());
        // A string offset.
        assert!(detect(&action(&[("Offset", "string"), ("Limit", "int64")], &[("L", "[string]")])).is_none());
        // Two patterns at once.
        let both = &[("Offset", "int64"), ("Limit", "int64"), ("PageNumber", "int64")];
        assert!(detect(&action(both, &[("L", "[string]")])).is_none());
        // A token input without a token output.
        assert!(detect(&action(&[("NextToken", "string")], &[("L", "[string]")])).is_none());
    }
}
