//! Strings kept for the life of the program, so that the header values and URI of a
//! destination are copied into each request without touching a shared reference count.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

/// `text` kept for the life of the program (the same string for every equal text), or
/// `None` past the limits of [`INTERNED`].
pub(super) fn get(text: &str) -> Option<&'static str> {
    INTERNED.get(text)
}

/// The strings the destinations' header values and URIs are made of, program-wide.
static INTERNED: Interned = Interned::new(1024, 256);

/// Strings kept for the life of the program, one per distinct text, up to a limit.
///
/// A destination's header values and URI are copied into every request. Made from a
/// `&'static` string, such a copy and its drop are a pointer copy; made from an owned
/// one, they increment and decrement a reference count that every thread sharing the
/// client writes, and the counter's cache line goes back and forth between them
/// (BENCHMARKS.md, section 1, "Threads sharing a client"). The strings are the hosts,
/// URIs, API versions, regions, language and request-client name in use: a handful in
/// a program. The limits bound what is kept however many clients and destinations
/// come and go; past them, values are owned, as before.
#[derive(Debug)]
struct Interned {
    kept: Mutex<BTreeSet<&'static str>>,
    max_count: usize,
    max_len: usize,
}

impl Interned {
    const fn new(max_count: usize, max_len: usize) -> Self {
        Interned { kept: Mutex::new(BTreeSet::new()), max_count, max_len }
    }

    /// `text` kept for the life of the program (the same string for every equal text),
    /// or `None` once `max_count` strings are kept or when it is longer than `max_len`.
    fn get(&self, text: &str) -> Option<&'static str> {
        if text.len() > self.max_len {
            return None;
        }
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&text) = kept.get(text) {
            return Some(text);
        }
        if kept.len() >= self.max_count {
            return None;
        }
        let text: &'static str = Box::leak(text.into());
        kept.insert(text);
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_stops_at_its_limits() {
        let interned = Interned::new(2, 8);
        let first = interned.get("ap-one").unwrap();
        assert!(std::ptr::eq(first, interned.get("ap-one").unwrap()), "one string per text");
        assert_eq!(interned.get("longer-than-8"), None);
        assert!(interned.get("8 bytes!").is_some(), "as long as the limit: kept");
        assert_eq!(interned.get("ap-three"), None, "at most 2");
        assert!(std::ptr::eq(first, interned.get("ap-one").unwrap()), "the kept ones stay");
    }
}
