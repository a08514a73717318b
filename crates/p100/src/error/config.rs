//! Errors found while building a [`Client`](crate::Client), before any request is sent.

use std::time::Duration;

/// A client setting is missing, invalid or unsafe.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No API key was given to the builder.
    #[error(
        "no P100 API key is configured: pass one to ClientBuilder::api_key or set P100_API_KEY"
    )]
    MissingApiKey,

    /// The API key contains characters an HTTP header cannot carry.
    #[error(
        "the P100 API key is invalid: it must be printable ASCII without line breaks; \
         copy it again from the P100 partner portal"
    )]
    InvalidApiKey,

    /// An environment variable the SDK needs is unset or empty.
    #[error("environment variable {name} is {problem}: {hint}")]
    MissingVariable {
        /// Name of the variable, such as `P100_API_KEY`.
        name: &'static str,
        /// `not set` or `empty`.
        problem: &'static str,
        /// Value to set.
        hint: &'static str,
    },

    /// An environment name other than `staging` or `production`.
    #[error(
        "unknown P100 environment {value:?}{}: use `staging` or `production`, or set \
         P100_BASE_URL for another server",
        source_suffix(.variable)
    )]
    UnknownEnvironment {
        /// The value that was read.
        value: String,
        /// The environment variable it came from, if any.
        variable: Option<&'static str>,
    },

    /// The base URL does not parse or has no host.
    #[error(
        "invalid P100 base URL {value:?}{}: {reason}; give an absolute URL such as \
         https://partner-api-stage.p100.io",
        source_suffix(.variable)
    )]
    InvalidBaseUrl {
        /// The value that was read.
        value: String,
        /// The environment variable it came from, if any.
        variable: Option<&'static str>,
        /// Reason for the rejection.
        reason: String,
    },

    /// A plain `http://` base URL for a host that is not loopback.
    #[error(
        "insecure P100 base URL {url}: plain http would send the API key unencrypted, so it \
         is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost); use https"
    )]
    InsecureBaseUrl {
        /// The rejected URL.
        url: url::Url,
    },

    /// A timeout of zero.
    #[error("the {name} timeout must be greater than zero, got {value:?}")]
    ZeroTimeout {
        /// `connect` or `request`.
        name: &'static str,
        /// The value given.
        value: Duration,
    },

    /// A setting that cannot apply to a caller-supplied `reqwest::Client`.
    #[error(
        "{setting} cannot be applied to a custom reqwest::Client: set it on the \
         reqwest::ClientBuilder that builds that client instead"
    )]
    NotApplicableToCustomClient {
        /// The builder method, such as `connect_timeout`.
        setting: &'static str,
    },

    /// The user agent is not a valid header value.
    #[error("invalid user agent {value:?}: it must be printable ASCII without line breaks")]
    InvalidUserAgent {
        /// The rejected value.
        value: String,
    },

    /// reqwest could not build its HTTP client (for example no TLS backend).
    #[error("could not build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}

fn source_suffix(variable: &Option<&'static str>) -> String {
    match variable {
        Some(name) => format!(" (from {name})"),
        None => String::new(),
    }
}
