//! Inline constructs met while converting: code spans, tildes, escapes, HTML tags
//! (line breaks, lists, emphasis, code, links, images) and Markdown links.

use super::convert::{Converter, List, Mode, MAX_LINK_TEXT};
use super::escape::{code_span, code_text, decode_entities, escape_text, run_len};
use super::html::{attr, parse_tag, tag_kind, Kind, Tag};
use super::out::Fresh;
use super::urls::{autolink_len, clean_url, http_url, MAX_URL};

impl Converter<'_> {
    /// A code span closed on the same line stays as is; otherwise its backticks are escaped.
    pub(super) fn backticks(&mut self) {
        let src = self.src;
        let start = self.i;
        let n = run_len(src.as_bytes(), start, b'`');
        match self.closing_backticks(start + n, n) {
            Some(close) => {
                self.push_protected(&src[start..close + n]);
                self.i = close + n;
            }
            None => {
                self.push(&"\\`".repeat(n));
                self.i = start + n;
            }
        }
    }

    /// The start of the next run of exactly `n` backticks on the line, from `from`.
    pub(super) fn closing_backticks(&mut self, from: usize, n: usize) -> Option<usize> {
        let end = self.line_end(from);
        if self.tick_misses.iter().any(|&(len, start, stop)| len == n && start <= from && from <= stop) {
            return None;
        }
        let bytes = self.src.as_bytes();
        let mut p = from;
        while p < end {
            if bytes[p] == b'`' {
                let m = run_len(bytes, p, b'`');
                if m == n {
                    return Some(p);
                }
                p += m;
            } else {
                p += 1;
            }
        }
        self.tick_misses.retain(|&(_, _, stop)| stop >= from);
        self.tick_misses.push((n, from, end));
        None
    }

    /// Three tildes or more in a row (with those already written, after a dropped tag)
    /// could open a fence after a list marker: escaped.
    pub(super) fn tildes(&mut self) {
        let src = self.src;
        let n = run_len(src.as_bytes(), self.i, b'~');
        if n + self.out.trailing_tildes() >= 3 {
            self.push(&"\\~".repeat(n));
        } else {
            self.push(&src[self.i..self.i + n]);
        }
        self.i += n;
    }

    /// A backslash escape stays; a lone backslash is escaped itself.
    pub(super) fn backslash(&mut self) {
        let src = self.src;
        let next = src.as_bytes().get(self.i + 1).copied();
        if next.is_some_and(|b| b.is_ascii_punctuation()) {
            self.push(&src[self.i..self.i + 2]);
            self.i += 2;
        } else {
            self.push("\\\\");
            self.i += 1;
        }
    }

    /// `<`: an autolink, a comment, a known tag, or a plain `<` (escaped).
    pub(super) fn angle(&mut self) {
        let src = self.src;
        let rest = &src[self.i..];
        if let Some(len) = autolink_len(&self.lower[self.i..]) {
            if self.mode == Mode::Inline {
                self.push(&escape_text(&rest[1..len - 1]));
            } else {
                self.push_protected(&rest[..len]);
            }
            self.i += len;
            return;
        }
        if rest.starts_with("<!--") {
            if let Some(end) = self.find("-->", self.i + 4) {
                self.i = end + 3;
                return;
            }
        }
        if let Some(tag) = parse_tag(rest) {
            if let Some(kind) = tag_kind(&tag.name) {
                self.i += tag.len;
                self.tag(kind, &tag);
                return;
            }
        }
        self.push("&lt;");
        self.i += 1;
    }

    /// Converts a known tag (already consumed).
    pub(super) fn tag(&mut self, kind: Kind, tag: &Tag<'_>) {
        let closing = tag.closing;
        match kind {
            Kind::Strong => return self.emphasis("**", closing),
            Kind::Em => return self.emphasis("*", closing),
            Kind::Code if !closing => return self.html_code("</code>"),
            Kind::Code => return,
            Kind::Pre if !closing => return self.html_code("</pre>"),
            Kind::Image if !closing => return self.image(tag.attrs),
            Kind::Inline | Kind::Pre | Kind::Image => return,
            _ => {}
        }
        if self.mode == Mode::Inline {
            if !matches!(kind, Kind::Anchor) {
                self.push(" ");
            }
            return;
        }
        match kind {
            Kind::Break => self.line_break(true),
            Kind::Block => self.line_break(false),
            Kind::Paragraph if !self.out.cur_is_marker => {
                self.blank();
                self.out.fresh = Fresh::Tag;
            }
            Kind::List(_) if closing => self.close_list(),
            Kind::List(ordered) => {
                self.end_line(false);
                self.lists.push(List { ordered, next: 1 });
                self.out.fresh = Fresh::Tag;
            }
            Kind::Item if closing => {
                self.items.truncate(self.lists.len().max(1) - 1);
                self.end_line(false);
                self.out.fresh = Fresh::Tag;
                self.item_closed = true;
            }
            Kind::Item => self.open_item(),
            Kind::Cell if !closing && self.out.has_content() => {
                self.out.trim_cur_end();
                self.push(" | ");
            }
            Kind::Anchor if !closing => self.anchor(tag.attrs),
            _ => {}
        }
    }

    /// `<br>` or a block tag: ends the line; a second `<br>` in a row makes a blank line.
    pub(super) fn line_break(&mut self, is_br: bool) {
        if self.out.cur_is_marker || self.item_closed {
            return;
        }
        if self.out.has_content() {
            self.end_line(true);
        } else if is_br && self.out.fresh == Fresh::Tag {
            self.blank();
        }
        self.out.fresh = Fresh::Tag;
    }

    /// `</ul>`, `</ol>`: ends the list (with a blank line after the outermost one).
    pub(super) fn close_list(&mut self) {
        self.lists.pop();
        self.items.truncate(self.lists.len());
        self.end_line(false);
        if self.lists.is_empty() {
            self.blank();
        }
        self.out.fresh = Fresh::Tag;
    }

    /// `<li>`: a new line with the list marker, indented under the enclosing item.
    pub(super) fn open_item(&mut self) {
        let level = self.lists.len().max(1);
        self.items.truncate(level - 1);
        let marker_indent = self.items.last().copied().unwrap_or(0).min(3);
        let marker = match self.lists.last_mut() {
            Some(list) if list.ordered => {
                let m = format!("{}. ", list.next);
                list.next = list.next.saturating_add(1);
                m
            }
            _ => "- ".to_owned(),
        };
        self.end_line(false);
        self.pending.clear();
        self.emph.clear();
        self.item_closed = false;
        self.out.start_line(&format!("{}{marker}", " ".repeat(marker_indent)));
        self.out.cur_is_marker = true;
        self.items.push(marker_indent + marker.len());
    }

    /// `<b>`, `<i>` and their closing tags: markers written only around text.
    pub(super) fn emphasis(&mut self, marker: &'static str, closing: bool) {
        if !closing {
            self.pending.push(marker);
        } else if let Some(k) = self.pending.iter().rposition(|m| *m == marker) {
            // Nothing between the tags: no marker at all.
            self.pending.remove(k);
        } else if self.emph.last() == Some(&marker) {
            self.emph.pop();
            self.out.close_marker(marker);
        }
    }

    /// `<code>` or `<pre>` up to `close`: a code span, or a `text` block when it spans lines.
    pub(super) fn html_code(&mut self, close: &'static str) {
        let Some(end) = self.find(close, self.i) else { return };
        let text = code_text(&self.src[self.i..end]);
        self.i = end + close.len();
        let text = text.trim_matches('\n');
        if self.mode == Mode::Block && (text.contains('\n') || close == "</pre>") {
            self.code_block(text.lines().collect());
        } else {
            let one_line = text.replace('\n', " ");
            let code = one_line.trim();
            if !code.is_empty() {
                self.push_protected(&code_span(code));
            }
        }
    }

    /// `<a href="…">text</a>`: a link when the target is http(s), else just the text.
    pub(super) fn anchor(&mut self, attrs: &str) {
        let Some(url) = attr(attrs, "href").and_then(|h| http_url(&decode_entities(h))) else { return };
        let Some(end) = self.find("</a>", self.i) else {
            self.push_protected(&format!("<{}>", clean_url(&url)));
            return;
        };
        let text = inline_text(&self.src[self.i..end]);
        self.i = end + "</a>".len();
        self.push_link(&text, &url, false);
    }

    /// `<img>`: a link to the image (http(s) only), or its alternative text.
    pub(super) fn image(&mut self, attrs: &str) {
        let alt = attr(attrs, "alt").map(|a| escape_text(decode_entities(a).trim())).unwrap_or_default();
        let url = attr(attrs, "src").and_then(|s| http_url(&decode_entities(s)));
        match url {
            Some(url) if self.mode == Mode::Block => {
                let text = if alt.is_empty() { "image".to_owned() } else { alt };
                self.push_link(&text, &url, false);
            }
            _ if !alt.is_empty() => self.push(&alt),
            _ => {}
        }
    }

    /// Pushes a link, or an autolink when `text` is empty. `image`: it comes from a Markdown
    /// image, whose `!` is dropped (an image's text would be checked for bare URLs).
    pub(super) fn push_link(&mut self, text: &str, url: &str, image: bool) {
        self.out.defuse_bang(image);
        let url = clean_url(url);
        if text.is_empty() {
            self.push_protected(&format!("<{url}>"));
        } else {
            self.push_protected(&format!("[{text}]({url})"));
        }
    }

    /// `[`: a Markdown link, or an escaped bracket.
    pub(super) fn open_bracket(&mut self) {
        if self.mode == Mode::Block {
            if let Some(link) = self.markdown_link() {
                let src = self.src;
                let image = src[..self.i].ends_with('!');
                match http_url(&src[link.dest.0..link.dest.1]) {
                    Some(url) => {
                        let text = inline_text(&src[self.i + 1..link.close]);
                        self.i = link.end;
                        self.push_link(&text, &url, image);
                    }
                    None => {
                        // Keep the text, drop `[`, `](target)` (and the `!` of an image).
                        self.out.defuse_bang(image);
                        self.link_tail = Some((link.close, link.end));
                        self.i += 1;
                    }
                }
                return;
            }
        }
        self.push("\\[");
        self.i += 1;
    }

    /// A Markdown link `[text](target)` starting at the current `[`, on one line, with no
    /// `[` in its text or target.
    pub(super) fn markdown_link(&mut self) -> Option<MdLink> {
        let bytes = self.src.as_bytes();
        let end = self.line_end(self.i);
        let limit = end.min(self.i + MAX_LINK_TEXT);
        let mut p = self.i + 1;
        let close = loop {
            if p >= limit {
                return None;
            }
            match bytes[p] {
                b'[' => return None,
                b']' => break p,
                b'\\' => p += 2,
                _ => p += 1,
            }
        };
        if bytes.get(close + 1) != Some(&b'(') {
            return None;
        }
        p = close + 2;
        while bytes.get(p) == Some(&b' ') {
            p += 1;
        }
        let limit = end.min(p + MAX_URL);
        let dest = if bytes.get(p) == Some(&b'<') {
            let start = p + 1;
            p = start;
            while p < limit && !matches!(bytes[p], b'>' | b'<' | b'[') {
                p += 1;
            }
            if bytes.get(p) != Some(&b'>') || p >= limit {
                return None;
            }
            p += 1;
            (start, p - 1)
        } else {
            let start = p;
            let mut depth = 0usize;
            loop {
                if p >= limit {
                    return None;
                }
                match bytes[p] {
                    b'(' => depth += 1,
                    b')' if depth == 0 => break,
                    b')' => depth -= 1,
                    b' ' | b'\t' => break,
                    // Not in a URL; stopping here also keeps the scans linear.
                    b'[' => return None,
                    _ => {}
                }
                p += 1;
            }
            (start, p)
        };
        while bytes.get(p) == Some(&b' ') {
            p += 1;
        }
        if bytes.get(p) != Some(&b')') {
            return None;
        }
        Some(MdLink { close, dest, end: p + 1 })
    }
}

/// A Markdown link found in the source: positions of `]`, of the target, and of the end.
pub(super) struct MdLink {
    pub(super) close: usize,
    pub(super) dest: (usize, usize),
    pub(super) end: usize,
}

/// The text of a link, converted on one line (no nested links).
pub(super) fn inline_text(src: &str) -> String {
    let mut converter = Converter::new(src, Mode::Inline);
    converter.run();
    converter.out.cur.trim().to_owned()
}
