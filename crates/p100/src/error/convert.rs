//! Turns what the generated client and reqwest return into [`Error`]: the one place where a
//! status, headers and an error body become a variant.

use std::time::Duration;

use p100_raw::types::ApiError;
use p100_raw::types::error::ConversionError;
use progenitor_client::Error as RawError;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::validation::split_failures;
use super::{ApiFailure, Error, ErrorCode};
use crate::{redact, retry};

impl From<RawError<ApiError>> for Error {
    /// Maps an error of the generated client.
    ///
    /// An `UnexpectedResponse` (a status the spec does not list for the operation) becomes an
    /// [`Error::Api`] without message here, because reading its body needs `.await`. The
    /// SDK's own calls read that body and keep its message.
    fn from(error: RawError<ApiError>) -> Self {
        match error {
            RawError::UnexpectedResponse(response) => {
                let status = response.status();
                Self::from_response_parts(status, response.headers(), b"")
            }
            other => Self::from_raw_sync(other),
        }
    }
}

impl From<ConversionError> for Error {
    /// Maps a failed `try_into()` of a generated body builder, such as a required field
    /// that was never set, so `?` works on it in functions returning [`crate::Result`].
    fn from(error: ConversionError) -> Self {
        Self::InvalidRequest(format!(
            "could not build the request body: {error}. Set every required field on the builder."
        ))
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Self::from_transport(error)
    }
}

impl Error {
    /// Maps an error of the generated client, reading the body of unexpected responses.
    pub(crate) async fn from_raw(error: RawError<ApiError>) -> Self {
        match error {
            RawError::UnexpectedResponse(response) => {
                let status = response.status();
                let headers = response.headers().clone();
                match response.bytes().await {
                    Ok(body) => Self::from_response_parts(status, &headers, &body),
                    Err(error) => Self::from_transport(error),
                }
            }
            other => Self::from_raw_sync(other),
        }
    }

    fn from_raw_sync(error: RawError<ApiError>) -> Self {
        match error {
            RawError::InvalidRequest(message) | RawError::Custom(message) => {
                Self::InvalidRequest(message)
            }
            RawError::CommunicationError(error)
            | RawError::InvalidUpgrade(error)
            | RawError::ResponseBodyError(error) => Self::from_transport(error),
            RawError::ErrorResponse(response) => {
                let status = response.status();
                let headers = response.headers().clone();
                Self::from_api_error(status, &headers, response.into_inner())
            }
            RawError::InvalidResponsePayload(body, error) => Self::Decode {
                status: retry::context::last_status(),
                body: redact::body_prefix(&body),
                reason: redact::parser_message(&error.to_string()),
            },
            RawError::UnexpectedResponse(response) => {
                Self::from_response_parts(response.status(), response.headers(), b"")
            }
        }
    }

    /// Maps a reqwest error: timeouts apart, everything is a transport error.
    pub(crate) fn from_transport(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            return Self::Timeout {
                source: error.without_url(),
            };
        }
        if error.is_decode() {
            return Self::Decode {
                status: error.status().or_else(retry::context::last_status),
                body: String::from("<unavailable>"),
                reason: redact::parser_message(&error.to_string()),
            };
        }
        Self::Transport { source: error }
    }

    /// Maps a non-success response of a hand-built request (uploads).
    ///
    /// A P100 error body is classified like those of generated calls. Any other body becomes
    /// the message of an `HTTP<status>` error, with secrets masked.
    pub(crate) fn from_response_parts(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Self {
        if let Ok(api_error) = serde_json::from_slice::<ApiError>(body) {
            return Self::from_api_error(status, headers, api_error);
        }

        let text = redact::body_prefix(body);
        let message = match body.iter().all(u8::is_ascii_whitespace) {
            true => status.canonical_reason().map(str::to_string),
            false => Some(text),
        };
        let synthesized = ApiError {
            error_code: format!("HTTP{}", status.as_u16()),
            error_message: message,
            error_name: None,
        };
        Self::from_api_error(status, headers, synthesized)
    }

    /// Classifies a P100 error body. Authentication is decided on the message text
    /// (`Access Denied. xo1/xo2/xo3`) whatever the status or body shape, because P100 sends
    /// it as plain text that the raw client's hooks wrap into an `ApiError`.
    fn from_api_error(status: StatusCode, headers: &HeaderMap, body: ApiError) -> Self {
        let message = body.error_message.as_deref().map(redact::text);
        let text = message.as_deref().unwrap_or_default();

        if let Some(error) = access_denied(text) {
            return error;
        }
        if status == StatusCode::UNAUTHORIZED {
            let message = message.unwrap_or_else(|| body.error_code.clone());
            return Self::Unauthorized { message };
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Self::RateLimited {
                retry_after: retry_after(headers),
                message,
            };
        }

        let code = ErrorCode::from_code(&body.error_code);
        if code == ErrorCode::ValidationFailed {
            let message = message.unwrap_or_default();
            let failures = split_failures(&message);
            return Self::Validation {
                status,
                message,
                failures,
            };
        }
        Self::Api(Box::new(ApiFailure {
            status,
            code,
            name: body.error_name.filter(|name| !name.is_empty()),
            message,
        }))
    }
}

/// Returns the authentication error named by an `Access Denied. xoN` message.
fn access_denied(message: &str) -> Option<Error> {
    let lower = message.to_ascii_lowercase();
    if !lower.contains("access denied") {
        return None;
    }
    if lower.contains("xo1") {
        return Some(Error::MissingApiKey);
    }
    if lower.contains("xo2") {
        return Some(Error::InvalidApiKey);
    }
    if lower.contains("xo3") {
        return Some(Error::IpNotAllowed);
    }
    None
}

/// Reads `Retry-After` as delay-seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delay = date.signed_duration_since(chrono::Utc::now());
    Some(delay.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn parts(status: u16, body: &str) -> Error {
        let status = StatusCode::from_u16(status).unwrap();
        Error::from_response_parts(status, &HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn access_denied_codes_map_to_auth_variants() {
        assert!(matches!(
            parts(401, "Access Denied. xo1"),
            Error::MissingApiKey
        ));
        assert!(matches!(
            parts(401, "Access Denied. xo2"),
            Error::InvalidApiKey
        ));
        assert!(matches!(
            parts(401, "Access Denied. xo3"),
            Error::IpNotAllowed
        ));
        let json = r#"{"errorCode":"P401","errorMessage":"Access Denied. xo2"}"#;
        assert!(matches!(parts(403, json), Error::InvalidApiKey));
        assert!(matches!(parts(401, "nope"), Error::Unauthorized { .. }));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
