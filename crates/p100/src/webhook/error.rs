//! Reasons for rejecting a webhook delivery, and the HTTP status of the response.

use http::StatusCode;

/// Reason the `Authorization` header of a delivery failed verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthFailure {
    /// The request has no `Authorization` header.
    MissingHeader,
    /// The header does not match the Webhook Security Token.
    TokenMismatch,
    /// The verifier was built with an empty token, so it accepts no request.
    EmptyToken,
}

impl std::fmt::Display for AuthFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::MissingHeader => "the Authorization header is missing",
            Self::TokenMismatch => "the Authorization header does not match the webhook token",
            Self::EmptyToken => "the verifier was configured with an empty webhook token",
        })
    }
}

/// A rejected webhook delivery, to be responded to with an error status instead of 200.
///
/// Messages never contain the token or the payload.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The `Authorization` header is missing or wrong; the body was not parsed. Respond 401.
    #[error("webhook request rejected: {reason}; check the Webhook Security Token issued by P100")]
    Unauthorized {
        /// Reason the header failed verification.
        reason: AuthFailure,
    },

    /// The body is not valid JSON. Respond 400.
    #[error("webhook body posted to {path} is not valid JSON: {source}")]
    InvalidPayload {
        /// Request path the body was posted to.
        path: String,
        /// The JSON syntax error (line and column, no payload text).
        source: serde_json::Error,
    },

    /// The body is larger than the receiver accepts. Respond 413.
    #[error("webhook body posted to {path} is larger than the limit of {limit} bytes")]
    PayloadTooLarge {
        /// Request path the body was posted to.
        path: String,
        /// Maximum body size in bytes.
        limit: usize,
    },
}

impl WebhookError {
    /// Returns the HTTP status of the response to the delivery.
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::InvalidPayload { .. } => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    /// Returns true when the delivery failed token verification.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Unauthorized { .. })
    }
}
