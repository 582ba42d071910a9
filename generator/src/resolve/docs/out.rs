//! The output under construction: finished lines, the current one, and the layout
//! rules applied when the text is finished.

use super::lines::{can_end_with_break, is_delimiter_row, is_setext_underline, normalize_line, starts_block};
use super::urls::wrap_bare_urls;

/// What came just before the current (still blank) output line.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Fresh {
    /// Text: the line is not fresh.
    No,
    /// A tag that broke the line (`<br>`, `<p>`, `<div>`, …).
    Tag,
    /// A newline of the source.
    Newline,
}

/// One finished output line.
pub(super) struct Line {
    pub(super) text: String,
    /// Ended by `<br>` or a block tag: gets a trailing `\` when text follows.
    pub(super) hard_break: bool,
    /// A line of a code block, taken as is.
    pub(super) raw: bool,
}

impl Line {
    pub(super) fn blank() -> Line {
        Line { text: String::new(), hard_break: false, raw: false }
    }
}

/// The output under construction: finished lines and the current one.
pub(super) struct Out {
    pub(super) lines: Vec<Line>,
    pub(super) cur: String,
    /// The current line has a non-whitespace char.
    pub(super) has_text: bool,
    /// The current line holds only a list marker written for `<li>`.
    pub(super) cur_is_marker: bool,
    pub(super) fresh: Fresh,
    /// Bare URLs in text become autolinks (not in the text of a link).
    pub(super) wrap_urls: bool,
    /// Where the text of `cur` not yet checked for bare URLs starts.
    pub(super) plain: usize,
}

impl Out {
    pub(super) fn new(wrap_urls: bool) -> Out {
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

    pub(super) fn cur_blank(&self) -> bool {
        !self.has_text
    }

    /// The current line has text (not only whitespace or a list marker).
    pub(super) fn has_content(&self) -> bool {
        !self.cur_is_marker && !self.cur_blank()
    }

    /// Pushes text (checked for bare URLs once its run of text ends).
    pub(super) fn push(&mut self, s: &str) {
        self.cur.push_str(s);
        if s.chars().any(|c| !c.is_whitespace()) {
            self.has_text = true;
            self.fresh = Fresh::No;
            self.cur_is_marker = false;
        }
    }

    /// Pushes a code span or a link: Markdown that rustdoc does not see as text.
    pub(super) fn push_protected(&mut self, s: &str) {
        self.wrap_pending_urls();
        self.push(s);
        self.plain = self.cur.len();
    }

    /// Wraps the bare URLs of the text pushed since the last code span or link. Done on
    /// whole runs of text, so that a URL split by a dropped tag is still found.
    pub(super) fn wrap_pending_urls(&mut self) {
        if self.wrap_urls {
            if let Some(wrapped) = wrap_bare_urls(&self.cur[self.plain..]) {
                self.cur.truncate(self.plain);
                self.cur.push_str(&wrapped);
            }
        }
        self.plain = self.cur.len();
    }

    /// Replaces the current line by `prefix` (indentation or a list marker).
    pub(super) fn start_line(&mut self, prefix: &str) {
        self.cur.clear();
        self.cur.push_str(prefix);
        self.has_text = !prefix.trim().is_empty();
        self.plain = 0;
    }

    /// Whether the current line ends with `ch` that is not backslash-escaped.
    pub(super) fn ends_with_unescaped(&self, ch: char) -> bool {
        self.cur.strip_suffix(ch).is_some_and(|rest| (rest.len() - rest.trim_end_matches('\\').len()) % 2 == 0)
    }

    /// How many unescaped `~` end the current line.
    pub(super) fn trailing_tildes(&self) -> usize {
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
    pub(super) fn defuse_bang(&mut self, drop: bool) {
        if self.ends_with_unescaped('!') {
            self.cur.pop();
            self.plain = self.plain.min(self.cur.len());
            if !drop {
                self.cur.push_str("\\!");
            }
        }
    }

    /// Drops trailing whitespace from the current line.
    pub(super) fn trim_cur_end(&mut self) {
        let kept = self.cur.trim_end().len();
        self.cur.truncate(kept);
        self.plain = self.plain.min(kept);
    }

    /// Finishes the current line (dropped when blank or only a list marker) and starts
    /// the next one with `indent` spaces.
    pub(super) fn end_line(&mut self, hard_break: bool, indent: usize) {
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
    pub(super) fn blank(&mut self, indent: usize) {
        self.end_line(false, indent);
        if self.last_has_text() {
            self.lines.push(Line::blank());
        }
    }

    pub(super) fn last_has_text(&self) -> bool {
        self.lines.last().is_some_and(|l| !l.text.is_empty())
    }

    /// Adds a line of a code block, as is.
    pub(super) fn raw(&mut self, text: String) {
        self.lines.push(Line { text, hard_break: false, raw: true });
    }

    /// Appends a closing emphasis marker before the trailing whitespace of the line.
    pub(super) fn close_marker(&mut self, marker: &str) {
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
    pub(super) fn finish(mut self) -> String {
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

/// Which lines belong to a Markdown table: a header row, a delimiter row (`|---|---|`),
/// and the rows with a `|` that follow.
pub(super) fn table_lines(lines: &[Line]) -> Vec<bool> {
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
