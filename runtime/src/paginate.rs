//! Paginators: every page (or item) of a paging action, one call a page.
//!
//! A generated paging action implements [`Paginated`], a handful of accessors saying
//! where its page position, page size and token live; `into_paginator()` on its fluent
//! builder returns a [`Paginator`], a [`Stream`] of pages (also readable with
//! [`Paginator::next_page`]), and [`Paginator::items`] one of items.
//!
//! When paging stops, by [`PageStyle`]:
//!
//! - every style: after a call fails (the error is the stream's last element);
//! - [`PageStyle::OffsetLimit`] and [`PageStyle::PageNumber`]: after the page that
//!   reaches the total the output states (the items before the first requested position
//!   count), and after an empty page; also after a page with fewer items than the page
//!   size the request states, except for an offset-style action whose output states a
//!   total (a server may cap the page size below the one asked for: the next offset is
//!   the items received, so nothing is skipped);
//! - [`PageStyle::Token`]: after a page whose next token is absent or empty.
//!
//! A server that does not advance ends the stream with [`SdkError::Pagination`] instead
//! of a page, never with a loop:
//!
//! - [`PaginationError::RepeatedToken`]: the next token is one this paginator has
//!   already sent (the page that carried it is delivered first: its items are new);
//! - [`PaginationError::EmptyPages`]: [`MAX_EMPTY_PAGES`] empty pages in a row, each
//!   with a new token (token style);
//! - [`PaginationError::RepeatedPage`]: a non-empty page has exactly the items of an
//!   earlier page of the walk, though the offset, page number or token advanced (pages
//!   A, B, A, ... or fresh tokens over the same items); the page is not delivered;
//! - [`PaginationError::EmptyBeforeTotal`]: an empty page while the total says items
//!   remain (the next request would ask for the same position again, or the total is
//!   wrong); the pages before it were delivered.
//!
//! A listing that changes while it is walked is not refused: a page that overlaps the
//! one before it (an item was inserted or removed) is not a repeat, only the same items
//! again, in the same order, are.
//!
//! Repeats are found over the whole walk in bounded memory, by 64-bit fingerprints
//! (hashes keyed per paginator, so a server cannot forge a collision) of each non-empty
//! page's items and of each token sent. The last [`MAX_REMEMBERED`] fingerprints of
//! each kind are kept exactly: a page or token equal to one of them is caught at once,
//! so a loop of up to [`MAX_REMEMBERED`] pages is stopped at its first repeat, wherever
//! in the walk it starts. A longer loop is caught by Brent's cycle detection, which
//! keeps one more fingerprint of each kind: a loop of `p` pages entered after page `m`
//! is stopped by about page `3 × max(m, p)`. A paginator thus holds at most
//! `2 ×` [`MAX_REMEMBERED`] fingerprints of 8 bytes (with the hash sets and the
//! eviction queues, under 100 KiB), however long the walk. That is the only cap: there
//! is none on the number of pages, so a listing that keeps giving new items is walked
//! to its end.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_core::Stream;

use crate::action::Action;
use crate::client::Client;
use crate::config::CallOverrides;
pub use crate::error::pagination::{PaginationError, MAX_EMPTY_PAGES};
use crate::error::SdkError;

/// How an action pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// An offset (items to skip) and a limit (page size).
    OffsetLimit,
    /// A page number and a page size.
    PageNumber,
    /// A token from the previous page.
    Token,
}

/// A paging action: where its position, size and token are, and where the items, total
/// and next token of its output are. Generated for each action whose spec has
/// `paginate:`; only the accessors its style uses are implemented.
pub trait Paginated: Action + Clone + 'static {
    /// One item of a page (serialized to fingerprint pages, see the [module](self)).
    type Item: Clone + PartialEq + serde::Serialize + Send + 'static;
    /// The paging style.
    const STYLE: PageStyle;
    /// [`PageStyle::PageNumber`]: the number of the first page.
    const FIRST_PAGE: u64 = 1;

    /// The page size the request states, if any.
    fn page_size(&self) -> Option<u64> {
        None
    }
    /// Sets the page size (no effect when the action has none).
    fn set_page_size(&mut self, size: u64) {
        let _ = size;
    }
    /// The offset ([`PageStyle::OffsetLimit`]) or page number ([`PageStyle::PageNumber`])
    /// the request states, if any.
    fn position(&self) -> Option<u64> {
        None
    }
    /// Sets the offset or page number.
    fn set_position(&mut self, position: u64) {
        let _ = position;
    }
    /// [`PageStyle::Token`]: the token the request states, if any.
    fn token(&self) -> Option<&str> {
        None
    }
    /// [`PageStyle::Token`]: sets the token.
    fn set_token(&mut self, token: String) {
        let _ = token;
    }
    /// The page's items.
    fn items(output: &Self::Output) -> &[Self::Item];
    /// The page's items, taken.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
    /// The number of items in all pages, when the output states it.
    fn total(output: &Self::Output) -> Option<u64> {
        let _ = output;
        None
    }
    /// [`PageStyle::Token`]: the next page's token, when the output has one.
    fn next_token(output: &Self::Output) -> Option<&str> {
        let _ = output;
        None
    }
}

