//! Rustdoc-safe Markdown from the documentation text of Tencent Cloud API descriptions.
//!
//! The descriptions mix Markdown and HTML, written by many hands. [`rustdoc_markdown`]
//! rewrites them so that rustdoc renders them without a warning and finds no doctest.

use std::borrow::Cow;

/// Longest bare URL taken in one piece; longer ones are cut (the rest stays plain text).
const MAX_URL: usize = 4096;
/// Longest text of a Markdown link `[text](url)` that is recognised.
const MAX_LINK_TEXT: usize = 1024;
/// Longest HTML tag, attributes included, that is recognised.
const MAX_TAG: usize = 1024;

/// Rewrites description text (Markdown with HTML) as rustdoc-safe Markdown: no warning
/// under `-D warnings`, no doctest.
///
/// The result is meant to be placed line by line in `#[doc = " line"]` attributes.
///
/// - Code: every fenced block (backticks or tildes, any info string, closed or not) and
///   every `<pre>` becomes a fence labelled `text`; leading indentation outside fences is
///   reduced to at most 3 columns (and to one space after list and quote markers), so
///   nothing becomes an indented code block.
/// - HTML: `<br>` and block tags (`<div>`, `<tr>`, …) end the line with a hard break,
///   `<p>` makes a blank line, `<li>` a list item (`- ` or `1. `, nested under `<ul>` and
///   `<ol>`), `<b>`/`<strong>` and `<i>`/`<em>` emphasis, `<code>` a code span (a block
///   when it spans lines), `<a href>` and `<img src>` links when the target is http(s);
///   other known tags (`<span>`, `<font>`, `<table>`, …) are dropped, table cells are
///   separated by ` | `, comments are dropped. Anything else that looks like a tag
///   (`<InstanceId>`, `List<String>`, `a<b`) is escaped as `&lt;`; autolinks
///   (`<https://…>`) stay.
/// - Links: bare `http(s)://` URLs become autolinks, without trailing punctuation;
///   Markdown links are kept when they point to an http(s) URL and reduced to their text
///   otherwise; every other square bracket is escaped.
/// - Backticks: a code span must close on its line, otherwise its backticks are escaped;
///   runs of three or more tildes are escaped.
/// - Layout: trailing whitespace is trimmed, runs of blank lines collapse to one, a line
///   of only `=` or `-` gets a blank line before it (no setext heading).
///
/// Deterministic, linear in the length of `text`, and never panics.
pub fn rustdoc_markdown(text: &str) -> String {
    let text: Cow<str> =
        if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")) } else { text.into() };
    let mut converter = Converter::new(&text, Mode::Block);
    converter.run();
    converter.out.finish()
}

/// What the converter produces: lines of a doc comment, or the text of a link.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Whole documentation: lines, blocks, links.
    Block,
    /// The text of a link: one line, no links, no blocks.
    Inline,
}

/// What came just before the current (still blank) output line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fresh {
    /// Text: the line is not fresh.
    No,
    /// A tag that broke the line (`<br>`, `<p>`, `<div>`, …).
    Tag,
    /// A newline of the source.
    Newline,
}

/// One finished output line.
struct Line {
    text: String,
    /// Ended by `<br>` or a block tag: gets a trailing `\` when text follows.
    hard_break: bool,
    /// A line of a code block, taken as is.
    raw: bool,
}

impl Line {
    fn blank() -> Line {
        Line { text: String::new(), hard_break: false, raw: false }
    }
}

/// The output under construction: finished lines and the current one.
struct Out {
    lines: Vec<Line>,
    cur: String,
    /// The current line has a non-whitespace char.
    has_text: bool,
    /// The current line holds only a list marker written for `<li>`.
    cur_is_marker: bool,
    fresh: Fresh,
    /// Bare URLs in text become autolinks (not in the text of a link).
    wrap_urls: bool,
    /// Where the text of `cur` not yet checked for bare URLs starts.
    plain: usize,
}

impl Out {
    fn new(wrap_urls: bool) -> Out {
        Out {
            lines: Vec::new(),
            cur: String::new(),
            has_text: false,
            cur_is_marker: false,
            fresh: Fresh::Tag,
            wrap_urls,
            plain: 0,
        }
    }

    fn cur_blank(&self) -> bool {
        !self.has_text
    }

    /// The current line has text (not only whitespace or a list marker).
    fn has_content(&self) -> bool {
        !self.cur_is_marker && !self.cur_blank()
    }

    /// Pushes text (checked for bare URLs once its run of text ends).
    fn push(&mut self, s: &str) {
        self.cur.push_str(s);
        if s.chars().any(|c| !c.is_whitespace()) {
            self.has_text = true;
            self.fresh = Fresh::No;
            self.cur_is_marker = false;
        }
    }

    /// Pushes a code span or a link: Markdown that rustdoc does not see as text.
    fn push_protected(&mut self, s: &str) {
        self.wrap_pending_urls();
        self.push(s);
        self.plain = self.cur.len();
    }

