//! Checks an action's `paginate:` against its members.
//!
//! Each key names a member by wire name; the member must exist on the right side
//! (input or output) with the right shape: integer offset, page number and page size,
//! string tokens, a list of items and an integer total. Each problem is reported at the
//! key that states it (in the overlay when the overlay wrote it).

use crate::diagnostics::Reporter;
use crate::ir::{Field, Paging, Scalar, Type};
use crate::spec::locate::Path;
use crate::spec::model::{ActionSpec, PageKind, PaginateSpec};

/// The shape a named member must have.
#[derive(Clone, Copy)]
enum Shape {
    Integer,
    Text,
    List,
}

impl Shape {
    fn fits(self, ty: &Type) -> bool {
        match self {
            Shape::Integer => matches!(ty, Type::Scalar(s) if s.is_integer()),
            Shape::Text => matches!(ty, Type::Scalar(Scalar::String)),
            Shape::List => matches!(ty, Type::List(_)),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Shape::Integer => "an integer",
            Shape::Text => "a string",
            Shape::List => "a list",
        }
    }
}

/// Checks `p` (at `ap.paginate`) against the resolved `input` and `output` of the
/// action `a`; `None` (with the problems reported) unless everything fits.
pub fn resolve(
    r: &mut Reporter<'_>,
    ap: &Path,
    a: &ActionSpec,
    p: &PaginateSpec,
    input: &[Field],
    output: &[Field],
) -> Option<Paging> {
    let pp = ap.key("paginate");
    let mut ok = true;
    let kind_name = match p.kind {
        PageKind::OffsetLimit => "offset_limit",
        PageKind::PageNumber => "page_number",
        PageKind::Token => "token",
    };
    // (key, value, wanted by this kind, needed by this kind)
    let keys: [(&str, &Option<String>, bool, bool); 5] = [
        ("offset", &p.offset, p.kind == PageKind::OffsetLimit, p.kind == PageKind::OffsetLimit),
        ("page", &p.page, p.kind == PageKind::PageNumber, p.kind == PageKind::PageNumber),
        ("limit", &p.limit, true, p.kind != PageKind::Token),
        ("token", &p.token, p.kind == PageKind::Token, p.kind == PageKind::Token),
        ("next_token", &p.next_token, p.kind == PageKind::Token, p.kind == PageKind::Token),
    ];
    for (key, value, wanted, needed) in keys {
        match (value, wanted, needed) {
            (Some(_), false, _) => {
                r.error(&pp.key(key), format!("`{key}` does not belong to `kind: {kind_name}`"));
                ok = false;
            }
            (None, _, true) => {
                r.error(&pp, format!("`kind: {kind_name}` needs `{key}`"));
                ok = false;
            }
            _ => {}
        }
    }
    if p.first_page.is_some() && p.kind != PageKind::PageNumber {
        r.error(&pp.key("first_page"), format!("`first_page` does not belong to `kind: {kind_name}`"));
        ok = false;
    }
    let mut member = |key: &str, wire: &Option<String>, fields: &[Field], side: &str, shape: Shape| {
        let wire = wire.as_ref()?;
        match fields.iter().find(|f| &f.wire == wire) {
            Some(f) if shape.fits(&f.ty) => Some(f.clone()),
            Some(_) => {
                r.error(&pp.key(key), format!("`{wire}` is not {} {side}", shape.name()));
                ok = false;
                None
            }
            None => {
                r.error(&pp.key(key), format!("`{wire}` is not an {side} of this action"));
                ok = false;
                None
            }
        }
    };
    let position = match p.kind {
        PageKind::OffsetLimit => member("offset", &p.offset, input, "input", Shape::Integer),
        PageKind::PageNumber => member("page", &p.page, input, "input", Shape::Integer),
        PageKind::Token => None,
    };
    let limit = member("limit", &p.limit, input, "input", Shape::Integer);
    let token = member("token", &p.token, input, "input", Shape::Text);
    let items = member("items", &Some(p.items.clone()), output, "output", Shape::List);
    let total = member("total", &p.total, output, "output", Shape::Integer);
    let next_token = member("next_token", &p.next_token, output, "output", Shape::Text);
    let first_page = p.first_page.unwrap_or_else(|| {
        p.page
            .as_ref()
            .and_then(|w| a.input.get(w))
            .and_then(|f| f.default.as_ref())
            .and_then(serde_yaml::Value::as_u64)
            .filter(|d| *d <= 1)
            .unwrap_or(1)
    });
    if !ok {
        return None;
    }
    Some(Paging { kind: p.kind, position, first_page, limit, token, items: items?, total, next_token })
}
