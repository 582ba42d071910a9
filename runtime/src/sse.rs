//! An incremental parser of server-sent events (`text/event-stream`), as the HTML
//! standard defines the format, for the actions that stream their reply (hunyuan's
//! `ChatCompletions` with `Stream: true`, trtc's `TextToSpeechSSE`).
//!
//! Bytes are pushed as they arrive, split anywhere (inside a line end, a field name or
//! a UTF-8 sequence); complete events come out of [`SseParser::next_event`]:
//!
//! - a line ends with `\r\n`, `\n` or `\r` (a `\r` ending one chunk and a `\n` starting
//!   the next are one line end);
//! - `field: value` sets a field (one space after the colon is removed), a line without
//!   a colon is a field with an empty value, a line starting with `:` is a comment
//!   (heartbeats), and unknown fields are ignored;
//! - `data` lines are joined with `\n`; a blank line ends the event, which is delivered
//!   only if it had a `data` line;
//! - `event`, `id` and `retry` (digits only) are kept with the event they belong to;
//! - a leading byte-order mark is skipped, and text that is not UTF-8 is decoded with
//!   replacement characters, as browsers do.
//!
//! The data `[DONE]` ends a stream in the OpenAI style: [`SseEvent::is_done`]. The
//! parser holds at most `max_event_bytes` of one event (its fields and the line being
//! read); a longer event is [`SseError::EventTooLarge`], however long the stream.

use std::collections::VecDeque;

/// One event of a stream.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SseEvent {
    /// The `event` field (the event's type), if it had one.
    pub event: Option<String>,
    /// The `data` lines, joined with `\n`.
    pub data: String,
    /// The `id` field of this event, if it had one.
    pub id: Option<String>,
    /// The `retry` field (milliseconds), if it had a valid one.
    pub retry: Option<u64>,
}

impl SseEvent {
    /// An event with `data` and no other field.
    pub fn new(data: impl Into<String>) -> Self {
        SseEvent { data: data.into(), ..SseEvent::default() }
    }

    /// The same event with its type set.
    pub fn with_event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// The same event with its id set.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Whether this is the `[DONE]` marker that ends an OpenAI-style stream.
    pub fn is_done(&self) -> bool {
        self.data == DONE
    }
}

/// The data that marks the end of an OpenAI-style stream.
pub const DONE: &str = "[DONE]";

/// Why a stream could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SseError {
    /// One event (its fields and the line being read) grew beyond the limit.
    #[error("a server-sent event exceeds the limit of {limit} bytes (max_event_bytes)")]
    EventTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

/// The incremental parser: [`push`](SseParser::push) bytes, take
/// [`next_event`](SseParser::next_event)s, and [`finish`](SseParser::finish) at the
/// end of the body.
#[derive(Debug, Clone)]
pub struct SseParser {
    max_event_bytes: usize,
    /// The bytes of the line being read.
    line: Vec<u8>,
    /// Whether the last byte pushed was a `\r`: a `\n` next is part of that line end.
    after_cr: bool,
    /// Whether the first line is still to be read (its byte-order mark is skipped).
    first_line: bool,
    /// The event being read.
    pending: SseEvent,
    /// Whether the event being read has a `data` line.
    has_data: bool,
    /// Events complete and not yet taken.
    ready: VecDeque<SseEvent>,
    /// Set once the limit was exceeded: the parser accepts nothing more.
    failed: bool,
}

impl SseParser {
    /// A parser holding at most `max_event_bytes` of one event.
    pub fn new(max_event_bytes: usize) -> Self {
        SseParser {
            max_event_bytes,
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            pending: SseEvent::default(),
            has_data: false,
            ready: VecDeque::new(),
            failed: false,
        }
    }

