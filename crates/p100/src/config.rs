//! Client configuration: the environment (base URL), API key, timeouts, user agent, retry
//! policy and an optional caller-supplied `reqwest::Client`, from code or from `P100_*`
//! environment variables.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::{Host, Url};

use crate::auth::ApiKey;
use crate::error::ConfigError;
use crate::{Client, RetryPolicy};

/// Base URL of P100 staging.
const STAGING_URL: &str = "https://partner-api-stage.p100.io";
/// Base URL of P100 production.
const PRODUCTION_URL: &str = "https://partner-api.p100.io";

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The P100 server a client talks to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// `https://partner-api-stage.p100.io`: test money, staging API key.
    Staging,
    /// `https://partner-api.p100.io`: real money, production API key, IP allow-list.
    Production,
    /// Any other server, such as a local sandbox. Plain `http` is accepted for loopback hosts
    /// only.
    Custom(Url),
}

impl Environment {
    /// Returns the base URL requests are sent to.
    pub fn base_url(&self) -> Url {
        match self {
            Self::Staging => Url::parse(STAGING_URL).expect("the staging URL is valid"),
            Self::Production => Url::parse(PRODUCTION_URL).expect("the production URL is valid"),
            Self::Custom(url) => url.clone(),
        }
    }

    fn from_name(value: &str, variable: Option<&'static str>) -> Result<Self, ConfigError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "staging" | "stage" => Ok(Self::Staging),
            "production" | "prod" => Ok(Self::Production),
            _ => Err(ConfigError::UnknownEnvironment {
                value: value.to_string(),
                variable,
            }),
        }
    }
}

impl FromStr for Environment {
    type Err = ConfigError;

    /// Parses `staging` or `production` (also `stage` and `prod`), ignoring case.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::from_name(value, None)
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Staging => f.write_str("staging"),
            Self::Production => f.write_str("production"),
            Self::Custom(url) => write!(f, "{url}"),
        }
    }
}

/// Source of a builder's base URL.
#[derive(Clone, Debug)]
enum Target {
    Environment(Environment),
    /// Text parsed in `build`, with the environment variable it came from.
    Url {
        text: String,
        variable: Option<&'static str>,
    },
}

/// Builds a [`Client`]. Create it with [`Client::builder`] or [`ClientBuilder::from_env`].
///
/// ```no_run
/// use std::time::Duration;
/// use p100::{Client, Environment, RetryPolicy};
///
/// let client = Client::builder()
///     .environment(Environment::Production)
///     .api_key(std::env::var("MY_P100_KEY").unwrap_or_default())
///     .timeout(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().max_attempts(4))
///     .build()?;
/// # Ok::<(), p100::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    target: Target,
    api_key: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    retry_policy: RetryPolicy,
    http_client: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("target", &self.target)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry_policy", &self.retry_policy)
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "<custom>"),
            )
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            target: Target::Environment(Environment::Staging),
            api_key: None,
            connect_timeout: None,
            timeout: None,
            user_agent: None,
            retry_policy: RetryPolicy::default(),
            http_client: None,
        }
    }
}

impl ClientBuilder {
    /// Starts a builder for staging with default timeouts and retries.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a builder from the process environment:
    ///
    /// - `P100_API_KEY` (required): the partner API key.
    /// - `P100_ENVIRONMENT` (optional): `staging` (the default) or `production`.
    /// - `P100_BASE_URL` (optional): another server, such as a local sandbox; it overrides
    ///   `P100_ENVIRONMENT`.
    ///
    /// # Errors
    /// [`ConfigError::MissingVariable`] when `P100_API_KEY` is unset or empty, and
    /// [`ConfigError::UnknownEnvironment`] for another environment name. An invalid
    /// `P100_BASE_URL` is reported by [`build`](Self::build), naming the variable.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading each variable through `lookup`, for
    /// tests and for other configuration sources.
    ///
    /// # Errors
    /// The same as [`from_env`](Self::from_env).
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let api_key = match lookup("P100_API_KEY") {
            None => return Err(missing_key("not set")),
            Some(key) if key.trim().is_empty() => return Err(missing_key("empty")),
            Some(key) => key,
        };
        let mut builder = Self::new().api_key(api_key);