    /// Wraps the bare URLs of the text pushed since the last code span or link. Done on
    /// whole runs of text, so that a URL split by a dropped tag is still found.
    fn wrap_pending_urls(&mut self) {
        if self.wrap_urls {
            if let Some(wrapped) = wrap_bare_urls(&self.cur[self.plain..]) {
                self.cur.truncate(self.plain);
                self.cur.push_str(&wrapped);
            }
        }
        self.plain = self.cur.len();
    }

    /// Replaces the current line by `prefix` (indentation or a list marker).
    fn start_line(&mut self, prefix: &str) {
        self.cur.clear();
        self.cur.push_str(prefix);
        self.has_text = !prefix.trim().is_empty();
        self.plain = 0;
    }

    /// Whether the current line ends with `ch` that is not backslash-escaped.
    fn ends_with_unescaped(&self, ch: char) -> bool {
        self.cur.strip_suffix(ch).is_some_and(|rest| (rest.len() - rest.trim_end_matches('\\').len()) % 2 == 0)
    }

    /// How many unescaped `~` end the current line.
    fn trailing_tildes(&self) -> usize {
        let run = self.cur.len() - self.cur.trim_end_matches('~').len();
        let before = &self.cur[..self.cur.len() - run];
        let backslashes = before.len() - before.trim_end_matches('\\').len();
        if run > 0 && backslashes % 2 == 1 {
            run - 1
        } else {
            run
        }
    }

    /// Drops (`drop`) or escapes a trailing `!`, which would turn the link that follows
    /// into an image.
    fn defuse_bang(&mut self, drop: bool) {
        if self.ends_with_unescaped('!') {
            self.cur.pop();
            self.plain = self.plain.min(self.cur.len());
            if !drop {
                self.cur.push_str("\\!");
            }
        }
    }

    /// Drops trailing whitespace from the current line.
    fn trim_cur_end(&mut self) {
        let kept = self.cur.trim_end().len();
        self.cur.truncate(kept);
        self.plain = self.plain.min(kept);
    }

    /// Finishes the current line (dropped when blank or only a list marker) and starts
    /// the next one with `indent` spaces.
    fn end_line(&mut self, hard_break: bool, indent: usize) {
        self.wrap_pending_urls();
        let text = if self.cur_is_marker { String::new() } else { normalize_line(&self.cur) };
        self.start_line(&" ".repeat(indent));
        self.cur_is_marker = false;
        if text.is_empty() {
            return;
        }
        if is_setext_underline(&text) && self.last_has_text() {
            self.lines.push(Line::blank());
        }
        self.lines.push(Line { text, hard_break, raw: false });
    }

    /// Finishes the current line and adds one blank line (never two, never first).
    fn blank(&mut self, indent: usize) {
        self.end_line(false, indent);
        if self.last_has_text() {
            self.lines.push(Line::blank());
        }
    }

    fn last_has_text(&self) -> bool {
        self.lines.last().is_some_and(|l| !l.text.is_empty())
    }

    /// Adds a line of a code block, as is.
    fn raw(&mut self, text: String) {
        self.lines.push(Line { text, hard_break: false, raw: true });
    }

    /// Appends a closing emphasis marker before the trailing whitespace of the line.
    fn close_marker(&mut self, marker: &str) {
        if !self.has_content() {
            return;
        }
        let kept = self.cur.trim_end().len();
        self.plain = self.plain.min(kept);
        let trailing = self.cur.split_off(kept);
        self.cur.push_str(marker);
        self.cur.push_str(&trailing);
    }

    /// The lines joined, trailing blank lines dropped, hard breaks written as `\`.
    fn finish(mut self) -> String {
        self.end_line(false, 0);
        while self.lines.last().is_some_and(|l| l.text.is_empty()) {
            self.lines.pop();
        }
        let table = table_lines(&self.lines);
        let mut s = String::new();
        for (k, line) in self.lines.iter().enumerate() {
            if k > 0 {
                s.push('\n');
            }
            s.push_str(&line.text);
            let next_continues = self.lines.get(k + 1).is_some_and(|n| !n.raw && !starts_block(&n.text));
            if line.hard_break && !line.raw && !table[k] && next_continues && can_end_with_break(&line.text) {
                s.push('\\');
            }
        }
        s
    }
}

/// An HTML list being converted.
struct List {
    ordered: bool,
    next: u32,
}

/// The converter of one text (or of the text of one link).
struct Converter<'a> {
    src: &'a str,
    /// `src` with ASCII letters lowered: same byte offsets, for case-blind searches.
    lower: String,
    i: usize,
    mode: Mode,
    out: Out,
    lists: Vec<List>,
    /// Content indentation of each open list item.
    items: Vec<usize>,
    /// Emphasis markers written and not closed yet.
    emph: Vec<&'static str>,
    /// Emphasis markers opened but not written (waiting for text).
    pending: Vec<&'static str>,
    /// A Markdown link to a non-URL target being reduced to its text: the position of
    /// its `]` and the end of `](target)`.
    link_tail: Option<(usize, usize)>,
    /// Last search of each needle: its result (from a position at or before the current one).
    finds: Vec<(&'static str, Option<usize>)>,
    /// Last line-end lookup: (from, end).
    line_end: Option<(usize, usize)>,
    /// Backtick runs without a closing run: (length, searched from, line end).
    tick_misses: Vec<(usize, usize, usize)>,
    /// A list item was closed and nothing has been written since.
    item_closed: bool,
}

