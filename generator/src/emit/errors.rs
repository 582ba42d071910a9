//! The service-wide error: `error.rs` with `ErrorCode` (every code the service
//! documents, each with its description, plus `Unhandled`) and `Error`, the runtime's
//! `CodedError<ErrorCode>` (a code with the server's message and request id), the error
//! of every action without its own enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::runtime_paths as rt;
use crate::emit::rust::doc;
use crate::ir::{Retry, Service};

/// `error.rs` of the service crate.
pub fn error_module(service: &Service) -> TokenStream {
    let codes = &service.codes;
    let variants = codes.iter().map(|e| {
        let v = format_ident!("{}", e.variant);
        let d = doc(&format!("`{}`: {}", e.code, e.doc));
        quote! { #d #v, }
    });
    let idents: Vec<_> = codes.iter().map(|e| format_ident!("{}", e.variant)).collect();
    let strings: Vec<&str> = codes.iter().map(|e| e.code.as_str()).collect();
    let docs: Vec<&str> = codes.iter().map(|e| e.description.as_str()).collect();
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
    let imports = rt::imports(&[rt::CODED_ERROR, rt::RETRY_KIND]);
    let error_codes = rt::ERROR_CODES.path();
    quote! {
        #imports

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

        impl #error_codes for ErrorCode {
            fn from_code(code: &str) -> Self {
                ErrorCode::from_code(code)
            }

            fn is_unhandled(self) -> bool {
                self == ErrorCode::Unhandled
            }

            fn retry_kind(self) -> Option<RetryKind> {
                ErrorCode::retry_kind(self)
            }
        }

        /// An error the service answered: its [`ErrorCode`] with the code, message and
        /// request id as sent ([`CodedError`], shared by every service). The error of
        /// every action without its own error enum.
        pub type Error = CodedError<ErrorCode>;
    }
}