        if let Some(name) = lookup("P100_ENVIRONMENT").filter(|name| !name.trim().is_empty()) {
            let environment = Environment::from_name(&name, Some("P100_ENVIRONMENT"))?;
            builder = builder.environment(environment);
        }
        if let Some(text) = lookup("P100_BASE_URL").filter(|text| !text.trim().is_empty()) {
            builder.target = Target::Url {
                text,
                variable: Some("P100_BASE_URL"),
            };
        }
        Ok(builder)
    }

    /// Sets the environment; replaces an earlier [`base_url`](Self::base_url).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.target = Target::Environment(environment);
        self
    }

    /// Sets a custom base URL, such as `http://127.0.0.1:8080` for a local sandbox; it is
    /// parsed and checked by [`build`](Self::build).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.target = Target::Url {
            text: url.into(),
            variable: None,
        };
        self
    }

    /// Sets the partner API key, sent in the `x-api-key` header.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Sets the maximum time to open a connection, TLS included (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the maximum time for one attempt, from sending the request to the end of the
    /// response body (default 30 s). Retries get a fresh timeout each.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the `User-Agent` header (default `p100-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sets the retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Sends requests through `client` (for proxies, custom TLS roots or connection-pool
    /// settings). Its connect timeout stays as configured on it, so combining it with
    /// [`connect_timeout`](Self::connect_timeout) is an error; [`timeout`](Self::timeout)
    /// still applies per request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    /// [`ConfigError`] when the API key is missing or invalid, the base URL does not parse,
    /// uses plain `http` for a host that is not loopback, a timeout is zero, or the HTTP
    /// client cannot be built.
    pub fn build(self) -> Result<Client, crate::Error> {
        let api_key = ApiKey::new(self.api_key.as_deref().unwrap_or_default())?;
        let environment = match self.target {
            Target::Environment(environment) => environment,
            Target::Url { text, variable } => Environment::Custom(parse_base_url(&text, variable)?),
        };
        check_transport_security(&environment.base_url())?;

        let user_agent = self.user_agent.unwrap_or_else(default_user_agent);
        let user_agent =
            HeaderValue::from_str(&user_agent).map_err(|_| ConfigError::InvalidUserAgent {
                value: user_agent.clone(),
            })?;
        let connect_timeout = nonzero("connect", self.connect_timeout)?;
        let timeout = nonzero("request", self.timeout)?;

        let (http, executor_timeout) = match self.http_client {
            Some(client) => {
                if connect_timeout.is_some() {
                    let setting = "connect_timeout";
                    return Err(ConfigError::NotApplicableToCustomClient { setting }.into());
                }
                (client, timeout)
            }
            None => {
                let client = reqwest::Client::builder()
                    .connect_timeout(connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .timeout(timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .build()
                    .map_err(ConfigError::HttpClient)?;
                (client, None)
            }
        };

        let settings = crate::client::Settings {
            environment,
            api_key,
            http,
            retry_policy: self.retry_policy,
            executor_timeout,
            user_agent,
        };
        Client::from_settings(settings)
    }
}

fn missing_key(problem: &'static str) -> ConfigError {
    ConfigError::MissingVariable {
        name: "P100_API_KEY",
        problem,
        hint: "set it to the partner API key issued by P100 for this environment",
    }
}

fn default_user_agent() -> String {
    format!("p100-rust/{}", env!("CARGO_PKG_VERSION"))
}

fn nonzero(name: &'static str, value: Option<Duration>) -> Result<Option<Duration>, ConfigError> {
    match value {
        Some(value) if value.is_zero() => Err(ConfigError::ZeroTimeout { name, value }),
        other => Ok(other),
    }
}

fn parse_base_url(text: &str, variable: Option<&'static str>) -> Result<Url, ConfigError> {
    let invalid = |reason: String| ConfigError::InvalidBaseUrl {
        value: text.to_string(),
        variable,
        reason,
    };
    let url = Url::parse(text.trim()).map_err(|error| invalid(error.to_string()))?;
    if url.host().is_none() {
        return Err(invalid("it has no host".to_string()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment".to_string()));
    }
    Ok(url)
}

/// Accepts `https`, and `http` for loopback hosts only: the API key travels in a header, so
/// plain http would expose it to anyone on the network path.
fn check_transport_security(url: &Url) -> Result<(), ConfigError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(ConfigError::InsecureBaseUrl { url: url.clone() }),
        other => Err(ConfigError::InvalidBaseUrl {
            value: url.to_string(),
            variable: None,
            reason: format!("the scheme {other:?} is not http or https"),
        }),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_may_use_http() {
        for text in [
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://[::1]:1",
            "http://LOCALHOST",
        ] {
            let url = Url::parse(text).unwrap();
            assert!(check_transport_security(&url).is_ok(), "{text}");
        }
        for text in [
            "http://10.0.0.1",
            "http://localhost.example.com",
            "http://[::2]",
        ] {
            let url = Url::parse(text).unwrap();
            assert!(matches!(
                check_transport_security(&url),
                Err(ConfigError::InsecureBaseUrl { .. })
            ));
        }
    }
}