impl<'a> Converter<'a> {
    fn new(src: &'a str, mode: Mode) -> Converter<'a> {
        Converter {
            src,
            lower: src.to_ascii_lowercase(),
            i: 0,
            mode,
            out: Out::new(mode == Mode::Block),
            lists: Vec::new(),
            items: Vec::new(),
            emph: Vec::new(),
            pending: Vec::new(),
            link_tail: None,
            finds: Vec::new(),
            line_end: None,
            tick_misses: Vec::new(),
            item_closed: false,
        }
    }

    /// Converts the whole source into `out`.
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        while self.i < bytes.len() {
            if let Some((close, end)) = self.link_tail {
                if self.i == close {
                    self.i = end;
                    self.link_tail = None;
                    continue;
                }
                if self.i > close {
                    self.link_tail = None;
                }
            }
            if self.at_block_start() && self.fence() {
                continue;
            }
            match bytes[self.i] {
                b'\n' => self.source_newline(),
                b'`' => self.backticks(),
                b'~' => self.tildes(),
                b'\\' => self.backslash(),
                b'<' => self.angle(),
                b'[' => self.open_bracket(),
                b']' => {
                    self.i += 1;
                    self.push("\\]");
                }
                _ => self.text_run(),
            }
        }
    }

    /// Plain text up to the next byte that needs a look.
    fn text_run(&mut self) {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut j = self.i + 1;
        while j < bytes.len() && !matches!(bytes[j], b'\n' | b'`' | b'~' | b'\\' | b'<' | b'[' | b']') {
            j += 1;
        }
        // `j` is at an ASCII byte or at the end: a char boundary.
        self.push(&src[self.i..j]);
        self.i = j;
    }

    /// Pushes text, writing pending emphasis markers before its first non-blank char.
    fn push(&mut self, s: &str) {
        self.emit(s, false);
    }

    /// Pushes a code span or a link (never checked for bare URLs).
    fn push_protected(&mut self, s: &str) {
        self.emit(s, true);
    }

    /// Pushes `s`: drops layout whitespace after a tag, leaves a closed list item, writes
    /// pending emphasis markers, keeps code spans apart.
    fn emit(&mut self, s: &str, protected: bool) {
        let mut s = s;
        if self.mode == Mode::Block && !self.out.has_content() {
            if self.out.fresh == Fresh::Tag {
                // Whitespace after an HTML tag that broke the line is layout, not indentation.
                s = s.trim_start_matches([' ', '\t']);
            }
            if self.item_closed && !s.trim().is_empty() {
                // Text after `</li>` is no longer part of the item.
                self.item_closed = false;
                self.blank();
            }
        }
        if !self.pending.is_empty() {
            let body = s.trim_start();
            if !body.is_empty() {
                self.out.push(&s[..s.len() - body.len()]);
                for marker in std::mem::take(&mut self.pending) {
                    self.out.push(marker);
                    self.emph.push(marker);
                }
                s = body;
            }
        }
        if protected {
            if s.starts_with('`') && self.out.cur.ends_with('`') {
                // Two code spans side by side would merge their backtick runs.
                self.out.push(" ");
            }
            self.out.push_protected(s);
        } else {
            self.out.push(s);
        }
    }

    /// Indentation of the lines that continue the open list item.
    fn cont_indent(&self) -> usize {
        self.items.last().copied().unwrap_or(0).min(3)
    }

    fn end_line(&mut self, hard_break: bool) {
        let indent = self.cont_indent();
        self.out.end_line(hard_break, indent);
    }

    fn blank(&mut self) {
        let indent = self.cont_indent();
        self.out.blank(indent);
        self.pending.clear();
        self.emph.clear();
        self.item_closed = false;
    }

    /// Whether a code fence may start here: nothing but whitespace (or a list marker) on
    /// the output line, a line start or a block tag just before in the source, and not in
    /// the text of a link.
    fn at_block_start(&self) -> bool {
        self.mode == Mode::Block
            && self.link_tail.is_none()
            && (self.out.fresh != Fresh::No || self.i == 0)
            && (self.out.cur_is_marker || self.out.cur_blank())
    }

    /// The end of the source line holding `from` (the `\n` or the end of the text).
    fn line_end(&mut self, from: usize) -> usize {
        if let Some((start, end)) = self.line_end {
            if start <= from && from <= end {
                return end;
            }
        }
        let end = self.src[from..].find('\n').map_or(self.src.len(), |p| from + p);
        self.line_end = Some((from, end));
        end
    }

