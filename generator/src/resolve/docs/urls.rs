//! URLs: autolinks, link targets, and bare URLs in text.

/// Longest bare URL taken in one piece; longer ones are cut (the rest stays plain text).
pub(super) const MAX_URL: usize = 4096;

/// The length of the autolink (`<http://…>`, `<https://…>`) at the start of `lower`.
pub(super) fn autolink_len(lower: &str) -> Option<usize> {
    let scheme = if lower.starts_with("<https://") {
        9
    } else if lower.starts_with("<http://") {
        8
    } else {
        return None;
    };
    let b = lower.as_bytes();
    let mut p = scheme;
    while p < b.len() && p < MAX_URL {
        match b[p] {
            b'>' if p > scheme => return Some(p + 1),
            b'<' | b'>' => return None,
            c if c.is_ascii_whitespace() || c.is_ascii_control() => return None,
            _ => p += 1,
        }
    }
    None
}

/// An absolute http(s) URL from a link target (`//host/…` gets `https:`).
pub(super) fn http_url(target: &str) -> Option<String> {
    let t = target.trim();
    let lower = t.to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else if lower.starts_with("//") {
        return t[2..].starts_with(|c: char| c.is_ascii_alphanumeric()).then(|| format!("https:{t}"));
    } else {
        return None;
    };
    (t.len() > scheme).then(|| t.to_owned())
}

/// A URL safe in a link target and in an autolink: whitespace, controls, `<`, `>`,
/// `(` and `)` percent-encoded.
pub(super) fn clean_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | ')') {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text with its bare `http(s)://` URLs wrapped as autolinks (`None` when it has none);
/// trailing punctuation and entities (`&lt;`, …) stay outside.
pub(super) fn wrap_bare_urls(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("http://") && !lower.contains("https://") {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let (mut copied, mut p) = (0, 0);
    while let Some(offset) = lower[p..].find("http") {
        let start = p + offset;
        let scheme = if lower[start..].starts_with("https://") {
            8
        } else if lower[start..].starts_with("http://") {
            7
        } else {
            p = start + 4;
            continue;
        };
        let mut end = start + scheme;
        while end < bytes.len() && end - start < MAX_URL && is_url_byte(bytes[end]) && !starts_with_entity(&text[end..])
        {
            end += 1;
        }
        let url = trim_url(&text[start..end]);
        if url.len() > scheme {
            out.push_str(&text[copied..start]);
            out.push('<');
            out.push_str(url);
            out.push('>');
            copied = start + url.len();
        }
        p = start + url.len().max(scheme);
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// Bytes that may belong to a bare URL.
pub(super) fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic()
        && !matches!(b, b'<' | b'>' | b'"' | b'`' | b'[' | b']' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'*')
}

/// Whether `s` starts with an entity that ends a bare URL (`&lt;`, `&gt;`, `&quot;`, `&nbsp;`, `&#…`).
pub(super) fn starts_with_entity(s: &str) -> bool {
    ["&lt;", "&gt;", "&quot;", "&nbsp;", "&#"].iter().any(|e| s.starts_with(e))
}

/// A bare URL without the punctuation that ends the sentence around it.
pub(super) fn trim_url(url: &str) -> &str {
    let mut url = url;
    let mut opens = url.bytes().filter(|&b| b == b'(').count();
    let mut closes = url.bytes().filter(|&b| b == b')').count();
    loop {
        match url.as_bytes().last() {
            Some(b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'_' | b'~') => {}
            Some(b')') if closes > opens => closes -= 1,
            Some(b'(') => opens -= 1,
            _ => return url,
        }
        url = &url[..url.len() - 1];
    }
}
