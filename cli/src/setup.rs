//! The client configuration of a call, from the options given, the environment and the
//! `tccli` profile, in that order of precedence.

use std::time::Duration;

use tencentcloud_runtime::config::ENV_REGION;
use tencentcloud_runtime::credentials::{CredentialsErrorKind, Env, EnvironmentProvider};
use tencentcloud_runtime::{Config, ConfigBuilder, Credentials, Endpoint, Language};

use crate::args::{Options, Output};
use crate::tccli::{Profile, Settings};
use crate::{EXIT_CREDENTIALS, EXIT_USAGE};

/// Why a call cannot be made: the exit code and the message.
pub struct Refusal {
    pub code: i32,
    pub message: String,
}

/// A usage error, or a request refused before sending.
fn usage(message: impl Into<String>) -> Refusal {
    Refusal { code: EXIT_USAGE, message: message.into() }
}

/// A refusal before sending, saying so.
fn refused(message: impl std::fmt::Display) -> Refusal {
    usage(format!("refused before sending: {message}"))
}

/// The configuration of a call and the output format: each setting from its option,
/// else the environment, else the profile (`--profile`, `TCCLI_PROFILE`, `default`).
pub fn config(options: &Options, env: Env) -> Result<(Config, Output), Refusal> {
    let profile = Profile::resolve(options.profile.as_deref(), &env);
    let settings = profile_settings(options, profile.as_ref())?;
    let format = output(options, &settings)?;
    let credentials = credentials(options, profile.as_ref(), &env)?;
    let env_region = env.var(ENV_REGION).ok().flatten();
    let no_region = no_region_message(&env);
    let mut builder = ConfigBuilder::from_env_with(env);
    if let Some(credentials) = credentials {
        builder = builder.credentials(credentials);
    }
    match (options.region.clone(), env_region, settings.region) {
        (Some(region), _, _) | (None, None, Some(region)) => builder = builder.region(region),
        _ => {}
    }
    builder = connection(builder, options);
    if let Some(language) = options.language.as_ref().or(settings.language.as_ref()) {
        builder = builder.language(language.parse::<Language>().map_err(refused)?);
    }
    if let Some(timeout) = &options.timeout {
        builder = builder.timeout(seconds(timeout)?);
    }
    let config = builder.build().map_err(refused)?;
    if config.region().is_none() {
        return Err(refused(no_region));
    }
    Ok((config, format))
}

/// The endpoint, root domain and proxy options applied to `builder`.
fn connection(mut builder: ConfigBuilder, options: &Options) -> ConfigBuilder {
    if let Some(endpoint) = &options.endpoint {
        builder = builder.endpoint(Endpoint::custom(endpoint.clone()));
    }
    if let Some(domain) = &options.root_domain {
        builder = builder.root_domain(domain.clone());
    }
    if let Some(proxy) = &options.https_proxy {
        builder = builder.proxy(proxy.clone());
    }
    builder
}

/// The settings of the profile; an error when it was named but is missing, or when
/// its `.configure` is malformed.
fn profile_settings(options: &Options, profile: Option<&Profile>) -> Result<Settings, Refusal> {
    match profile {
        Some(profile) => {
            profile.check_named().map_err(usage)?;
            profile.settings().map_err(usage)
        }
        None if options.profile.is_some() => Err(usage("--profile: no home directory (HOME) holds ~/.tccli")),
        None => Ok(Settings::default()),
    }
}

/// The output format: `--output`, else the profile's (a format this command line does
/// not print is ignored there), else JSON.
fn output(options: &Options, settings: &Settings) -> Result<Output, Refusal> {
    match &options.output {
        Some(name) => {
            Output::named(name).ok_or_else(|| usage(format!("--output must be json, table or text, got {name}")))
        }
        None => Ok(settings.output.as_deref().and_then(Output::named).unwrap_or(Output::Json)),
    }
}

/// Credentials from `--secretId`/`--secretKey`/`--token`; else, when the environment
/// holds none, the profile's `.credential`; else `None` (the default chain).
fn credentials(options: &Options, profile: Option<&Profile>, env: &Env) -> Result<Option<Credentials>, Refusal> {
    match (&options.secret_id, &options.secret_key) {
        (Some(id), Some(key)) => {
            let credentials = Credentials::new(id.clone(), key.clone());
            Ok(Some(match &options.token {
                Some(token) => credentials.with_token(token.clone()),
                None => credentials,
            }))
        }
        (None, None) if options.token.is_some() => Err(usage("--token goes with --secretId and --secretKey")),
        (None, None) => {
            let in_env = EnvironmentProvider::with_env(env.clone()).load();
            if matches!(&in_env, Err(e) if e.kind() == CredentialsErrorKind::NotFound) {
                profile
                    .map_or(Ok(None), Profile::credentials)
                    .map_err(|message| Refusal { code: EXIT_CREDENTIALS, message })
            } else {
                Ok(None)
            }
        }
        _ => Err(usage("--secretId and --secretKey go together")),
    }
}

/// A positive number of seconds.
fn seconds(text: &str) -> Result<Duration, Refusal> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s.is_finite() && s <= 86_400.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(usage(format!("--timeout takes a number of seconds above 0 (at most a day), got {text}"))),
    }
}

/// What to type when no region is given, saying when `TENCENTCLOUD_REGION` is set
/// but empty.
fn no_region_message(env: &Env) -> String {
    let empty = if env.get(ENV_REGION).is_some_and(|v| v.is_empty()) {
        format!(" ({ENV_REGION} is set but empty)")
    } else {
        String::new()
    };
    format!(
        "no region: give --region REGION (e.g. --region ap-guangzhou), set {ENV_REGION}{empty}, \
         or `tencentcloud configure set region REGION`"
    )
}
