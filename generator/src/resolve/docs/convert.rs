//! The converter: one pass over the source, block structure (lines, paragraphs,
//! fences, code blocks) here, inline constructs in [`super::inline`].

use super::escape::longest_run;
use super::lines::{indent_width, list_marker_len, strip_columns};
use super::out::{Fresh, Out};

/// Longest text of a Markdown link `[text](url)` that is recognised.
pub(super) const MAX_LINK_TEXT: usize = 1024;

/// What the converter produces: lines of a doc comment, or the text of a link.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Whole documentation: lines, blocks, links.
    Block,
    /// The text of a link: one line, no links, no blocks.
    Inline,
}

/// An HTML list being converted.
pub(super) struct List {
    pub(super) ordered: bool,
    pub(super) next: u32,
}

/// The converter of one text (or of the text of one link).
pub(super) struct Converter<'a> {
    pub(super) src: &'a str,
    /// `src` with ASCII letters lowered: same byte offsets, for case-blind searches.
    pub(super) lower: String,
    pub(super) i: usize,
    pub(super) mode: Mode,
    pub(super) out: Out,
    pub(super) lists: Vec<List>,
    /// Content indentation of each open list item.
    pub(super) items: Vec<usize>,
    /// Emphasis markers written and not closed yet.
    pub(super) emph: Vec<&'static str>,
    /// Emphasis markers opened but not written (waiting for text).
    pub(super) pending: Vec<&'static str>,
    /// A Markdown link to a non-URL target being reduced to its text: the position of
    /// its `]` and the end of `](target)`.
    pub(super) link_tail: Option<(usize, usize)>,
    /// Last search of each needle: its result (from a position at or before the current one).
    pub(super) finds: Vec<(&'static str, Option<usize>)>,
    /// Last line-end lookup: (from, end).
    pub(super) line_end: Option<(usize, usize)>,
    /// Backtick runs without a closing run: (length, searched from, line end).
    pub(super) tick_misses: Vec<(usize, usize, usize)>,
    /// A list item was closed and nothing has been written since.
    pub(super) item_closed: bool,
}

impl<'a> Converter<'a> {
    pub(super) fn new(src: &'a str, mode: Mode) -> Converter<'a> {
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
    pub(super) fn run(&mut self) {
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
    pub(super) fn text_run(&mut self) {
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
    pub(super) fn push(&mut self, s: &str) {
        self.emit(s, false);
    }

    /// Pushes a code span or a link (never checked for bare URLs).
    pub(super) fn push_protected(&mut self, s: &str) {
        self.emit(s, true);
    }

    /// Pushes `s`: drops layout whitespace after a tag, leaves a closed list item, writes
    /// pending emphasis markers, keeps code spans apart.
    pub(super) fn emit(&mut self, s: &str, protected: bool) {
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
    pub(super) fn cont_indent(&self) -> usize {
        self.items.last().copied().unwrap_or(0).min(3)
    }

    pub(super) fn end_line(&mut self, hard_break: bool) {
        let indent = self.cont_indent();
        self.out.end_line(hard_break, indent);
    }

    pub(super) fn blank(&mut self) {
        let indent = self.cont_indent();
        self.out.blank(indent);
        self.pending.clear();
        self.emph.clear();
        self.item_closed = false;
    }

    /// Whether a code fence may start here: nothing but whitespace (or a list marker) on
    /// the output line, a line start or a block tag just before in the source, and not in
    /// the text of a link.
    pub(super) fn at_block_start(&self) -> bool {
        self.mode == Mode::Block
            && self.link_tail.is_none()
            && (self.out.fresh != Fresh::No || self.i == 0)
            && (self.out.cur_is_marker || self.out.cur_blank())
    }

    /// The end of the source line holding `from` (the `\n` or the end of the text).
    pub(super) fn line_end(&mut self, from: usize) -> usize {
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
    pub(super) fn find(&mut self, needle: &'static str, from: usize) -> Option<usize> {
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
    pub(super) fn fence(&mut self) -> bool {
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
    pub(super) fn code_block<S: AsRef<str>>(&mut self, lines: Vec<S>) {
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
    pub(super) fn source_newline(&mut self) {
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
}
