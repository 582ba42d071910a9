//! HTML tags: which are known, how each converts, and their attributes.

/// Longest HTML tag, attributes included, that is recognised.
pub(super) const MAX_TAG: usize = 1024;

/// How a known HTML tag is converted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Break,
    Paragraph,
    Block,
    List(bool),
    Item,
    Strong,
    Em,
    Code,
    Pre,
    Anchor,
    Image,
    Cell,
    Inline,
}

/// How a tag (lower-case name) is converted; `None` for names that are not converted,
/// which are then escaped as text.
pub(super) fn tag_kind(name: &str) -> Option<Kind> {
    Some(match name {
        "br" => Kind::Break,
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hr" | "blockquote" => Kind::Paragraph,
        "div" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "caption" | "dx-alert" | "section" | "article"
        | "header" | "footer" | "nav" | "aside" | "figure" | "figcaption" | "center" | "dl" | "dt" | "dd"
        | "details" | "summary" => Kind::Block,
        "ul" => Kind::List(false),
        "ol" => Kind::List(true),
        "li" => Kind::Item,
        "b" | "strong" => Kind::Strong,
        "i" | "em" => Kind::Em,
        "code" | "tt" | "kbd" | "samp" => Kind::Code,
        "pre" => Kind::Pre,
        "a" => Kind::Anchor,
        "img" => Kind::Image,
        "td" | "th" => Kind::Cell,
        "font" | "span" | "u" | "s" | "strike" | "del" | "ins" | "sup" | "sub" | "small" | "big" | "mark" | "abbr"
        | "nobr" | "wbr" | "colgroup" | "col" => Kind::Inline,
        _ => return None,
    })
}

/// An HTML tag: lower-case name, attributes, length in bytes.
pub(super) struct Tag<'s> {
    pub(super) name: String,
    pub(super) closing: bool,
    pub(super) attrs: &'s str,
    pub(super) len: usize,
}

/// The HTML tag at the start of `s` (which starts with `<`), if it is one.
pub(super) fn parse_tag(s: &str) -> Option<Tag<'_>> {
    let b = s.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    if !b.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut p = name_start;
    while p < b.len() && (b[p].is_ascii_alphanumeric() || b[p] == b'-') {
        p += 1;
    }
    let name = s[name_start..p].to_ascii_lowercase();
    let tag = |attrs_end: usize, len: usize| Tag { name: name.clone(), closing, attrs: &s[p..attrs_end], len };
    match *b.get(p)? {
        b'>' => return Some(tag(p, p + 1)),
        b'/' if b.get(p + 1) == Some(&b'>') => return Some(tag(p, p + 2)),
        c if c.is_ascii_whitespace() => {}
        _ => return None,
    }
    let mut quote = None;
    let mut q = p;
    while q < b.len() && q < MAX_TAG {
        let c = b[q];
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'>' => return Some(tag(q, q + 1)),
                b'<' => return None,
                _ => {}
            },
        }
        q += 1;
    }
    None
}

/// The value of attribute `name` in the attributes of a tag.
pub(super) fn attr<'s>(attrs: &'s str, name: &str) -> Option<&'s str> {
    let b = attrs.as_bytes();
    let mut p = 0;
    while p < b.len() {
        while p < b.len() && (b[p].is_ascii_whitespace() || b[p] == b'/') {
            p += 1;
        }
        let start = p;
        while p < b.len() && !b[p].is_ascii_whitespace() && !matches!(b[p], b'=' | b'/') {
            p += 1;
        }
        let key = &attrs[start..p];
        while p < b.len() && b[p].is_ascii_whitespace() {
            p += 1;
        }
        let mut value = "";
        if b.get(p) == Some(&b'=') {
            p += 1;
            while p < b.len() && b[p].is_ascii_whitespace() {
                p += 1;
            }
            match b.get(p) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = attrs[p + 1..].find(q as char).map_or(attrs.len(), |e| p + 1 + e);
                    value = &attrs[p + 1..end];
                    p = end + 1;
                }
                _ => {
                    let start = p;
                    while p < b.len() && !b[p].is_ascii_whitespace() {
                        p += 1;
                    }
                    value = &attrs[start..p];
                }
            }
        } else if key.is_empty() {
            p += 1;
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
    None
}
