//! Rust names for spec names: fields, methods, modules and error variants.

use heck::ToSnakeCase;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `s` is a plain identifier (`[A-Za-z_][A-Za-z0-9_]*`).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The snake_case Rust name of a wire name, raw (`r#type`) when it is a keyword.
/// `self`, `Self`, `super` and `crate` cannot be raw and get a trailing `_`.
pub fn snake(wire: &str) -> String {
    let s = wire.to_snake_case();
    match s.as_str() {
        "self" | "super" | "crate" => format!("{s}_"),
        _ if KEYWORDS.contains(&s.as_str()) => format!("r#{s}"),
        _ => s,
    }
}

/// The enum variant of an error code: each dot-separated segment with its first letter
/// upper-cased, concatenated, other letters kept as they are, so codes that differ only
/// in letter case (`SdkAppId`, `SdkAppid`) stay distinct.
pub fn error_variant(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for segment in code.split('.') {
        let mut chars = segment.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }));
        }
    }
    out
}

/// Whether `code` is a well-formed error code (`Word` or `Word.Sub.Sub`).
pub fn is_error_code(code: &str) -> bool {
    !code.is_empty()
        && code.split('.').all(|seg| {
            let mut chars = seg.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// The command-line flag of an input field in a generated example program: the wire
/// name in kebab-case (`SdkAppId` → `sdk-app-id`); a list takes one value per
/// occurrence and is named in the singular (`UserIds` → repeated `user-id`).
pub fn cli_flag(wire: &str, is_list: bool) -> String {
    use heck::ToKebabCase;
    let flag = wire.to_kebab_case();
    match flag.strip_suffix('s') {
        Some(singular) if is_list && !singular.is_empty() && !singular.ends_with('-') => singular.to_owned(),
        _ => flag,
    }
}