/// The fingerprints of the latest pages, and of the latest tokens, that a paginator
/// keeps exactly (8 bytes each); longer loops are found by Brent's algorithm in
/// constant memory. See the [module](self).
pub const MAX_REMEMBERED: usize = 1024;

/// Whether a walk has seen a value before, by its fingerprint, in bounded memory: the
/// latest [`MAX_REMEMBERED`] exactly, and any loop, however long, by Brent's cycle
/// detection, which compares each value with one kept fingerprint and keeps a new one
/// after 1, 2, 4, ... values, so that a loop is caught once the span reaches its length.
#[derive(Debug)]
struct Seen {
    /// The latest fingerprints, as a set and in the order they came (all distinct: a
    /// repeat ends the walk).
    recent: HashSet<u64>,
    order: VecDeque<u64>,
    /// The fingerprint later ones are compared with (Brent's "tortoise").
    mark: Option<u64>,
    /// Values since `mark` was taken.
    steps: u64,
    /// Values after which the next mark is taken.
    span: u64,
}

impl Seen {
    fn new() -> Self {
        Seen { recent: HashSet::new(), order: VecDeque::new(), mark: None, steps: 0, span: 1 }
    }

    /// Records `fingerprint`; `true` when it was seen before (among the latest, or as
    /// the mark).
    fn repeats(&mut self, fingerprint: u64) -> bool {
        if self.mark == Some(fingerprint) || self.recent.contains(&fingerprint) {
            return true;
        }
        if self.order.len() >= MAX_REMEMBERED {
            if let Some(oldest) = self.order.pop_front() {
                self.recent.remove(&oldest);
            }
        }
        self.order.push_back(fingerprint);
        self.recent.insert(fingerprint);
        self.steps += 1;
        if self.steps >= self.span {
            self.mark = Some(fingerprint);
            self.span = self.span.saturating_mul(2);
            self.steps = 0;
        }
        false
    }
}

/// Feeds what is written into a hasher: a value is fingerprinted as it serializes,
/// without being copied.
struct HashWriter<H: Hasher>(H);

impl<H: Hasher> std::io::Write for HashWriter<H> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fingerprint of `items` as JSON, keyed by `keys`; `None` if they do not serialize.
fn page_fingerprint<T: serde::Serialize>(keys: &RandomState, items: &[T]) -> Option<u64> {
    let mut writer = HashWriter(keys.build_hasher());
    serde_json::to_writer(&mut writer, items).ok()?;
    Some(writer.0.finish())
}

/// A page, or why there is none.
pub type PageResult<A> = Result<<A as Action>::Output, SdkError<<A as Action>::Error>>;
/// An item, or why paging stopped.
pub type ItemResult<A> = Result<<A as Paginated>::Item, SdkError<<A as Action>::Error>>;

type Call<A> = Pin<Box<dyn Future<Output = Result<<A as Action>::Output, SdkError<<A as Action>::Error>>> + Send>>;

enum State<A: Paginated> {
    /// The next request is ready to send.
    Ready,
    /// A call is under way.
    Waiting(Call<A>),
    /// Nothing more to read.
    Done,
}

/// A [`Stream`] of the pages of a paging action; see the [module](self) for when it
/// stops.
pub struct Paginator<A: Paginated> {
    client: Client,
    /// Settings replaced for every page's call.
    overrides: CallOverrides,
    /// The next request; `None` when it could not be built.
    request: Option<A>,
    /// A request that could not be built, returned on the first poll.
    failed: Option<SdkError<A::Error>>,
    state: State<A>,
    /// Pages received.
    pages: u64,
    /// Items before the first requested position; `None` until the first request.
    base: Option<u64>,
    /// Items received.
    seen: u64,
    /// The key of the fingerprints of pages and tokens.
    keys: RandomState,
    /// Fingerprints of the non-empty pages received.
    pages_seen: Seen,
    /// Fingerprints of the tokens sent (token style).
    tokens: Seen,
    /// Empty pages in a row (token style).
    empty_run: u32,
}

