//! Cross-cutting request handling: the API key check, rate limiting, one log line per request,
//! the 404/405 fallbacks and the response to a panic.

use std::any::Any;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::SharedApp;
use crate::error::{ApiFailure, AuthFailure};
use crate::ratelimit::retry_after_seconds;

/// Header that carries the API key.
pub const API_KEY_HEADER: &str = "x-api-key";

/// Rejects requests without the configured key: `Access Denied. xo1` when the header is
/// missing, `Access Denied. xo2` when it differs.
pub async fn require_api_key(
    State(app): State<SharedApp>,
    request: Request,
    next: Next,
) -> Response {
    let Some(sent) = request.headers().get(API_KEY_HEADER) else {
        return AuthFailure::MissingKey.into_response();
    };
    if !constant_time_eq(sent.as_bytes(), app.config().api_key.as_bytes()) {
        return AuthFailure::WrongKey.into_response();
    }
    next.run(request).await
}

/// Compares two byte strings in time that depends only on their lengths.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    left.iter()
        .zip(right)
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// Returns 429 with `Retry-After` when the rate limit is on and exhausted.
pub async fn rate_limit(State(app): State<SharedApp>, request: Request, next: Next) -> Response {
    if let Some(limiter) = app.limiter()
        && let Err(wait) = limiter.try_acquire()
    {
        return ApiFailure::too_many_requests(retry_after_seconds(wait)).into_response();
    }
    next.run(request).await
}

/// Counts every request and logs its method, path, status and duration in whole
/// microseconds (`elapsed_us`). The query string is left out.
pub async fn log_request(State(app): State<SharedApp>, request: Request, next: Next) -> Response {
    app.count_request();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let elapsed_us = whole_micros(started.elapsed());
    tracing::info!(%method, %path, status, elapsed_us, "request");
    response
}

/// Returns `duration` in whole microseconds, saturating at `u64::MAX`.
pub(crate) fn whole_micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

/// Returns 404 with an `ApiError` body for an unknown path.
pub async fn unknown_route(method: Method, uri: Uri) -> ApiFailure {
    ApiFailure::unknown_route(method.as_str(), uri.path())
}

/// Returns 405 with an `ApiError` body for an unsupported method on a known path.
pub async fn method_not_allowed(method: Method, uri: Uri) -> ApiFailure {
    ApiFailure::method_not_allowed(method.as_str(), uri.path())
}

/// Turns a panic in a handler into a `P500` response instead of a dropped connection.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    tracing::error!(%detail, "handler panicked");
    let failure = ApiFailure::internal("Unknown exception.");
    let mut response = failure.into_response();
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_micros_truncates() {
        assert_eq!(whole_micros(Duration::from_nanos(368_160)), 368);
        assert_eq!(whole_micros(Duration::from_secs(2)), 2_000_000);
    }

    #[test]
    fn constant_time_eq_compares_bytes() {
        assert!(constant_time_eq(b"sandbox-key", b"sandbox-key"));
        assert!(!constant_time_eq(b"sandbox-key", b"sandbox-kez"));
        assert!(!constant_time_eq(b"short", b"longer"));
    }
}
