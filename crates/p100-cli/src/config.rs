//! Connection settings from flags and environment variables, and the SDK client built from them.
//!
//! A flag always wins over an environment variable. The server comes from, in order:
//! `--base-url`, `--environment`, `P100_BASE_URL`, `P100_ENVIRONMENT`, then staging. Passing
//! both `--base-url` and `--environment` is rejected. When `--environment` overrides a
//! different `P100_BASE_URL`, one `note:` line on stderr reports it. Empty variables count as
//! unset. The key is never printed: clap hides the variable's value in `--help` and the SDK
//! keeps it in a redacted type.

use clap::Args;

use crate::error::CliError;

/// Variable that sets the environment when `--environment` is not given.
const ENVIRONMENT_VARIABLE: &str = "P100_ENVIRONMENT";
/// Variable that sets the base URL when `--base-url` is not given.
const BASE_URL_VARIABLE: &str = "P100_BASE_URL";
/// Host of P100 production.
pub const PRODUCTION_HOST: &str = "partner-api.p100.io";

/// Flags that select the server and the API key.
#[derive(Clone, Debug, Default, Args)]
pub struct ConnectionArgs {
    /// Partner API key. Prefer the P100_API_KEY variable: a flag is visible to other local
    /// users in the process list.
    #[arg(long, env = "P100_API_KEY", hide_env_values = true, global = true)]
    pub api_key: Option<String>,

    /// P100 environment: `staging` (default) or `production`. Falls back to P100_ENVIRONMENT;
    /// this flag also wins over P100_BASE_URL.
    #[arg(long, global = true)]
    pub environment: Option<String>,

    /// Base URL of another server, e.g. a local sandbox at http://127.0.0.1:8100. Falls back to
    /// P100_BASE_URL, which wins over P100_ENVIRONMENT. Cannot be combined with --environment.
    #[arg(long, global = true)]
    pub base_url: Option<String>,
}

/// The resolved server setting, with the flag or environment variable it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A named environment, with the flag or variable that set it.
    Environment {
        /// The name as typed, e.g. `production`.
        name: String,
        /// `--environment` or `P100_ENVIRONMENT`.
        source: &'static str,
    },
    /// A base URL, with the flag or variable that set it.
    BaseUrl {
        /// The URL as typed.
        url: String,
        /// `--base-url` or `P100_BASE_URL`.
        source: &'static str,
    },
    /// Nothing set: the SDK's default, staging.
    Default,
}

impl Target {
    /// Returns whether this target is P100 production, by name or by URL.
    pub fn is_production(&self) -> bool {
        match self {
            Target::Environment { name, .. } => {
                matches!(
                    name.trim().to_ascii_lowercase().as_str(),
                    "production" | "prod"
                )
            }
            Target::BaseUrl { url, .. } => {
                url_host(url).is_some_and(|host| host.eq_ignore_ascii_case(PRODUCTION_HOST))
            }
            Target::Default => false,
        }
    }
}

/// Returns the host of a URL written as `scheme://host[:port][/path]`, without parsing the
/// rest; enough to recognize production however the URL is spelled.
fn url_host(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = host_port.split(':').next()?;
    Some(host.trim_end_matches('.'))
}

impl ConnectionArgs {
    /// Returns whether an API key is configured (a non-blank flag or variable).
    pub fn has_api_key(&self) -> bool {
        self.api_key
            .as_deref()
            .is_some_and(|key| !key.trim().is_empty())
    }

    /// Resolves the server from the flags and the process environment.
    ///
    /// # Errors
    ///
    /// [`CliError::Usage`] when both `--base-url` and `--environment` are given or a flag is
    /// empty.
    pub fn target(&self) -> Result<Target, CliError> {
        self.target_with(|name| std::env::var(name).ok())
    }

    /// Like [`target`](Self::target), reading variables through `lookup`.
    fn target_with(&self, lookup: impl Fn(&str) -> Option<String>) -> Result<Target, CliError> {
        let variable = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());

        for (flag, value) in [
            ("--environment", &self.environment),
            ("--base-url", &self.base_url),
        ] {
            if value.as_deref().is_some_and(|text| text.trim().is_empty()) {
                return Err(CliError::Usage(format!(
                    "{flag} is empty; give a value or leave the flag out"
                )));
            }
        }

