//! What can go wrong while emitting: a template error or code that does not parse.

/// An emitter failure: a template error or code that does not parse.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// A template failed to load or render.
    #[error("template error: {0}")]
    Template(String),
    /// Emitted Rust did not parse (a generator bug).
    #[error("emitted Rust for {file} does not parse: {error}")]
    Syntax {
        /// File being emitted.
        file: String,
        /// Parser message.
        error: String,
    },
}