    /// Reads `chunk`, the next bytes of the stream; the events it completes are then
    /// available from [`next_event`](SseParser::next_event). Fails, and keeps failing,
    /// once an event grows beyond the limit.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), SseError> {
        if self.failed {
            return Err(self.too_large());
        }
        let mut rest = chunk;
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if rest[0] == b'\n' {
                rest = &rest[1..];
            }
        }
        while let Some(at) = memchr::memchr2(b'\r', b'\n', rest) {
            if self.line.is_empty() {
                self.check(at)?;
                self.line_done(&rest[..at]);
            } else {
                self.line.extend_from_slice(&rest[..at]);
                self.check(0)?;
                let line = std::mem::take(&mut self.line);
                self.line_done(&line);
                self.line = line;
                self.line.clear();
            }
            let crlf = rest[at] == b'\r' && rest.get(at + 1) == Some(&b'\n');
            if rest[at] == b'\r' && at + 1 == rest.len() {
                self.after_cr = true;
            }
            rest = &rest[at + if crlf { 2 } else { 1 }..];
        }
        self.line.extend_from_slice(rest);
        self.check(0)
    }

    /// The next complete event, if any.
    pub fn next_event(&mut self) -> Option<SseEvent> {
        self.ready.pop_front()
    }

    /// Ends the stream: the line being read ends there, and an event that has data but
    /// no blank line after it is returned. Take the complete events
    /// ([`next_event`](SseParser::next_event)) first.
    pub fn finish(&mut self) -> Result<Option<SseEvent>, SseError> {
        if self.failed {
            return Err(self.too_large());
        }
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.line_done(&line);
        }
        self.after_cr = false;
        let event = std::mem::take(&mut self.pending);
        Ok(std::mem::take(&mut self.has_data).then_some(event))
    }

    fn too_large(&self) -> SseError {
        SseError::EventTooLarge { limit: self.max_event_bytes }
    }

    /// Fails when the event being read, with the line being read and `more` bytes, is
    /// over the limit.
    fn check(&mut self, more: usize) -> Result<(), SseError> {
        let event = &self.pending;
        let held = self.line.len()
            + more
            + event.data.len()
            + event.event.as_ref().map_or(0, String::len)
            + event.id.as_ref().map_or(0, String::len);
        if held > self.max_event_bytes {
            self.failed = true;
            self.line = Vec::new();
            self.pending = SseEvent::default();
            return Err(self.too_large());
        }
        Ok(())
    }

    /// Interprets one complete line (without its line end).
    fn line_done(&mut self, line: &[u8]) {
        let mut line = line;
        if std::mem::take(&mut self.first_line) {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        let (name, value) = match memchr::memchr(b':', line) {
            Some(0) => return, // a comment
            Some(at) => {
                let value = &line[at + 1..];
                (&line[..at], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let text = String::from_utf8_lossy(value);
        match name {
            b"data" => {
                if std::mem::replace(&mut self.has_data, true) {
                    self.pending.data.push('\n');
                }
                self.pending.data.push_str(&text);
            }
            b"event" => self.pending.event = Some(text.into_owned()),
            // An id with a NUL is ignored, as the standard says.
            b"id" if !value.contains(&0) => self.pending.id = Some(text.into_owned()),
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.pending.retry = text.parse().ok();
            }
            _ => {}
        }
    }

    /// Ends the event being read at a blank line.
    fn dispatch(&mut self) {
        let event = std::mem::take(&mut self.pending);
        if std::mem::take(&mut self.has_data) {
            self.ready.push_back(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Result<Vec<SseEvent>, SseError> {
        let mut parser = SseParser::new(1024);
        let mut out = Vec::new();
        for chunk in chunks {
            parser.push(chunk)?;
            out.extend(std::iter::from_fn(|| parser.next_event()));
        }
        out.extend(parser.finish()?);
        Ok(out)
    }

    fn data(events: &[SseEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn fields_lines_and_comments_follow_the_standard() {
        let text = b": heartbeat\r\n\r\ndata: one\ndata:two\ndata\n\nevent: add\nid: 7\nretry: 3000\ndata:  spaced\r\r\
            data: x\nretry: soon\nunknown: field\n\nevent: empty\n\n:only a comment\n\n";
        let events = parse(&[text]).unwrap();
        assert_eq!(data(&events), ["one\ntwo\n", " spaced", "x"]);
        assert_eq!(
            events[1],
            SseEvent { event: Some("add".into()), data: " spaced".into(), id: Some("7".into()), retry: Some(3000) }
        );
        assert_eq!(events[2].retry, None, "retry must be digits");
        assert_eq!(events[2].event, None, "the type belongs to its own event");
    }

    #[test]
    fn a_line_end_split_across_chunks_is_one_line_end() {
        let events = parse(&[b"data: a\r", b"", b"\ndata: b\r", b"\r", b"data: c\r", b"", b"\n\r\n"]).unwrap();
        assert_eq!(data(&events), ["a\nb", "c"]);
    }

    #[test]
    fn utf8_split_inside_a_character_and_a_bom_are_handled() {
        let text = "\u{feff}data: 你好\n\n".as_bytes();
        let (a, b) = text.split_at(11);
        assert_eq!(data(&parse(&[a, b]).unwrap()), ["你好"]);
        assert_eq!(data(&parse(&[b"data: \xff\n\n"]).unwrap()), ["\u{fffd}"]);
    }

    #[test]
    fn a_pending_event_is_delivered_at_the_end_and_done_is_recognized() {
        let events = parse(&[b"data: 1\n\ndata: [DONE]"]).unwrap();
        assert_eq!(data(&events), ["1", "[DONE]"]);
        assert!(!events[0].is_done());
        assert!(events[1].is_done());
        assert!(parse(&[b"event: x\nid: 1"]).unwrap().is_empty(), "no data: not delivered");
    }

    #[test]
    fn the_limit_is_per_event() {
        let mut parser = SseParser::new(16);
        // Many small events: far more than the limit in all.
        for _ in 0..100 {
            parser.push(b"data: 0123456789\n\n").unwrap();
            assert_eq!(parser.next_event().unwrap().data, "0123456789");
        }
        // One event of two data lines over the limit.
        assert_eq!(parser.push(b"data: 0123456789\ndata: 01234"), Err(SseError::EventTooLarge { limit: 16 }));
        assert!(parser.push(b"\n\n").is_err(), "stays failed");
        assert!(parser.finish().is_err());
        // A single line over the limit, even without its end.
        let mut parser = SseParser::new(16);
        assert!(parser.push(&[b'x'; 17]).is_err());
    }
}