impl<A: Paginated> std::fmt::Debug for Paginator<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator").field("style", &A::STYLE).field("pages", &self.pages).finish_non_exhaustive()
    }
}

impl<A: Paginated> Paginator<A> {
    /// Pages through `request` (or returns its build error first) with `client`.
    pub fn new(client: Client, request: Result<A, SdkError<A::Error>>) -> Self {
        let (request, failed) = match request {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        };
        Paginator {
            client,
            overrides: CallOverrides::default(),
            state: if request.is_some() { State::Ready } else { State::Done },
            request,
            failed,
            pages: 0,
            base: None,
            seen: 0,
            keys: RandomState::new(),
            pages_seen: Seen::new(),
            tokens: Seen::new(),
            empty_run: 0,
        }
    }

    /// Replaces some of the client's settings for every page's call (see
    /// [`Client::call_with`]).
    pub fn with_overrides(mut self, overrides: CallOverrides) -> Self {
        self.overrides = overrides;
        self
    }

    /// Sets the page size of every request (the request's own limit member); no effect
    /// for an action without one.
    pub fn page_size(mut self, size: u64) -> Self {
        if let Some(r) = &mut self.request {
            r.set_page_size(size);
        }
        self
    }

    /// The items of every page, in order, as a [`Stream`].
    pub fn items(self) -> Items<A> {
        Items { pages: self, buffer: VecDeque::new() }
    }

    /// The next page: `None` once paging has stopped.
    pub async fn next_page(&mut self) -> Option<PageResult<A>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<PageResult<A>>> {
        if let Some(e) = self.failed.take() {
            self.state = State::Done;
            return Poll::Ready(Some(Err(e)));
        }
        loop {
            match &mut self.state {
                State::Done => return Poll::Ready(None),
                State::Ready => {
                    let Some(request) = self.request.clone() else {
                        self.state = State::Done;
                        continue;
                    };
                    if self.base.is_none() {
                        self.base = Some(start(&request));
                        // A caller's starting token counts as sent.
                        if let Some(token) = request.token().filter(|t| !t.is_empty()) {
                            self.tokens.repeats(self.keys.hash_one(token));
                        }
                    }
                    let client = self.client.clone();
                    let overrides = self.overrides.clone();
                    self.state = State::Waiting(Box::pin(async move { client.call_with(&request, &overrides).await }));
                }
                State::Waiting(call) => {
                    let result = match call.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(r) => r,
                    };
                    self.state = State::Done;
                    let output = match result {
                        Ok(o) => o,
                        Err(e) => return Poll::Ready(Some(Err(e))),
                    };
                    self.pages += 1;
                    return Poll::Ready(Some(match self.advance(&output) {
                        Ok(more) => {
                            if more {
                                self.state = State::Ready;
                            }
                            Ok(output)
                        }
                        // A repeated token came with a new page: deliver it, then the error.
                        Err(e @ PaginationError::RepeatedToken { .. }) => {
                            self.failed = Some(SdkError::Pagination(e));
                            Ok(output)
                        }
                        Err(e) => Err(SdkError::Pagination(e)),
                    }));
                }
            }
        }
    }

    /// Takes in a page: `Ok(true)` to request another, `Ok(false)` to stop, or an error
    /// when the server did not advance. Prepares the next request.
    fn advance(&mut self, output: &A::Output) -> Result<bool, PaginationError> {
        let Some(request) = &mut self.request else { return Ok(false) };
        let items = A::items(output);
        let n = items.len() as u64;
        if n > 0 && page_fingerprint(&self.keys, items).is_some_and(|f| self.pages_seen.repeats(f)) {
            return Err(PaginationError::RepeatedPage { page: self.pages });
        }
        if A::STYLE == PageStyle::Token {
            self.seen = self.seen.saturating_add(n);
            let Some(next) = A::next_token(output).filter(|t| !t.is_empty()) else { return Ok(false) };
            self.empty_run = if n == 0 { self.empty_run.saturating_add(1) } else { 0 };
            if self.empty_run >= MAX_EMPTY_PAGES {
                return Err(PaginationError::EmptyPages { page: self.pages });
            }
            if self.tokens.repeats(self.keys.hash_one(next)) {
                return Err(PaginationError::RepeatedToken { page: self.pages });
            }
            request.set_token(next.to_owned());
            return Ok(true);
        }
        let reached = self.base.unwrap_or(0).saturating_add(self.seen);
        let total = A::total(output);
        if n == 0 {
            return match total {
                Some(total) if reached < total => Err(PaginationError::EmptyBeforeTotal { position: reached, total }),
                _ => Ok(false),
            };
        }
        self.seen = self.seen.saturating_add(n);
        let reached = reached.saturating_add(n);
        let short = request.page_size().is_some_and(|size| n < size);
        let short_ends = !(A::STYLE == PageStyle::OffsetLimit && total.is_some());
        if total.is_some_and(|t| reached >= t) || (short && short_ends) {
            return Ok(false);
        }
        let next = match A::STYLE {
            PageStyle::OffsetLimit => reached,
            _ => request.position().unwrap_or(A::FIRST_PAGE).saturating_add(1),
        };
        request.set_position(next);
        Ok(true)
    }
}

