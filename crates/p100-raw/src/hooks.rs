//! Hooks that progenitor's generated client calls around every request.
//!
//! The spec's security scheme is ignored by the generator, so the `x-api-key` header is added
//! here from [`ClientState`]. The same hooks drop the `api-version` header that progenitor
//! adds, because P100 does not document it. They hand the request to an optional [`Executor`]
//! (the SDK's retry loop) and turn error bodies that are not JSON into an `ApiError`, so the
//! status survives.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue};

use crate::Client;

/// Response header set on an error response whose body the hooks rewrote into an `ApiError`,
/// because P100 sent plain text (for example `Access Denied. xo1` with 401).
pub const SYNTHESIZED_ERROR_HEADER: &str = "x-p100-synthesized-error";

/// Maximum number of bytes of a non-JSON error body kept in the synthesized `errorMessage`.
const MAX_SYNTHESIZED_MESSAGE: usize = 512;

/// Future returned by an [`Executor`].
pub type ExecuteFuture<'a> =
    Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>;

/// Sends one request on behalf of the generated client: the place for retries and tracing.
pub trait Executor: Send + Sync + 'static {
    /// Sends `request` for the operation `operation_id` and returns the final response.
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> ExecuteFuture<'a>;
}

/// State the generated client carries into every hook call.
#[derive(Clone, Default)]
pub struct ClientState {
    api_key: Option<HeaderValue>,
    executor: Option<Arc<dyn Executor>>,
}

impl std::fmt::Debug for ClientState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientState")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("executor", &self.executor.as_ref().map(|_| "<custom>"))
            .finish()
    }
}

impl ClientState {
    /// Creates a state that sends `api_key` in the `x-api-key` header.
    ///
    /// # Errors
    /// Fails when the key contains characters not allowed in an HTTP header value.
    pub fn with_api_key(api_key: &str) -> Result<Self, reqwest::header::InvalidHeaderValue> {
        let mut value = HeaderValue::from_str(api_key)?;
        value.set_sensitive(true);
        Ok(Self {
            api_key: Some(value),
            executor: None,
        })
    }

    /// Creates a state that sends no API key (for the browser redirect URL or tests).
    pub fn without_api_key() -> Self {
        Self::default()
    }

    /// Sends every request through `executor` instead of calling reqwest directly.
    pub fn executor(mut self, executor: Arc<dyn Executor>) -> Self {
        self.executor = Some(executor);
        self
    }
}

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let headers = request.headers_mut();
        headers.remove("api-version");
        if let Some(key) = &self.inner().api_key {
            headers.insert(HeaderName::from_static("x-api-key"), key.clone());
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let response = match &self.inner().executor {
            Some(executor) => {
                executor
                    .execute(self.client(), request, info.operation_id)
                    .await?
            }
            None => self.client().execute(request).await?,
        };
        normalize_error_body(response).await
    }
}

use progenitor_client::ClientInfo;

/// Rewrites a 4xx/5xx response whose body is not a JSON object with `errorCode` into an
/// `ApiError` body, keeping the status and headers, and marks it with
/// [`SYNTHESIZED_ERROR_HEADER`]. Successful responses pass through untouched.
///
/// The synthesized body is `{"errorCode": "HTTP<status>", "errorMessage": <text>}`: the text is
/// the original body cut to 512 bytes, or the status reason when the body is empty.
async fn normalize_error_body(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }

    let mut headers = response.headers().clone();
    let url = response.url().clone();
    let version = response.version();
    let body = response.bytes().await?;
    if is_api_error(&body) {
        return Ok(rebuild(status, version, headers, url, body.to_vec()));
    }

    let text = String::from_utf8_lossy(&body);
    let mut message = text.trim().to_string();
    if message.len() > MAX_SYNTHESIZED_MESSAGE {
        let mut cut = MAX_SYNTHESIZED_MESSAGE;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
    }
    if message.is_empty() {
        message = status.canonical_reason().unwrap_or("no body").to_string();
    }
    let synthesized = serde_json::json!({
        "errorCode": format!("HTTP{}", status.as_u16()),
        "errorMessage": message,
    });
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.remove(reqwest::header::CONTENT_LENGTH);
    headers.insert(
        HeaderName::from_static(SYNTHESIZED_ERROR_HEADER),
        HeaderValue::from_static("true"),
    );
    Ok(rebuild(
        status,
        version,
        headers,
        url,
        synthesized.to_string().into_bytes(),
    ))
}

fn is_api_error(body: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => map.get("errorCode").is_some_and(|c| c.is_string()),
        _ => false,
    }
}

fn rebuild(
    status: reqwest::StatusCode,
    version: http::Version,
    headers: reqwest::header::HeaderMap,
    url: reqwest::Url,
    body: Vec<u8>,
) -> reqwest::Response {
    let mut builder = http::Response::builder().status(status).version(version);
    if let Some(map) = builder.headers_mut() {
        *map = headers;
    }
    let response = builder
        .body(body)
        .unwrap_or_else(|_| http::Response::new(Vec::new()));
    let mut response = reqwest::Response::from(response);
    // NOTE: reqwest offers no setter for the URL of a response built from parts, so the
    // rebuilt response reports a placeholder URL; callers read the URL from the request.
    let _ = url;
    response.headers_mut();
    response
}
