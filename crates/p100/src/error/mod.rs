//! The SDK's error type: one variant per cause, with predicates for the questions callers
//! ask (`is_retryable`, `status`, `code`, `is_not_found`).
//!
//! Conversion from the generated client's errors lives in `convert.rs`, the `P`-codes in
//! `code.rs`, configuration errors in `config.rs` and the splitting of `P403` messages in
//! `validation.rs`.

mod code;
mod config;
mod convert;
mod validation;

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::redact;

pub use code::ErrorCode;
pub use config::ConfigError;
pub(crate) use convert::retry_after;

/// Everything that can go wrong in an SDK call.
///
/// Messages never contain the API key, a card number, a CVV or a PIN. One exception: an API
/// key shorter than 8 characters is masked only where it follows a key name such as
/// `x-api-key:`, because masking such a short value everywhere would mangle unrelated words.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// P100 returned `Access Denied. xo1`: the request carried no API key.
    #[error(
        "P100 rejected the request because it carried no API key (Access Denied. xo1): \
         configure the key with ClientBuilder::api_key or P100_API_KEY"
    )]
    MissingApiKey,

    /// P100 returned `Access Denied. xo2`: the API key is wrong.
    #[error(
        "P100 rejected the API key (Access Denied. xo2): check that the key belongs to the \
         environment you call (staging and production keys differ) and has not been revoked"
    )]
    InvalidApiKey,

    /// P100 returned `Access Denied. xo3`: the caller's IP address is not on the allow-list.
    #[error(
        "P100 rejected the caller's IP address (Access Denied. xo3): ask P100 to add this \
         server's public IP address to the partner allow-list"
    )]
    IpNotAllowed,

    /// Any other HTTP 401.
    #[error("P100 returned 401 Unauthorized: {message}; check the API key and environment")]
    Unauthorized {
        /// The message P100 sent.
        message: String,
    },

    /// P100 rejected the request's fields (`P403`).
    #[error("P100 rejected the request as invalid (P403): {message}")]
    Validation {
        /// HTTP status (400 in the docs).
        status: StatusCode,
        /// The full `errorMessage`.
        message: String,
        /// The individual failures the message lists, in order.
        failures: Vec<String>,
    },

    /// P100 returned an error body with a `P`-code.
    #[error("{0}")]
    Api(Box<ApiFailure>),

    /// P100 returned 429 Too Many Requests and the retry policy gave up.
    #[error(
        "P100 rate limit reached (HTTP 429){}: wait before sending more requests",
        retry_after_text(.retry_after)
    )]
    RateLimited {
        /// Delay from the `Retry-After` header, when P100 sent one.
        retry_after: Option<Duration>,
        /// The message P100 sent, if any.
        message: Option<String>,
    },

    /// No complete response arrived within the configured timeout.
    #[error(
        "the request to P100 timed out: raise ClientBuilder::timeout or retry later \
         (a money-moving request may have been executed, so check its status before resending)"
    )]
    Timeout {
        /// The underlying reqwest error.
        #[source]
        source: reqwest::Error,
    },

    /// The connection failed or broke (DNS, TCP, TLS, reset).
    #[error(
        "could not reach P100: {}; check the base URL (P100_BASE_URL) and the network",
        transport_text(.source)
    )]
    Transport {
        /// The underlying reqwest error.
        #[source]
        source: reqwest::Error,
    },

    /// The response body could not be read or did not match the expected type.
    #[error(
        "could not decode P100's response{}: {reason}; the body starts with: {body}",
        status_text(.status)
    )]
    Decode {
        /// HTTP status of the response, when known.
        status: Option<StatusCode>,
        /// Start of the body with card numbers, CVVs, PINs and keys masked.
        body: String,
        /// Parser message, with quoted values masked.
        reason: String,
    },

    /// The SDK rejected the request before sending it.
    #[error("invalid request, not sent: {0}")]
    InvalidRequest(String),

    /// The client configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// An error body from P100 with its HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiFailure {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// `errorCode`, parsed.
    pub code: ErrorCode,
    /// `errorName`, a kebab-case name (absent on some codes).
    pub name: Option<String>,
    /// `errorMessage`.
    pub message: Option<String>,
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P100 returned HTTP {}", self.status.as_u16())?;
        if !self.code.as_str().starts_with("HTTP") {
            write!(f, " with error {}", self.code)?;
        }
        if let Some(name) = &self.name {
            write!(f, " ({name})")?;
        }
        match &self.message {
            Some(message) => write!(f, ": {message}"),
            None => Ok(()),
        }
    }
}

fn retry_after_text(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(delay) => format!(", retry after {} s", delay.as_secs_f64()),
        None => String::new(),
    }
}

