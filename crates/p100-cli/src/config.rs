//! Connection settings from flags and environment variables, and the SDK client built from them.
//!
//! Each flag falls back to its environment variable (`P100_API_KEY`, `P100_ENVIRONMENT`,
//! `P100_BASE_URL`). The key is never printed: clap hides the variable's value in `--help`
//! and the SDK keeps it in a redacted type.

use clap::Args;

use crate::error::CliError;

/// Flags that select the server and the API key.
#[derive(Clone, Debug, Default, Args)]
pub struct ConnectionArgs {
    /// Partner API key. Prefer the P100_API_KEY variable: a flag is visible to other local
    /// users in the process list.
    #[arg(long, env = "P100_API_KEY", hide_env_values = true, global = true)]
    pub api_key: Option<String>,

    /// P100 environment: `staging` (default) or `production`.
    #[arg(long, env = "P100_ENVIRONMENT", global = true)]
    pub environment: Option<String>,

    /// Base URL of another server, e.g. a local sandbox at http://127.0.0.1:8080; overrides
    /// --environment.
    #[arg(long, env = "P100_BASE_URL", global = true)]
    pub base_url: Option<String>,
}

impl ConnectionArgs {
    /// Returns whether an API key is configured (a non-blank flag or variable).
    pub fn has_api_key(&self) -> bool {
        self.api_key
            .as_deref()
            .is_some_and(|key| !key.trim().is_empty())
    }

    /// Builds the SDK client.
    ///
    /// # Errors
    ///
    /// [`CliError::Config`] when the key is missing or a setting is invalid; the message names
    /// the variable or flag to fix.
    pub fn client(&self) -> Result<p100::Client, CliError> {
        let Some(key) = self.api_key.as_deref().filter(|key| !key.trim().is_empty()) else {
            return Err(CliError::Config(String::from(
                "no P100 API key is configured: set P100_API_KEY (or pass --api-key), \
                 or run `p100 demo` to try the CLI against a local sandbox",
            )));
        };

        let mut builder = p100::Client::builder().api_key(key);
        if let Some(name) = self.environment.as_deref() {
            let environment: p100::Environment = name.parse().map_err(config_error)?;
            builder = builder.environment(environment);
        }
        if let Some(url) = self.base_url.as_deref() {
            builder = builder.base_url(url);
        }
        builder.build().map_err(config_error)
    }
}

/// Wraps an SDK configuration error; its message already names the setting and the fix.
fn config_error(error: impl std::fmt::Display) -> CliError {
    CliError::Config(format!("invalid configuration: {error}"))
}
