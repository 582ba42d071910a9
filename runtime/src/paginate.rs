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
//! - [`PaginationError::RepeatedPage`]: a non-empty page has exactly the items of the
//!   page before it (the offset or page number was ignored);
//! - [`PaginationError::EmptyBeforeTotal`]: an empty page while the total says items
//!   remain (the next request would ask for the same position again, or the total is
//!   wrong); the pages before it were delivered.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_core::Stream;

use crate::action::Action;
use crate::client::Client;
use crate::config::CallOverrides;
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
    /// One item of a page.
    type Item: Clone + PartialEq + Send + 'static;
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

/// The server did not advance: paging stopped rather than loop.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaginationError {
    /// The next token of page `page` (counted from 1) was already sent.
    #[error("paging did not advance: page {page} returned a next token already sent")]
    RepeatedToken {
        /// The page, counted from 1 in this traversal.
        page: u64,
    },
    /// Page `page` has exactly the items of the page before it.
    #[error("paging did not advance: page {page} repeats the page before it")]
    RepeatedPage {
        /// The page, counted from 1 in this traversal.
        page: u64,
    },
    /// An empty page at item position `position` while the output's total is `total`.
    #[error("paging did not advance: an empty page at item {position} while the total is {total}")]
    EmptyBeforeTotal {
        /// Items before the empty page (from the start of the list).
        position: u64,
        /// The total the output stated.
        total: u64,
    },
    /// [`MAX_EMPTY_PAGES`] empty pages in a row, each with a new next token, ending at
    /// page `page`.
    #[error("paging did not advance: {MAX_EMPTY_PAGES} empty pages in a row up to page {page}, each with a new token")]
    EmptyPages {
        /// The page, counted from 1 in this traversal.
        page: u64,
    },
}

/// Empty pages in a row after which a token-style traversal gives up
/// ([`PaginationError::EmptyPages`]).
pub const MAX_EMPTY_PAGES: u32 = 8;

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
    /// The previous page's items (offset and page-number styles).
    previous: Option<Vec<A::Item>>,
    /// Tokens sent (token style).
    tokens: HashSet<String>,
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
            previous: None,
            tokens: HashSet::new(),
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
                            self.tokens.insert(token.to_owned());
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
        if A::STYLE == PageStyle::Token {
            self.seen = self.seen.saturating_add(n);
            let Some(next) = A::next_token(output).filter(|t| !t.is_empty()) else { return Ok(false) };
            self.empty_run = if n == 0 { self.empty_run.saturating_add(1) } else { 0 };
            if self.empty_run >= MAX_EMPTY_PAGES {
                return Err(PaginationError::EmptyPages { page: self.pages });
            }
            if !self.tokens.insert(next.to_owned()) {
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
        if self.previous.as_deref() == Some(items) {
            return Err(PaginationError::RepeatedPage { page: self.pages });
        }
        self.previous = Some(items.to_vec());
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