    /// The next occurrence of `needle` (lower case) at or after `from`, case-blind.
    fn find(&mut self, needle: &'static str, from: usize) -> Option<usize> {
        let slot = self.finds.iter().position(|(n, _)| *n == needle);
        if let Some(k) = slot {
            match self.finds[k].1 {
                Some(p) if p >= from => return Some(p),
                // Searched from an earlier position without success: none later either.
                None => return None,
                _ => {}
            }
        }
        let found = self.lower.get(from..).and_then(|rest| rest.find(needle)).map(|p| from + p);
        match slot {
            Some(k) => self.finds[k].1 = found,
            None => self.finds.push((needle, found)),
        }
        found
    }

    /// A code fence (```` ``` ```` or `~~~`, possibly after a list marker) starting here:
    /// its content up to the closing fence or the end becomes a `text` block.
    fn fence(&mut self) -> bool {
        let src = self.src;
        let end = self.line_end(self.i);
        let line = &src[self.i..end];
        let mut body = line.trim_start_matches([' ', '\t']);
        let mut indent = indent_width(&line[..line.len() - body.len()]);
        if let Some(len) = list_marker_len(body) {
            let after = body[len..].trim_start_matches([' ', '\t']);
            if after.starts_with("```") || after.starts_with("~~~") {
                indent += len + (body.len() - len - after.len());
                body = after;
            }
        }
        let ch = match body.as_bytes().first() {
            Some(b'`') => '`',
            Some(b'~') => '~',
            _ => return false,
        };
        let n = body.len() - body.trim_start_matches(ch).len();
        if n < 3 || (ch == '`' && body[n..].contains('`')) {
            return false;
        }
        let opening = &body[..n];
        let mut content = Vec::new();
        let mut pos = (end + 1).min(src.len());
        while pos < src.len() {
            let line_end = src[pos..].find('\n').map_or(src.len(), |p| pos + p);
            let l = &src[pos..line_end];
            pos = (line_end + 1).min(src.len());
            let t = l.trim_start_matches([' ', '\t']);
            if t.starts_with(opening) && t.trim_start_matches(ch).trim().is_empty() {
                break;
            }
            content.push(strip_columns(l, indent));
        }
        self.i = pos;
        self.code_block(content);
        // The closing fence ended a source line.
        self.out.fresh = Fresh::Newline;
        true
    }

