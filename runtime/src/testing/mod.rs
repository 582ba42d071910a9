//! The test helpers (feature `test-util`), re-exported at the crate root under their
//! public names: [`test_util`] (the replay fixture format, `ReplayTransport`,
//! `CapturingTransport`), [`record`] (`RecordingTransport`, which writes fixtures),
//! [`mock`] (typed mock rules) and [`examples`] (the replay of the specs' examples that
//! generated crates run). They serve tests, of this crate and of others; production
//! code does not use them.

pub mod examples;
pub mod mock;
pub mod record;
pub mod test_util;
