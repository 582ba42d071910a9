//! Rustdoc-safe Markdown from the documentation text of Tencent Cloud API descriptions.
//!
//! The descriptions mix Markdown and HTML, written by many hands. [`rustdoc_markdown`]
//! rewrites them so that rustdoc renders them without a warning and finds no doctest.

mod convert;
mod escape;
mod html;
mod inline;
mod lines;
mod out;
mod render;
#[cfg(test)]
mod tests;
mod urls;

use std::borrow::Cow;

use convert::{Converter, Mode};
pub use render::{render, render_field, wrap};

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
