//! The client configuration of a call, from the options given, the environment and the
//! `tccli` profile, in that order of precedence.

use std::sync::Arc;
use std::time::Duration;

use tencentcloud_runtime::config::ENV_REGION;
use tencentcloud_runtime::credentials::{
    CachingProvider, CredentialsErrorKind, CvmRoleProvider, DefaultChain, Env, EnvironmentProvider, ProvideCredentials,
    StsAssumeRoleProvider,
};
use tencentcloud_runtime::{Config, ConfigBuilder, Credentials, Endpoint, Language};

use crate::args::{Options, Output};
use crate::tccli::{Profile, Role, Settings};
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
    let env_region = env.var(ENV_REGION).ok().flatten();
    let region = match (options.region.clone(), env_region.clone(), settings.region) {
        (Some(region), _, _) | (None, None, Some(region)) => Some(region),
        _ => None,
    };
    let credentials = provider(options, profile.as_ref(), &env, region.as_deref().or(env_region.as_deref()))?;
    let no_region = no_region_message(&env);
    let mut builder = ConfigBuilder::from_env_with(env);
    if let Some(credentials) = credentials {
        builder = builder.credentials_provider(credentials);
    }
    if let Some(region) = region {
        builder = builder.region(region);
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

/// Environment variable with another base URL of the CVM metadata service (for
/// `--use-cvm-role`), e.g. to test it or reach it through a relay.
pub const ENV_METADATA_ENDPOINT: &str = "TENCENTCLOUD_METADATA_ENDPOINT";
/// Environment variable with another STS endpoint (for `--role-arn`).
pub const ENV_STS_ENDPOINT: &str = "TENCENTCLOUD_STS_ENDPOINT";
/// The session name of `--role-arn` when `--role-session-name` is not given.
pub const DEFAULT_SESSION_NAME: &str = "tencentcloud-cli";

/// Where a call's credentials come from, `None` for the default chain:
/// `--use-cvm-role` (or a profile of `"type": "cvm-role"`) the instance role, else the
/// keys [`credentials`] finds; then, with `--role-arn` (or the profile's `role-arn`),
/// the temporary credentials of that role assumed with them (the default chain when
/// there are none), asked of STS in `region`.
fn provider(
    options: &Options,
    profile: Option<&Profile>,
    env: &Env,
    region: Option<&str>,
) -> Result<Option<Arc<dyn ProvideCredentials>>, Refusal> {
    let explicit = options.secret_id.is_some() || options.secret_key.is_some() || options.token.is_some();
    let given = explicit || options.use_cvm_role || options.role_arn.is_some();
    // The profile's way of obtaining credentials applies when no option chose one.
    let role = match profile {
        Some(profile) if !given => profile.role().map_err(|message| Refusal { code: EXIT_CREDENTIALS, message })?,
        _ => Role::default(),
    };
    if options.use_cvm_role && explicit {
        return Err(usage(
            "--use-cvm-role takes the instance role's credentials: leave out --secretId, --secretKey and --token",
        ));
    }
    let base: Option<Arc<dyn ProvideCredentials>> = if options.use_cvm_role || role.cvm_role {
        let mut cvm = CvmRoleProvider::new();
        if let Some(url) = env.get(ENV_METADATA_ENDPOINT).filter(|u| !u.is_empty()) {
            cvm = cvm.endpoint(url);
        }
        Some(Arc::new(CachingProvider::new(cvm)))
    } else {
        credentials(options, profile, env)?.map(|c| Arc::new(c) as Arc<dyn ProvideCredentials>)
    };
    let session_name = options.role_session_name.clone().or(role.session_name);
    let Some(arn) = options.role_arn.clone().or(role.arn) else {
        if session_name.is_some() {
            return Err(usage("--role-session-name goes with --role-arn"));
        }
        return Ok(base);
    };
    let base = base.unwrap_or_else(|| Arc::new(DefaultChain::with_env(env.clone())));
    let mut assume =
        StsAssumeRoleProvider::builder(base, arn).session_name(session_name.as_deref().unwrap_or(DEFAULT_SESSION_NAME));
    if let Some(region) = region {
        assume = assume.region(region);
    }
    if let Some(url) = env.get(ENV_STS_ENDPOINT).filter(|u| !u.is_empty()) {
        assume = assume.endpoint(url);
    }
    let assume = assume.build().map_err(refused)?;
    Ok(Some(Arc::new(CachingProvider::new(assume))))
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
