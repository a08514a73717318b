//! Checks the Webhook Security Token that P100 sends in the `Authorization` header.
//!
//! P100 issues the token at onboarding and sends it unchanged in `Authorization`, with no
//! signature, timestamp or nonce. The docs show the bare token. This verifier also accepts it
//! after a `Bearer ` prefix (any case), which costs nothing and survives a proxy or a future
//! docs change that adds the prefix.

use std::sync::Arc;

use http::HeaderMap;
use http::header::AUTHORIZATION;
use subtle::{Choice, ConstantTimeEq};

use super::error::{AuthFailure, WebhookError};
use super::event::Event;

/// Verifies webhook deliveries against the partner's Webhook Security Token.
///
/// Cheap to clone. `Debug` never shows the token.
///
/// ```
/// use p100::webhook::{Event, Verifier};
///
/// let verifier = Verifier::new("whsec-test-token");
/// let mut headers = http::HeaderMap::new();
/// headers.insert(http::header::AUTHORIZATION, "whsec-test-token".parse().unwrap());
/// let body = br#"{"externalUserId": "u-1", "status": "ACTIVE"}"#;
///
/// let event = verifier.parse("/webhook/user/status", &headers, body).unwrap();
/// assert!(matches!(event, Event::UserBalanceGeneration(_)));
/// ```
#[derive(Clone)]
pub struct Verifier {
    token: Arc<[u8]>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("token", &"<redacted>")
            .finish()
    }
}

impl Verifier {
    /// Creates a verifier for `token`, the Webhook Security Token issued by P100.
    ///
    /// An empty token matches no request, so every delivery is rejected with
    /// [`AuthFailure::EmptyToken`] instead of being accepted without a check.
    pub fn new(token: impl Into<String>) -> Self {
        let token: String = token.into();
        if token.is_empty() {
            tracing::warn!(
                "webhook verifier created with an empty token; it rejects every request"
            );
        }
        Self {
            token: Arc::from(token.into_bytes()),
        }
    }

    /// Checks the `Authorization` header in `headers`.
    ///
    /// # Errors
    /// [`WebhookError::Unauthorized`] when the header is missing or does not match the token.
    pub fn verify(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        let value = headers.get(AUTHORIZATION).map(|value| value.as_bytes());
        self.verify_authorization(value)
    }

    /// Checks the raw value of an `Authorization` header, for frameworks that do not use the
    /// `http` crate's header types.
    ///
    /// The token is compared in constant time with the whole value and with the value after a
    /// `Bearer ` prefix. The comparison still reveals whether the lengths are equal, which
    /// `subtle` does not hide.
    ///
    /// # Errors
    /// [`WebhookError::Unauthorized`] when `value` is `None` or does not match the token.
    pub fn verify_authorization(&self, value: Option<&[u8]>) -> Result<(), WebhookError> {
        if self.token.is_empty() {
            return Err(WebhookError::Unauthorized {
                reason: AuthFailure::EmptyToken,
            });
        }
        let Some(value) = value else {
            return Err(WebhookError::Unauthorized {
                reason: AuthFailure::MissingHeader,
            });
        };

        let whole = value.ct_eq(&self.token);
        let after_bearer = match strip_bearer(value) {
            Some(rest) => rest.ct_eq(&self.token),
            None => Choice::from(0),
        };
        if bool::from(whole | after_bearer) {
            return Ok(());
        }
        Err(WebhookError::Unauthorized {
            reason: AuthFailure::TokenMismatch,
        })
    }

    /// Verifies the token, then parses the body posted to `path` into an [`Event`].
    ///
    /// The body is not read when the token check fails. See [`Event::parse`] for how the
    /// kind is chosen.
    ///
    /// # Errors
    /// [`WebhookError::Unauthorized`] (respond 401) for a missing or wrong token,
    /// [`WebhookError::InvalidPayload`] (respond 400) for a body that is not JSON.
    pub fn parse(
        &self,
        path: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Event, WebhookError> {
        self.verify(headers)?;
        Event::parse(path, body)
    }
}

/// Returns the part after a leading `Bearer ` (scheme name in any case), if present.
fn strip_bearer(value: &[u8]) -> Option<&[u8]> {
    const SCHEME: &[u8] = b"bearer ";
    let head = value.get(..SCHEME.len())?;
    if !head.eq_ignore_ascii_case(SCHEME) {
        return None;
    }
    Some(value[SCHEME.len()..].trim_ascii_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<(), WebhookError>) -> Option<AuthFailure> {
        match result {
            Err(WebhookError::Unauthorized { reason }) => Some(reason),
            _ => None,
        }
    }

    #[test]
    fn accepts_bare_and_bearer_token() {
        let verifier = Verifier::new("s3cret");
        assert!(verifier.verify_authorization(Some(b"s3cret")).is_ok());
        assert!(
            verifier
                .verify_authorization(Some(b"Bearer s3cret"))
                .is_ok()
        );
        assert!(
            verifier
                .verify_authorization(Some(b"bearer s3cret"))
                .is_ok()
        );
    }

    #[test]
    fn rejects_wrong_missing_and_partial() {
        let verifier = Verifier::new("s3cret");
        let mismatch = Some(AuthFailure::TokenMismatch);
        assert_eq!(
            reason(verifier.verify_authorization(Some(b"s3cre"))),
            mismatch
        );
        assert_eq!(
            reason(verifier.verify_authorization(Some(b"s3cret2"))),
            mismatch
        );
        assert_eq!(
            reason(verifier.verify_authorization(Some(b"Basic s3cret"))),
            mismatch
        );
        assert_eq!(reason(verifier.verify_authorization(Some(b""))), mismatch);
        let missing = Some(AuthFailure::MissingHeader);
        assert_eq!(reason(verifier.verify_authorization(None)), missing);
    }

    #[test]
    fn empty_token_rejects_everything() {
        let verifier = Verifier::new("");
        let empty = Some(AuthFailure::EmptyToken);
        assert_eq!(reason(verifier.verify_authorization(Some(b""))), empty);
        assert_eq!(
            reason(verifier.verify_authorization(Some(b"Bearer "))),
            empty
        );
    }

    #[test]
    fn debug_hides_token() {
        let debug_output = format!("{:?}", Verifier::new("s3cret"));
        assert!(!debug_output.contains("s3cret"), "{debug_output}");
    }
}