        match (&self.base_url, &self.environment) {
            (Some(_), Some(_)) => Err(CliError::Usage(String::from(
                "--base-url and --environment both select the server; pass only one of them",
            ))),
            (Some(url), None) => Ok(Target::BaseUrl {
                url: url.clone(),
                source: "--base-url",
            }),
            (None, Some(name)) => {
                if let Some(url) = variable(BASE_URL_VARIABLE) {
                    eprintln!(
                        "note: using --environment {name}; {BASE_URL_VARIABLE} ({url}) is \
                         ignored because a flag wins over a variable"
                    );
                }
                Ok(Target::Environment {
                    name: name.clone(),
                    source: "--environment",
                })
            }
            (None, None) => {
                if let Some(url) = variable(BASE_URL_VARIABLE) {
                    return Ok(Target::BaseUrl {
                        url,
                        source: BASE_URL_VARIABLE,
                    });
                }
                if let Some(name) = variable(ENVIRONMENT_VARIABLE) {
                    return Ok(Target::Environment {
                        name,
                        source: ENVIRONMENT_VARIABLE,
                    });
                }
                Ok(Target::Default)
            }
        }
    }

    /// Builds the SDK client for [`target`](Self::target).
    ///
    /// # Errors
    ///
    /// [`CliError::Config`] when the key is missing or a setting is invalid; the message names
    /// the variable or flag to fix.
    pub fn client(&self) -> Result<p100::Client, CliError> {
        let target = self.target()?;
        self.client_for(&target)
    }

    /// Builds the SDK client for an already resolved target.
    pub fn client_for(&self, target: &Target) -> Result<p100::Client, CliError> {
        let Some(key) = self.api_key.as_deref().filter(|key| !key.trim().is_empty()) else {
            return Err(CliError::Config(String::from(
                "no P100 API key is configured: set P100_API_KEY (or pass --api-key), \
                 or run `p100 demo` to try the CLI against a local sandbox",
            )));
        };

        let mut builder = p100::Client::builder().api_key(key);
        match target {
            Target::Environment { name, source } => {
                let environment: p100::Environment =
                    name.parse().map_err(|error| config_error(source, error))?;
                builder = builder.environment(environment);
            }
            Target::BaseUrl { url, .. } => builder = builder.base_url(url.trim()),
            Target::Default => {}
        }
        let source = match target {
            Target::Environment { source, .. } | Target::BaseUrl { source, .. } => source,
            Target::Default => "the default environment",
        };
        builder.build().map_err(|error| config_error(source, error))
    }
}

/// Wraps an SDK configuration error; its message already names the setting and the fix.
fn config_error(source: &str, error: impl std::fmt::Display) -> CliError {
    CliError::Config(format!("invalid configuration from {source}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(environment: Option<&str>, base_url: Option<&str>) -> ConnectionArgs {
        ConnectionArgs {
            api_key: None,
            environment: environment.map(str::to_string),
            base_url: base_url.map(str::to_string),
        }
    }

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn environment_flag_wins_over_base_url_variable() {
        let env = [(BASE_URL_VARIABLE, "http://127.0.0.1:8100")];
        let target = args(Some("production"), None)
            .target_with(lookup(&env))
            .unwrap();
        assert_eq!(
            target,
            Target::Environment {
                name: String::from("production"),
                source: "--environment"
            }
        );
    }

    #[test]
    fn base_url_flag_wins_over_variables() {
        let env = [
            (BASE_URL_VARIABLE, "http://127.0.0.1:1"),
            (ENVIRONMENT_VARIABLE, "production"),
        ];
        let target = args(None, Some("http://127.0.0.1:2"))
            .target_with(lookup(&env))
            .unwrap();
        assert_eq!(
            target,
            Target::BaseUrl {
                url: String::from("http://127.0.0.1:2"),
                source: "--base-url"
            }
        );
    }

    #[test]
    fn base_url_variable_wins_over_environment_variable() {
        let env = [
            (BASE_URL_VARIABLE, "http://127.0.0.1:1"),
            (ENVIRONMENT_VARIABLE, "production"),
        ];
        let target = args(None, None).target_with(lookup(&env)).unwrap();
        assert!(
            matches!(target, Target::BaseUrl { source, .. } if source == BASE_URL_VARIABLE),
            "{target:?}"
        );
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let env = [(BASE_URL_VARIABLE, ""), (ENVIRONMENT_VARIABLE, " ")];
        let target = args(None, None).target_with(lookup(&env)).unwrap();
        assert_eq!(target, Target::Default);
    }

    #[test]
    fn both_server_flags_rejected() {
        let result = args(Some("staging"), Some("http://127.0.0.1:1")).target_with(lookup(&[]));
        assert!(matches!(result, Err(CliError::Usage(_))), "{result:?}");
    }

    #[test]
    fn production_recognized_by_name_and_url() {
        for url in [
            "https://partner-api.p100.io",
            "https://PARTNER-API.p100.io/",
            "https://partner-api.p100.io:443/v1",
            " https://partner-api.p100.io. ",
        ] {
            let target = Target::BaseUrl {
                url: url.to_string(),
                source: "--base-url",
            };
            assert!(target.is_production(), "{url}");
        }
        for name in ["production", "PROD", " Production "] {
            let target = Target::Environment {
                name: name.to_string(),
                source: "--environment",
            };
            assert!(target.is_production(), "{name}");
        }
        let staging = Target::BaseUrl {
            url: String::from("https://partner-api-stage.p100.io"),
            source: "--base-url",
        };
        assert!(!staging.is_production());
        assert!(!Target::Default.is_production());
    }
}