/// Formats a reqwest error with its innermost cause, such as `Connection refused`, which
/// reqwest's own message leaves out.
fn transport_text(source: &reqwest::Error) -> String {
    let mut root: &dyn std::error::Error = source;
    while let Some(next) = root.source() {
        root = next;
    }
    if std::ptr::addr_eq(root, source) {
        return source.to_string();
    }
    format!("{source}: {root}")
}

fn status_text(status: &Option<StatusCode>) -> String {
    match status {
        Some(status) => format!(" (HTTP {})", status.as_u16()),
        None => String::new(),
    }
}

impl Error {
    /// Returns `true` when sending the same request again later may succeed: rate limits,
    /// timeouts, transport errors, 5xx statuses and `P501`.
    ///
    /// The SDK already retried what its [`RetryPolicy`](crate::RetryPolicy) allows. For a
    /// money-moving request, a timeout or transport error leaves its outcome unknown: read
    /// its status before sending it again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Timeout { .. } | Self::Transport { .. } => true,
            Self::Api(failure) => {
                failure.status.is_server_error() || failure.code == ErrorCode::ServiceUnavailable
            }
            _ => false,
        }
    }

    /// Returns the HTTP status of the response behind this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::MissingApiKey
            | Self::InvalidApiKey
            | Self::IpNotAllowed
            | Self::Unauthorized { .. } => Some(StatusCode::UNAUTHORIZED),
            Self::Validation { status, .. } => Some(*status),
            Self::Api(failure) => Some(failure.status),
            Self::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Self::Decode { status, .. } => *status,
            Self::Timeout { .. }
            | Self::Transport { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_) => None,
        }
    }

    /// Returns P100's `errorCode`, if the response had one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Validation { .. } => Some(ErrorCode::ValidationFailed),
            Self::Api(failure) => Some(failure.code.clone()),
            _ => None,
        }
    }

    /// Returns the API error details for [`Error::Api`].
    pub fn api_failure(&self) -> Option<&ApiFailure> {
        match self {
            Self::Api(failure) => Some(failure),
            _ => None,
        }
    }

    /// Returns `true` when the addressed resource does not exist: HTTP 404 or a not-found
    /// code such as `P412` (unknown user) or `P434` (card not found).
    pub fn is_not_found(&self) -> bool {
        match self {
            Self::Api(failure) => {
                failure.status == StatusCode::NOT_FOUND || failure.code.is_not_found()
            }
            _ => false,
        }
    }

    /// Returns `true` for authentication failures (missing or wrong key, IP not allowed,
    /// other 401).
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            Self::MissingApiKey
                | Self::InvalidApiKey
                | Self::IpNotAllowed
                | Self::Unauthorized { .. }
        )
    }

    /// Returns `true` for `P403` validation errors.
    pub fn is_validation(&self) -> bool {
        matches!(self, Self::Validation { .. })
    }

    /// Returns `true` when the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }

    /// Returns `true` for 429 responses.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }

    /// Returns the delay P100 asked for in `Retry-After`, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Returns the individual failures of a `P403` validation error (empty otherwise).
    pub fn validation_failures(&self) -> &[String] {
        match self {
            Self::Validation { failures, .. } => failures,
            _ => &[],
        }
    }

    /// Replaces every occurrence of the API key in the messages this error carries, when the
    /// key is long enough for that to be safe.
    ///
    /// A key shorter than [`redact::MIN_API_KEY_LENGTH_FOR_VALUE_MASKING`] characters is left
    /// to the key-name rules of [`redact::text`], because replacing a short value everywhere
    /// also replaces it inside unrelated words.
    pub(crate) fn without_api_key(self, key: &str) -> Self {
        match redact::api_key_value(key) {
            Some(key) => self.without_values(&[key]),
            None => self,
        }
    }

    /// Replaces every occurrence of the given secret values in the messages this error
    /// carries, for values P100 may echo back (a PIN; the API key goes through
    /// [`Self::without_api_key`]). Empty values are skipped.
    pub(crate) fn without_values(mut self, secrets: &[&str]) -> Self {
        let scrub = |text: &mut String| {
            for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
                if text.contains(secret) {
                    *text = text.replace(secret, "<redacted>");
                }
            }
        };
        match &mut self {
            Self::Unauthorized { message } | Self::InvalidRequest(message) => scrub(message),
            Self::Validation {
                message, failures, ..
            } => {
                scrub(message);
                failures.iter_mut().for_each(scrub);
            }
            Self::Api(failure) => {
                if let Some(message) = &mut failure.message {
                    scrub(message);
                }
                if let Some(name) = &mut failure.name {
                    scrub(name);
                }
            }
            Self::RateLimited {
                message: Some(message),
                ..
            } => scrub(message),
            Self::Decode { body, reason, .. } => {
                scrub(body);
                scrub(reason);
            }
            _ => {}
        }
        self
    }
}
