//! [`PaginationError`]: a paginator ([`crate::paginate`]) stopped because the server
//! did not advance.

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
    /// Page `page` has exactly the items of an earlier page of the walk.
    #[error("paging did not advance: page {page} repeats an earlier page")]
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
