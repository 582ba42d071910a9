//! [`BoxFuture`], the future type of the runtime's traits ([`Transport`](crate::Transport),
//! [`ProvideCredentials`](crate::ProvideCredentials)). A leaf: it depends on nothing
//! else in the crate, so every module can use it.

use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