/// Items before the first position `request` asks for.
fn start<A: Paginated>(request: &A) -> u64 {
    match A::STYLE {
        PageStyle::OffsetLimit => request.position().unwrap_or(0),
        PageStyle::PageNumber => {
            let page = request.position().unwrap_or(A::FIRST_PAGE).saturating_sub(A::FIRST_PAGE);
            request.page_size().map_or(0, |size| page.saturating_mul(size))
        }
        PageStyle::Token => 0,
    }
}

impl<A: Paginated> Unpin for Paginator<A> {}

impl<A: Paginated> Stream for Paginator<A> {
    type Item = PageResult<A>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// A [`Stream`] of the items of every page of a [`Paginator`], in order.
pub struct Items<A: Paginated> {
    pages: Paginator<A>,
    buffer: VecDeque<A::Item>,
}

impl<A: Paginated> std::fmt::Debug for Items<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).field("buffered", &self.buffer.len()).finish()
    }
}

impl<A: Paginated> Items<A> {
    /// The next item: `None` once paging has stopped and every item was returned.
    pub async fn next_item(&mut self) -> Option<ItemResult<A>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<ItemResult<A>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Ready(Some(Ok(page))) => self.buffer.extend(A::into_items(page)),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<A: Paginated> Unpin for Items<A> {}

impl<A: Paginated> Stream for Items<A> {
    type Item = ItemResult<A>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `values` hold a repeat `seen` catches, and at which position.
    fn caught(values: impl Iterator<Item = u64>) -> Option<usize> {
        let mut seen = Seen::new();
        values.take(200_000).position(|v| seen.repeats(v))
    }

    #[test]
    fn seen_keeps_at_most_its_cap() {
        let mut seen = Seen::new();
        for v in 0..100_000u64 {
            assert!(!seen.repeats(v), "{v} is new");
        }
        assert_eq!((seen.recent.len(), seen.order.len()), (MAX_REMEMBERED, MAX_REMEMBERED));
        // One of the latest values is a repeat.
        assert!(seen.repeats(99_000));
    }

    #[test]
    fn a_short_loop_is_caught_at_its_first_repeat_wherever_it_starts() {
        let walk = (0..100_000u64).chain((0..).map(|i| 200_000 + i % 37));
        assert_eq!(caught(walk), Some(100_000 + 37));
    }

    #[test]
    fn a_loop_longer_than_the_cap_is_caught_within_three_times_its_reach() {
        let (start, length) = (10, MAX_REMEMBERED + 904);
        let walk = (0..start as u64).chain((0..).map(|i| 1_000_000 + i % length as u64));
        let at = caught(walk).expect("caught");
        assert!(at >= start + length && at < 3 * (start + length), "{at}");
    }

    #[test]
    fn page_fingerprints_depend_on_the_items_and_their_order() {
        let keys = RandomState::new();
        let f = |items: &[&str]| page_fingerprint(&keys, items);
        assert_eq!(f(&["a", "b"]), f(&["a", "b"]));
        assert_ne!(f(&["a", "b"]), f(&["b", "a"]));
        assert_ne!(f(&["ab"]), f(&["a", "b"]));
    }
}
