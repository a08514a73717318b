//! Error responses: P100's `ApiError` body with its P-code and HTTP status, and the plain-text
//! 401 of a missing or wrong API key.
//!
//! `errorName` is set only where the spec documents one. The other codes carry none, because
//! their real names are not known.
//!
//! Every handler returns `Result<_, ApiFailure>`. Turning an `ApiFailure` into a response logs
//! it with its code and status, so every rejected request leaves one log line.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use p100_raw::types::ApiError;

/// A request the sandbox rejects: status, P-code, kebab-case name and message.
#[derive(Debug, Clone)]
pub struct ApiFailure {
    status: StatusCode,
    code: &'static str,
    name: Option<&'static str>,
    message: String,
    /// Text for the log line when `message` may echo request values such as a PIN.
    log_detail: Option<String>,
    retry_after_seconds: Option<u64>,
}

/// Result of a handler or state operation.
pub type ApiResult<T> = Result<T, ApiFailure>;

impl ApiFailure {
    fn new(
        status: StatusCode,
        code: &'static str,
        name: Option<&'static str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code,
            name,
            message: message.into(),
            log_detail: None,
            retry_after_seconds: None,
        }
    }

    /// `P403` validation error (HTTP 400, no `errorName`).
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "P403", None, message)
    }

    /// `P403` whose message may contain request values, logged as `log_detail` instead.
    pub fn validation_with_log(message: impl Into<String>, log_detail: impl Into<String>) -> Self {
        let mut failure = Self::validation(message);
        failure.log_detail = Some(log_detail.into());
        failure
    }

    /// `P410 invalid-currency`.
    pub fn invalid_currency(code: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P410",
            Some("invalid-currency"),
            format!(
                "Currency {code:?} is not supported; use one of: {}.",
                crate::catalog::crypto_codes()
            ),
        )
    }

    /// `P411 user-exists`.
    pub fn user_exists(external_user_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P411",
            Some("user-exists"),
            format!("User {external_user_id:?} already exists; choose another externalUserId."),
        )
    }

    /// `P412 invalid-user`: the user does not exist (or was deleted).
    pub fn invalid_user(external_user_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P412",
            Some("invalid-user"),
            format!("User does not exist: {external_user_id:?}."),
        )
    }

    /// `P424 source-or-destination-required`.
    pub fn source_or_destination_required() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P424",
            Some("source-or-destination-required"),
            "Source or destination must be provided.",
        )
    }

    /// `P426`: a file is not JPEG, PNG or PDF.
    pub fn invalid_file_type(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "P426", None, detail)
    }

    /// `P428 sepa-transfer-not-found` (HTTP 404).
    pub fn sepa_transfer_not_found(transfer_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "P428",
            Some("sepa-transfer-not-found"),
            format!("SEPA transfer not found: {transfer_id:?}."),
        )
    }

    /// `P433 insufficient-funds`.
    pub fn insufficient_funds(currency: &str, available: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P433",
            Some("insufficient-funds"),
            format!("Insufficient funds: the {currency} balance is {available}."),
        )
    }

    /// `P434 invalid-card`.
    pub fn invalid_card(card_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P434",
            Some("invalid-card"),
            format!("Card does not exist: {card_id:?}."),
        )
    }

    /// `P440`: a file is larger than the limit.
    pub fn file_too_large(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "P440", None, detail)
    }

    /// `P445`: no KYC verification exists for the user (HTTP 404).
    pub fn kyc_not_found(external_user_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "P445",
            None,
            format!("KYC not found for user {external_user_id:?}; start one with POST /v1/kyc."),
        )
    }

    /// `P447`: the proof of address is already verified.
    pub fn poa_already_verified() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P447",
            None,
            "POA already verified.",
        )
    }

    /// `P451 forbidden-country-card`.
    pub fn forbidden_country_card(country: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P451",
            Some("forbidden-country-card"),
            format!("Cards are not available to users from {country}."),
        )
    }

    /// `P454`: a user with active cards cannot be suspended.
    pub fn suspension_blocked_by_cards(active_cards: usize) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P454",
            None,
            format!(
                "Suspension is not possible due to active cards ({active_cards}); block or delete them first."
            ),
        )
    }

    /// `P455 user-suspended`.
    pub fn user_suspended(external_user_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P455",
            Some("user-suspended"),
            format!("User {external_user_id:?} is suspended; unsuspend the user first."),
        )
    }

    /// `P459`: the user is not verified (status is not `ACTIVE`).
    pub fn user_not_verified(external_user_id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "P459",
            None,
            format!("User {external_user_id:?} is not verified; call Add User Verification first."),
        )
    }

    /// Generic not-found (HTTP 404) for ids without a documented P-code.
    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "P404",
            None,
            format!("{what} not found: {id:?}."),
        )
    }

    /// Unknown path (HTTP 404).
    pub fn unknown_route(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "P404",
            None,
            format!("No operation at {method} {path}."),
        )
    }

    /// Known path, unsupported method (HTTP 405).
    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "P405",
            None,
            format!("Method {method} is not allowed on {path}."),
        )
    }

    /// Rate limited (HTTP 429 with `Retry-After`).
    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        let mut failure = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "P429",
            Some("too-many-requests"),
            format!("Too many requests; retry after {retry_after_seconds} s."),
        );
        failure.retry_after_seconds = Some(retry_after_seconds);
        failure
    }

    /// `P500` (HTTP 400, as P100 documents it) for a failure inside the sandbox.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "P500", None, message)
    }

    /// P-code of the response.
    #[cfg(test)]
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Message of the response.
    #[cfg(test)]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Builds the `ApiError` body.
    pub fn body(&self) -> ApiError {
        ApiError {
            error_code: self.code.to_string(),
            error_name: self.name.map(str::to_string),
            error_message: Some(self.message.clone()),
        }
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let detail = self.log_detail.as_deref().unwrap_or(&self.message);
        tracing::info!(
            status = self.status.as_u16(),
            code = self.code,
            detail,
            "request rejected"
        );
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Reason the API key check rejected a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// No `x-api-key` header (`Access Denied. xo1`).
    MissingKey,
    /// The key does not match (`Access Denied. xo2`).
    WrongKey,
}

impl IntoResponse for AuthFailure {
    fn into_response(self) -> Response {
        let text = match self {
            Self::MissingKey => "Access Denied. xo1",
            Self::WrongKey => "Access Denied. xo2",
        };
        tracing::info!(status = 401, reason = text, "request rejected");
        (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text,
        )
            .into_response()
    }
}
