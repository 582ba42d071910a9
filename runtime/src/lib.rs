//! Runtime shared by the generated Tencent Cloud API 3.0 crates.
//!
//! Generated crates are thin: each request type implements [`action::Action`], and the
//! [`Client`] here does the rest of a call: validation, JSON serialization exactly as
//! the official SDKs produce it, TC3-HMAC-SHA256 signing, transport, retries, rate
//! limiting and decoding of the `{"Response": ...}` envelope.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod action;
pub mod error;
pub mod validation;
