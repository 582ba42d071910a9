//! Command-line example programs (`examples/<service>_<module>_<action>.rs`) for actions
//! whose spec asks for one: parameters as flags, credentials and region from the environment or the profile
//! file, the response as JSON on stdout, an error's code and message on stderr.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::rust::ident;
use crate::ir::{Action, Scalar, Service, Type};

/// The example program of `action`.
pub fn example_program(service: &Service, action: &Action) -> TokenStream {
    let krate = crate::emit::paths::version_path(service);
    let module = format_ident!("{}", action.symbols.module);
    let request = format_ident!("{}", action.symbols.request);
    let program = crate::emit::guide::example_name(service, &action.symbols.module);
    let mut usage = format!("usage: {program}");
    let mut lists = Vec::new();
    let mut arms = Vec::new();
    let mut help = Vec::new();
    for f in &action.input {
        let id = ident(&f.rust);
        let is_list = matches!(f.ty, Type::List(_));
        let flag = format!("--{}", f.cli_flag);
        let (placeholder, parse) = value_parser(&f.ty);
        usage.push_str(&match (f.required, is_list) {
            (true, _) => format!(" {flag} <{placeholder}>"),
            (false, true) => format!(" [{flag} <{placeholder}>]..."),
            (false, false) => format!(" [{flag} <{placeholder}>]"),
        });
        help.push(format!("  {flag:<24} {}", f.wire));
        if is_list {
            let items = format_ident!("{}_items", f.rust.trim_start_matches("r#"));
            lists.push((items.clone(), id.clone()));
            arms.push(quote! { #flag => #items.push(#parse), });
        } else {
            arms.push(quote! { #flag => request = request.#id(#parse), });
        }
    }
    let usage = format!(
        "{usage}\n\nCalls {} ({}, API {}) and prints the response as JSON.\nFlags (wire names):\n{}\n\nCredentials: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_TOKEN, else\n~/.tencentcloud/credentials; region: TENCENTCLOUD_REGION; endpoint override:\nTENCENTCLOUD_ENDPOINT (for example http://127.0.0.1:8080).",
        action.name,
        service.name,
        service.version,
        help.join("\n")
    );
    let list_decls = lists.iter().map(|(items, _)| quote! { let mut #items = Vec::new(); });
    let list_sets = lists.iter().map(|(items, id)| {
        quote! {
            if !#items.is_empty() {
                request = request.#id(#items);
            }
        }
    });
    let program_doc = crate::emit::rust::inner_doc(&format!(
        "Calls `{}` from the command line.\n\n`cargo run -p {} --example {program} -- --help` lists the flags.\nExit status: 0 on success (the response as JSON on stdout), 1 when the call\nfails (the error code and message on stderr), 2 on bad flags or configuration.",
        action.name, service.crate_name
    ));
    quote! {
        #program_doc

        use std::process::ExitCode;
        use std::str::FromStr;

        use #krate::operation::#module::#request;
        use #krate::runtime::text::printable;
        use #krate::{Client, Config, SdkError};

        const USAGE: &str = #usage;

        #[tokio::main]
        async fn main() -> ExitCode {
            let request = match parse_args(std::env::args().skip(1)) {
                Ok(Some(request)) => request,
                Ok(None) => {
                    println!("{USAGE}");
                    return ExitCode::SUCCESS;
                }
                Err(message) => {
                    eprintln!("{message}\n(run with --help for the flags)");
                    return ExitCode::from(2);
                }
            };
            let config = match Config::from_env() {
                Ok(config) => config,
                Err(e) => {
                    eprintln!("configuration: {e}");
                    return ExitCode::from(2);
                }
            };
            match Client::new(config).execute(&request).await {
                Ok(response) => match serde_json::to_string_pretty(&response) {
                    Ok(json) => {
                        println!("{json}");
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("cannot print the response: {e}");
                        ExitCode::FAILURE
                    }
                },
                Err(SdkError::Service(e)) => {
                    // Server text, escaped: it cannot forge terminal output.
                    eprintln!("{}: {}", printable(e.code()), printable(e.message()));
                    if let Some(id) = e.request_id() {
                        eprintln!("RequestId: {}", printable(id));
                    }
                    ExitCode::FAILURE
                }
                Err(SdkError::Validation(e)) => {
                    for v in e.violations() {
                        eprintln!("{}: {v}", v.code().unwrap_or("InvalidParameter"));
                    }
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }

        /// The request described by the flags; `None` when help was asked for.
        fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<#request>, String> {
            let mut request = #request::builder();
            #(#list_decls)*
            while let Some(arg) = args.next() {
                let (flag, inline) = match arg.split_once('=') {
                    Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                    None => (arg, None),
                };
                if flag == "--help" || flag == "-h" {
                    return Ok(None);
                }
                let mut value = || inline.clone().or_else(|| args.next()).ok_or(format!("{flag} needs a value"));
                match flag.as_str() {
                    #(#arms)*
                    _ => return Err(format!("unknown flag {flag}")),
                }
            }
            #(#list_sets)*
            request.build().map(Some).map_err(|e| e.to_string())
        }

        /// Parses a flag's value as `T`.
        fn parse<T: FromStr>(flag: &str, value: String) -> Result<T, String>
        where
            T::Err: std::fmt::Display,
        {
            value.parse().map_err(|e| format!("{flag}: {e}"))
        }
    }
}

/// The placeholder shown in the usage and the expression parsing `value()?`.
fn value_parser(ty: &Type) -> (&'static str, TokenStream) {
    match ty {
        Type::List(inner) => value_parser(inner),
        Type::Scalar(s) if s.is_text() => ("text", quote! { value()? }),
        Type::Scalar(Scalar::Bool) => ("true|false", quote! { parse(&flag, value()?)? }),
        Type::Scalar(Scalar::Float) => ("number", quote! { parse(&flag, value()?)? }),
        Type::Scalar(_) => ("integer", quote! { parse(&flag, value()?)? }),
        Type::Model(_) => ("json", quote! { serde_json::from_str(&value()?).map_err(|e| format!("{flag}: {e}"))? }),
    }
}
