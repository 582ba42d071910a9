//! The service-wide error: `error.rs` with `ErrorCode` (every code the service
//! documents, each with its description, plus `Unhandled`) and `Error` (a code with the
//! server's message and request id), the error of every action without its own enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::rust::{doc, spec_text};
use crate::ir::{Retry, Service};

/// `error.rs` of the service crate.
pub fn error_module(service: &Service) -> TokenStream {
    let codes = &service.codes;
    let variants = codes.iter().map(|e| {
        let v = format_ident!("{}", e.variant);
        let d = doc(&format!("`{}`: {}", e.code, spec_text(&e.doc)));
        quote! { #d #v, }
    });
    let idents: Vec<_> = codes.iter().map(|e| format_ident!("{}", e.variant)).collect();
    let strings: Vec<&str> = codes.iter().map(|e| e.code.as_str()).collect();
    let docs: Vec<String> = codes.iter().map(|e| e.doc.clone()).collect();
    let by_retry = |kind: Retry| -> Vec<proc_macro2::Ident> {
        codes.iter().filter(|e| e.retry == Some(kind)).map(|e| format_ident!("{}", e.variant)).collect()
    };
    let throttling = by_retry(Retry::Throttling);
    let transient = by_retry(Retry::Transient);
    let throttling_arm = (!throttling.is_empty()).then(|| {
        quote! { #(ErrorCode::#throttling)|* => Some(RetryKind::Throttling), }
    });
    let transient_arm = (!transient.is_empty()).then(|| {
        quote! { #(ErrorCode::#transient)|* => Some(RetryKind::Transient), }
    });
    let code_doc = doc(&format!(
        "Every error code {} documents: the codes common to all Tencent Cloud APIs and the\nservice's own, each with its description. Codes the server sends that this version\nof the crate does not know are [`ErrorCode::Unhandled`]; the code itself is kept in\nthe [`Error`].",
        service.name
    ));
    quote! {
        use std::fmt;

        use tencentcloud_runtime::error::{ErrorMetadata, RetryKind, ServiceError};

        #code_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#variants)*
            /// A code this version of the crate does not know.
            Unhandled,
        }

        impl ErrorCode {
            /// The code for `code` as the server sends it; [`ErrorCode::Unhandled`] if unknown.
            pub fn from_code(code: &str) -> ErrorCode {
                match code {
                    #(#strings => ErrorCode::#idents,)*
                    _ => ErrorCode::Unhandled,
                }
            }

            /// The code as the server sends it; `None` for [`ErrorCode::Unhandled`].
            pub fn as_str(self) -> Option<&'static str> {
                match self {
                    #(ErrorCode::#idents => Some(#strings),)*
                    ErrorCode::Unhandled => None,
                }
            }

            /// The documented meaning of the code.
            pub fn description(self) -> &'static str {
                match self {
                    #(ErrorCode::#idents => #docs,)*
                    ErrorCode::Unhandled => "A code this version of the crate does not know.",
                }
            }

            /// Whether and how a call that failed with this code may be retried.
            pub fn retry_kind(self) -> Option<RetryKind> {
                match self {
                    #throttling_arm
                    #transient_arm
                    _ => None,
                }
            }
        }

        /// An error the service answered: its [`ErrorCode`] with the code, message and
        /// request id as sent. The error of every action without its own error enum.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Error {
            code: ErrorCode,
            meta: ErrorMetadata,
        }

        impl Error {
            /// The known code, or [`ErrorCode::Unhandled`].
            pub fn kind(&self) -> ErrorCode {
                self.code
            }

            /// Code, message and request id of the error envelope.
            pub fn meta(&self) -> &ErrorMetadata {
                &self.meta
            }

            /// The error code as the server sent it.
            pub fn code(&self) -> &str {
                self.meta.code()
            }

            /// The message as the server sent it.
            pub fn message(&self) -> &str {
                self.meta.message()
            }

            /// The `RequestId` of the failed call.
            pub fn request_id(&self) -> Option<&str> {
                self.meta.request_id()
            }

            /// Whether the code is one this version of the crate does not know.
            pub fn is_unhandled(&self) -> bool {
                self.code == ErrorCode::Unhandled
            }
        }

        impl fmt::Display for Error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.meta, f)
            }
        }

        impl std::error::Error for Error {}

        impl ServiceError for Error {
            fn from_metadata(meta: ErrorMetadata) -> Self {
                Error { code: ErrorCode::from_code(meta.code()), meta }
            }

            fn metadata(&self) -> &ErrorMetadata {
                &self.meta
            }

            fn retry_kind(&self) -> Option<RetryKind> {
                self.code.retry_kind().or_else(|| tencentcloud_runtime::error::default_retry_kind(self.code()))
            }
        }
    }
}