    /// Writes lines as a fenced `text` block (nothing when they are all blank).
    fn code_block<S: AsRef<str>>(&mut self, lines: Vec<S>) {
        let mut body: Vec<&str> = Vec::new();
        for l in &lines {
            let l = l.as_ref().trim_end();
            if !l.is_empty() || body.last().is_some_and(|b| !b.is_empty()) {
                body.push(l);
            }
        }
        while body.last().is_some_and(|l| l.is_empty()) {
            body.pop();
        }
        if body.is_empty() {
            return;
        }
        self.end_line(false);
        self.pending.clear();
        self.emph.clear();
        let ticks = body.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0).max(2) + 1;
        let fence = "`".repeat(ticks);
        self.out.raw(format!("{fence}text"));
        for l in body {
            self.out.raw(l.to_owned());
        }
        self.out.raw(fence);
        self.out.fresh = Fresh::Tag;
    }

    /// A newline of the source: ends the line (a blank line when it is already empty).
    fn source_newline(&mut self) {
        self.i += 1;
        if self.mode == Mode::Inline {
            self.push(" ");
        } else if self.out.cur_is_marker {
            // `<li>` followed by a newline: the item text comes next.
        } else if !self.out.cur_blank() {
            // The descriptions are not soft-wrapped: a newline is meant as a line break.
            self.end_line(true);
            self.out.fresh = Fresh::Newline;
        } else if self.out.fresh == Fresh::Tag {
            // A tag already broke the line.
            self.out.fresh = Fresh::Newline;
        } else {
            self.blank();
            self.out.fresh = Fresh::Newline;
        }
    }

    /// A code span closed on the same line stays as is; otherwise its backticks are escaped.
    fn backticks(&mut self) {
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
    fn closing_backticks(&mut self, from: usize, n: usize) -> Option<usize> {
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
    fn tildes(&mut self) {
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
    fn backslash(&mut self) {
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
    fn angle(&mut self) {
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
    fn tag(&mut self, kind: Kind, tag: &Tag<'_>) {
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
    fn line_break(&mut self, is_br: bool) {
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
    fn close_list(&mut self) {
        self.lists.pop();
        self.items.truncate(self.lists.len());
        self.end_line(false);
        if self.lists.is_empty() {
            self.blank();
        }
        self.out.fresh = Fresh::Tag;
    }

    /// `<li>`: a new line with the list marker, indented under the enclosing item.
    fn open_item(&mut self) {
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
    fn emphasis(&mut self, marker: &'static str, closing: bool) {
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
    fn html_code(&mut self, close: &'static str) {
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
    fn anchor(&mut self, attrs: &str) {
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
    fn image(&mut self, attrs: &str) {
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
    fn push_link(&mut self, text: &str, url: &str, image: bool) {
        self.out.defuse_bang(image);
        let url = clean_url(url);
        if text.is_empty() {
            self.push_protected(&format!("<{url}>"));
        } else {
            self.push_protected(&format!("[{text}]({url})"));
        }
    }

    /// `[`: a Markdown link, or an escaped bracket.
    fn open_bracket(&mut self) {
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
    fn markdown_link(&mut self) -> Option<MdLink> {
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
struct MdLink {
    close: usize,
    dest: (usize, usize),
    end: usize,
}

/// The text of a link, converted on one line (no nested links).
fn inline_text(src: &str) -> String {
    let mut converter = Converter::new(src, Mode::Inline);
    converter.run();
    converter.out.cur.trim().to_owned()
}

/// How a known HTML tag is converted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
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
fn tag_kind(name: &str) -> Option<Kind> {
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
struct Tag<'s> {
    name: String,
    closing: bool,
    attrs: &'s str,
    len: usize,
}

/// The HTML tag at the start of `s` (which starts with `<`), if it is one.
fn parse_tag(s: &str) -> Option<Tag<'_>> {
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
fn attr<'s>(attrs: &'s str, name: &str) -> Option<&'s str> {
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

/// The length of the autolink (`<http://…>`, `<https://…>`) at the start of `lower`.
fn autolink_len(lower: &str) -> Option<usize> {
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
fn http_url(target: &str) -> Option<String> {
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
fn clean_url(url: &str) -> String {
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
fn wrap_bare_urls(text: &str) -> Option<String> {
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
fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic()
        && !matches!(b, b'<' | b'>' | b'"' | b'`' | b'[' | b']' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'*')
}

/// Whether `s` starts with an entity that ends a bare URL (`&lt;`, `&gt;`, `&quot;`, `&nbsp;`, `&#…`).
fn starts_with_entity(s: &str) -> bool {
    ["&lt;", "&gt;", "&quot;", "&nbsp;", "&#"].iter().any(|e| s.starts_with(e))
}

/// A bare URL without the punctuation that ends the sentence around it.
fn trim_url(url: &str) -> &str {
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

/// Text of `<code>` or `<pre>`: tags dropped (`<br>` and block tags as newlines), entities decoded.
fn code_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(p) = s[i..].find('<') {
        let at = i + p;
        out.push_str(&s[i..at]);
        match parse_tag(&s[at..]).and_then(|t| tag_kind(&t.name).map(|k| (k, t.len))) {
            Some((kind, len)) => {
                if matches!(kind, Kind::Break | Kind::Paragraph | Kind::Block | Kind::Item | Kind::List(_)) {
                    out.push('\n');
                }
                i = at + len;
            }
            None => {
                out.push('<');
                i = at + 1;
            }
        }
    }
    out.push_str(&s[i..]);
    decode_entities(&out).into_owned()
}

/// `s` with HTML character references decoded (unknown ones kept).
fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let window = &rest.as_bytes()[1..rest.len().min(12)];
        let decoded = window.iter().position(|&b| b == b';').and_then(|q| entity(&rest[1..1 + q]).map(|c| (c, q)));
        match decoded {
            Some((c, q)) => {
                out.push(c);
                rest = &rest[q + 2..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The character of an entity name (`lt`, `#60`, `#x3C`), for the common named ones.
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "deg" => '°',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        _ => return None,
    })
}

/// A code span holding `code` (one line), with enough backticks around it.
fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

/// Text shown as is inside a link: brackets, backticks and backslashes escaped.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '[' | ']' | '`' | '\\' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The length of the longest run of `ch` in `s`.
fn longest_run(s: &str, ch: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == ch { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// The length of the run of `b` starting at `start`.
fn run_len(bytes: &[u8], start: usize, b: u8) -> usize {
    bytes[start..].iter().take_while(|&&c| c == b).count()
}

/// Columns taken by leading whitespace (a tab goes to the next multiple of 4).
fn indent_width(ws: &str) -> usize {
    ws.chars().fold(0, |w, c| if c == '\t' { w + 4 - w % 4 } else { w + 1 })
}

/// `line` without up to `cols` columns of leading spaces and tabs.
fn strip_columns(line: &str, cols: usize) -> &str {
    let mut width = 0;
    for (k, c) in line.char_indices() {
        if width >= cols || !matches!(c, ' ' | '\t') {
            return &line[k..];
        }
        width = if c == '\t' { width + 4 - width % 4 } else { width + 1 };
    }
    ""
}

/// The length of a list marker (`-`, `+`, `*`, `1.`, `1)`) followed by whitespace or
/// the end at the start of `s`.
fn list_marker_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let len = match b.first()? {
        b'-' | b'+' | b'*' => 1,
        c if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    matches!(b.get(len), None | Some(b' ' | b'\t')).then_some(len)
}

/// A prose line made safe: no trailing whitespace, at most 3 columns of indentation, and
/// one space after list and quote markers, so no indented code block can start.
fn normalize_line(line: &str) -> String {
    let line = line.trim_end();
    let body = line.trim_start_matches([' ', '\t']);
    let mut out = String::with_capacity(line.len());
    out.extend(std::iter::repeat_n(' ', indent_width(&line[..line.len() - body.len()]).min(3)));
    let mut rest = body;
    if let Some(comparison) = rest.strip_prefix(">=") {
        // A comparison, not a quote.
        out.push_str("\\>=");
        rest = comparison;
    }
    loop {
        let marker = if rest.starts_with('>') { Some(1) } else { list_marker_len(rest) };
        let Some(len) = marker else { break };
        out.push_str(&rest[..len]);
        let after = rest[len..].trim_start_matches([' ', '\t']);
        if after.len() < rest.len() - len && !after.is_empty() {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A line of only `=` or only `-`: a setext underline after a paragraph line.
fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
}

/// A thematic break: three or more of one of `-`, `*`, `_`, with spaces.
fn is_thematic_break(line: &str) -> bool {
    let t = line.trim();
    [b'-', b'*', b'_']
        .iter()
        .any(|&m| t.bytes().all(|b| b == m || b == b' ' || b == b'\t') && t.bytes().filter(|&b| b == m).count() >= 3)
}

/// Whether `line` starts a block that interrupts a paragraph (so the line before it
/// must not end with a hard break).
fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty()
        || t.starts_with(['>', '#', '|'])
        || t.starts_with("```")
        || t.starts_with("~~~")
        || list_marker_len(t).is_some()
        || is_thematic_break(t)
        || is_setext_underline(t)
}

/// Which lines belong to a Markdown table: a header row, a delimiter row (`|---|---|`),
/// and the rows with a `|` that follow.
fn table_lines(lines: &[Line]) -> Vec<bool> {
    let mut table = vec![false; lines.len()];
    let mut k = 1;
    while k < lines.len() {
        let is_header = |l: &Line| !l.raw && l.text.contains('|');
        if !lines[k].raw && is_delimiter_row(&lines[k].text) && is_header(&lines[k - 1]) {
            table[k - 1] = true;
            while k < lines.len() && is_header(&lines[k]) {
                table[k] = true;
                k += 1;
            }
        } else {
            k += 1;
        }
    }
    table
}

/// A table delimiter row: `|`, `-`, `:` and spaces, with at least one `|` and one `-`.
fn is_delimiter_row(line: &str) -> bool {
    line.contains('|') && line.contains('-') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Whether a hard break (`\`) may end `line`: not a heading, rule, or table row.
fn can_end_with_break(line: &str) -> bool {
    let t = line.trim_start();
    !t.starts_with(['#', '|']) && !is_thematic_break(t) && !is_setext_underline(t)
}

#[cfg(test)]
mod tests {
    use super::rustdoc_markdown as md;

    #[test]
    fn plain_markdown_is_kept() {
        let s = "Queries instances.\n\n- `Limit`: at most **100**.\n- See [docs](https://cloud.tencent.com/doc).";
        assert_eq!(md(s), s);
    }

    #[test]
    fn fences_become_text_blocks() {
        assert_eq!(
            md("Example:\n```json\n{\"a\": [1, 2]}\n```\nDone."),
            "Example:\n```text\n{\"a\": [1, 2]}\n```\nDone."
        );
        assert_eq!(md("```rust\nfn main() {}\n```"), "```text\nfn main() {}\n```");
        assert_eq!(md("~~~\nx <b>y</b>\n~~~"), "```text\nx <b>y</b>\n```");
    }

    #[test]
    fn unterminated_fence_is_closed() {
        assert_eq!(md("Run:\n```\nrm -rf /tmp/x"), "Run:\n```text\nrm -rf /tmp/x\n```");
    }

    #[test]
    fn indented_fence_in_list_is_unindented() {
        let s = "-Example value:\n    ```\n    \"Filters\":[\n        {\"Key\": \"tagKey\"}\n    ]\n    ```\n\n- next";
        assert_eq!(md(s), "-Example value:\n```text\n\"Filters\":[\n    {\"Key\": \"tagKey\"}\n]\n```\n\n- next");
    }

    #[test]
    fn fence_content_with_backticks_gets_a_longer_fence() {
        assert_eq!(md("~~~\na ``` b\n~~~"), "````text\na ``` b\n````");
    }

    #[test]
    fn inline_triple_backticks_are_a_code_span() {
        let s = "(1) Install ``` pip install x ``` (2) Run";
        assert_eq!(md(s), s);
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        assert_eq!(md("Values:\n\n    {\n\t\"a\": 1\n    }"), "Values:\n\n   {\\\n   \"a\": 1\\\n   }");
        assert_eq!(
            md("- agent-status\n    - String\n    -     required: no"),
            "- agent-status\n   - String\n   - required: no"
        );
        assert_eq!(md(">      quoted"), "> quoted");
        assert_eq!(md("a\n>= 5"), "a\\\n\\>= 5");
    }

    #[test]
    fn newlines_are_hard_breaks_within_paragraphs() {
        assert_eq!(
            md("Valid values:\n0: off\n1: on\n\nDefault: 0."),
            "Valid values:\\\n0: off\\\n1: on\n\nDefault: 0."
        );
        // Not before a block, nor on headings and tables.
        assert_eq!(md("Values:\n- a\n- b"), "Values:\n- a\n- b");
        assert_eq!(md("### Fields\ntext"), "### Fields\ntext");
        let table = "Intro\n| Field | Type |\n|---|---|\n| a | b |\nEnd";
        assert_eq!(md(table), "Intro\n| Field | Type |\n|---|---|\n| a | b |\nEnd");
    }

    #[test]
    fn br_makes_a_new_line() {
        assert_eq!(md("Valid values:<br>0: off<br/>1: on<br />2: auto"), "Valid values:\\\n0: off\\\n1: on\\\n2: auto");
        assert_eq!(md("a<br><br>b"), "a\n\nb");
        assert_eq!(md("a<br>\nb"), "a\\\nb");
    }

    #[test]
    fn paragraphs_become_blank_lines() {
        assert_eq!(md("<p>First.</p><p>Second.</p>\n<p>Third.</p>"), "First.\n\nSecond.\n\nThird.");
    }

    #[test]
    fn html_lists_become_markdown_lists() {
        assert_eq!(
            md("Values:<ul><li>A: on</li><li>B: off</li></ul>Default: A."),
            "Values:\n- A: on\n- B: off\n\nDefault: A."
        );
        assert_eq!(md("<ol><li>one</li><li>two</li></ol>"), "1. one\n2. two");
        assert_eq!(md("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"), "- a\n  - b\n- c");
        assert_eq!(md("<li><p>Supported:</p></li>"), "- Supported:");
        assert_eq!(md("Sort by:<li>a</li><li>b</li>Default: <code>a</code>."), "Sort by:\n- a\n- b\n\nDefault: `a`.");
        assert_eq!(md("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>"), "- a\n- b");
    }

    #[test]
    fn emphasis_tags_become_markers() {
        assert_eq!(md("<b>Note</b>: <strong>x</strong>, <i>y</i>, <em>z</em>"), "**Note**: **x**, *y*, *z*");
        assert_eq!(md("x <b> Note </b>x"), "x  **Note** x");
        assert_eq!(md("a<b></b>b<i class=\"icon\"></i>"), "ab");
    }

    #[test]
    fn code_tags_become_code_spans() {
        assert_eq!(md("Use <code>DescribeInstances</code>."), "Use `DescribeInstances`.");
        assert_eq!(md("Regex <code>^[a-z]([a-z0-9_]{0,49})$</code>"), "Regex `^[a-z]([a-z0-9_]{0,49})$`");
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>&quot;x&quot; &lt;y&gt;</code>"), "`\"x\" <y>`");
    }

    #[test]
    fn pre_becomes_a_text_block() {
        let s = "<p>As follows:<br><pre><code>{  &quot;tag&quot;: [1]}</code></pre>● Only MP4</p>";
        assert_eq!(md(s), "As follows:\n```text\n{  \"tag\": [1]}\n```\n● Only MP4");
    }

    #[test]
    fn anchors_become_links() {
        assert_eq!(
            md("See <a href=\"https://intl.cloud.tencent.com/document/product/213/6091\">zones</a>."),
            "See [zones](https://intl.cloud.tencent.com/document/product/213/6091)."
        );
        assert_eq!(md("(See <a href=\"#maxResultsDesc\">limit</a>.)"), "(See limit.)");
        assert_eq!(md("<a href=\"https://a.com/x\"></a>"), "<https://a.com/x>");
        assert_eq!(md("<a href=\"https://a.com/[x]\">[1] <code>y</code></a>"), "[\\[1\\] `y`](https://a.com/[x])");
    }

    #[test]
    fn other_known_tags_are_dropped() {
        assert_eq!(md("<font color=\"red\">Note</font>: <span class=\"x\">a</span>"), "Note: a");
        assert_eq!(md("<div>one</div><div>two</div>"), "one\\\ntwo");
        assert_eq!(md("<dx-alert infotype=\"notice\" title=\"Note\">Max 100.</dx-alert>"), "Max 100.");
        assert_eq!(
            md("<table> <tr> <th>Name</th> <th>Type</th> </tr> <tr> <td>a</td> <td>b</td> </tr> </table>"),
            "Name | Type\\\na | b"
        );
        assert_eq!(md("a<!-- hidden -->b"), "ab");
    }

    #[test]
    fn unknown_tags_are_escaped() {
        assert_eq!(md("Set <InstanceId> to x."), "Set &lt;InstanceId> to x.");
        assert_eq!(md("See <Common request parameters>."), "See &lt;Common request parameters>.");
        assert_eq!(md("List<String>, a<b, x < y"), "List&lt;String>, a&lt;b, x &lt; y");
        assert_eq!(md("<ur><li>a</li></ur>"), "&lt;ur>\n- a\n\n&lt;/ur>");
    }

    #[test]
    fn autolinks_are_kept() {
        assert_eq!(
            md("See <https://cloud.tencent.com/document/api>."),
            "See <https://cloud.tencent.com/document/api>."
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            md("See https://cloud.tencent.com/document/product/213."),
            "See <https://cloud.tencent.com/document/product/213>."
        );
        assert_eq!(md("(at http://a.b.com/x?y=1), then"), "(at <http://a.b.com/x?y=1>), then");
        assert_eq!(md("见https://a.com/x。下一步"), "见<https://a.com/x>。下一步");
        assert_eq!(md("HTTPS://A.COM/x; more"), "<HTTPS://A.COM/x>; more");
        assert_eq!(md("wiki http://x.org/A_(b) end"), "wiki <http://x.org/A_(b)> end");
        assert_eq!(md("only http:// here"), "only http:// here");
        assert_eq!(md("**https://ab.com/x**, https://ab.com/&lt;y"), "**<https://ab.com/x>**, <https://ab.com/>&lt;y");
        // Found even when a dropped tag splits it.
        assert_eq!(md("https://<b></b>cloud.tencent.com/x"), "<https://cloud.tencent.com/x>");
    }

    #[test]
    fn urls_in_code_and_links_are_left_alone() {
        let s = "`http://a.com` and [a](https://b.com/x) and <https://c.com>";
        assert_eq!(md(s), s);
        assert_eq!(md("[https://a.com](https://a.com)"), "[https://a.com](https://a.com)");
    }

    #[test]
    fn brackets_are_escaped() {
        assert_eq!(
            md("Values [1, 2], [\"a\",\"b\"], [InstanceId], []"),
            "Values \\[1, 2\\], \\[\"a\",\"b\"\\], \\[InstanceId\\], \\[\\]"
        );
        assert_eq!(md("Inside code: `[1, 2]`"), "Inside code: `[1, 2]`");
    }

    #[test]
    fn images_become_links() {
        assert_eq!(md("See ![chart](https://ab.com/c.png) and ![x](y)!"), "See [chart](https://ab.com/c.png) and x!");
        assert_eq!(md("Wow!<a href=\"https://ab.com\">site</a>"), "Wow\\![site](https://ab.com)");
        assert_eq!(md("<img src=\"https://ab.com/i.png\" alt=\"[i]\">"), "[\\[i\\]](https://ab.com/i.png)");
    }

    #[test]
    fn adjacent_code_spans_stay_apart() {
        assert_eq!(md("<code>a</code>`b`"), "`a` `b`");
        assert_eq!(md("`a\\`<code>``</code>"), "`a\\` ``` `` ```");
    }

    #[test]
    fn links_to_non_urls_become_text() {
        assert_eq!(md("See [Sample 1](#.E7.A4.BA) and [DescribeFoo](DescribeFoo)."), "See Sample 1 and DescribeFoo.");
        assert_eq!(md("[API](/document/api/213/15728) [x]()"), "API x");
        assert_eq!(md("[```x](y)"), "\\`\\`\\`x");
        assert_eq!(
            md("[a](https://x.com/a(b)c) [b](<https://y.com/a b>)"),
            "[a](https://x.com/a%28b%29c) [b](https://y.com/a%20b)"
        );
    }

    #[test]
    fn unbalanced_backticks_are_escaped() {
        assert_eq!(md("a `b\nc` d"), "a \\`b\\\nc\\` d");
        assert_eq!(md("``x`` and `y"), "``x`` and \\`y");
    }

    #[test]
    fn tildes_that_could_fence_are_escaped() {
        assert_eq!(md("a ~~~ b ~~c~~"), "a \\~\\~\\~ b ~~c~~");
        assert_eq!(md("<tr>~~</td>~"), "~~\\~");
        // A fence after a list marker is a fence.
        assert_eq!(md("<li>~~~\nx\n~~~"), "```text\nx\n```");
        assert_eq!(md("1~31"), "1~31");
    }

    #[test]
    fn backslashes() {
        assert_eq!(md("C:\\dir \\[x\\]"), "C:\\\\dir \\[x\\]");
        assert_eq!(md("\\https://a.com"), "\\\\<https://a.com>");
    }

    #[test]
    fn setext_underlines_get_a_blank_line() {
        assert_eq!(md("Title\n---\nText\n==="), "Title\n\n---\nText\n\n===");
    }

    #[test]
    fn whitespace_and_blank_lines() {
        assert_eq!(md("a  \n\n\n\nb\t\n\n"), "a\n\nb");
        assert_eq!(md("\r\na\r\nb\r"), "a\\\nb");
        assert_eq!(md(""), "");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "<",
            "<a",
            "<a href=",
            "<a href=\"",
            "[",
            "[x](",
            "[x](<",
            "`",
            "\\",
            "&",
            "&#x110000;",
            "<code>",
            "<pre>",
            "</li></ul></ol>",
            "<li>",
            "h",
            "http",
            "https://",
            "<https://",
            "<!--",
            "é<é>é[é](é)`é",
            "```",
            "~~~~",
            "<img src=\"https://a.com/i.png\" alt=\"[x]\">",
            "&#;",
            "&#x;",
            "<a href='https://a.com'>é</a>",
        ] {
            let _ = md(s);
        }
    }

    #[test]
    fn deterministic() {
        let s = "<p>a<br>b</p><ul><li>[x]</li></ul> https://a.com";
        assert_eq!(md(s), md(s));
    }
}
