//! A recording HTTP proxy for the end-to-end tests, and the mapping from a request line to
//! the spec operation it calls.
//!
//! The SDK under test talks to the proxy, the proxy forwards every request to a Prism mock
//! server or a sandbox and records the method, path, status and the `sl-violations` header
//! of each exchange. Prism sets that header whenever a request breaks the spec, including
//! violations of severity `Warning` that still get a 2xx mock response, so the record shows
//! problems the SDK's own result would hide. In front of the sandbox, the record shows which
//! operations a scenario covered.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use p100_raw::operations::{OPERATIONS, OperationInfo};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Largest request body the proxy forwards, in bytes (uploads stay far below it).
const MAX_BODY: usize = 32 * 1024 * 1024;

/// Headers that describe one hop of a connection and are not forwarded.
const HOP_HEADERS: &[&str] = &[
    "connection",
    "content-length",
    "host",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
];

/// One request the proxy forwarded and the upstream server's response.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// HTTP method in upper case.
    pub method: String,
    /// Request path without the query string.
    pub path: String,
    /// Status of the upstream response (502 when the upstream server could not be reached).
    pub status: u16,
    /// Value of the `sl-violations` response header that Prism sets, when present.
    pub violations: Option<String>,
}

/// A running proxy in front of one upstream server.
#[derive(Debug)]
pub struct RecordingProxy {
    address: SocketAddr,
    log: Arc<Mutex<Vec<Exchange>>>,
    task: JoinHandle<()>,
}

#[derive(Clone)]
struct Upstream {
    base_url: String,
    client: reqwest::Client,
    log: Arc<Mutex<Vec<Exchange>>>,
    removed_header: Option<HeaderName>,
}

impl RecordingProxy {
    /// Starts a proxy on an ephemeral loopback port that forwards to `upstream_base_url`.
    ///
    /// # Errors
    /// Fails when no loopback port can be bound.
    pub async fn spawn(upstream_base_url: &str) -> Result<Self> {
        Self::start(upstream_base_url, None).await
    }

    /// Starts a proxy that removes the request header `header` before forwarding, for
    /// example `x-api-key` to produce a request without credentials from a client that
    /// always sends them.
    ///
    /// # Errors
    /// Fails when no loopback port can be bound.
    pub async fn spawn_without_header(
        upstream_base_url: &str,
        header: &'static str,
    ) -> Result<Self> {
        Self::start(upstream_base_url, Some(HeaderName::from_static(header))).await
    }

    async fn start(upstream_base_url: &str, removed_header: Option<HeaderName>) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("binding the recording proxy to a loopback port")?;
        let address = listener.local_addr()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let upstream = Upstream {
            base_url: upstream_base_url.trim_end_matches('/').to_string(),
            client: reqwest::Client::new(),
            log: log.clone(),
            removed_header,
        };
        let router = Router::new().fallback(forward).with_state(upstream);
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                eprintln!("recording proxy stopped: {error}");
            }
        });
        Ok(Self { address, log, task })
    }

    /// Returns the base URL clients use to reach the proxy.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns every exchange so far, in the order the responses were complete.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(State(upstream): State<Upstream>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_string();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or(path.clone(), |value| value.as_str().to_string());

    let mut headers = end_to_end(&parts.headers);
    if let Some(name) = &upstream.removed_header {
        headers.remove(name);
    }
    let result = async {
        let body = axum::body::to_bytes(body, MAX_BODY).await?;
        let url = format!("{}{}", upstream.base_url, path_and_query);
        let response = upstream
            .client
            .request(method.clone(), url)
            .headers(headers)
            .body(body)
            .send()
            .await?;
        let status = response.status();
        let headers = end_to_end(response.headers());
        let bytes: Bytes = response.bytes().await?;
        anyhow::Ok((status, headers, bytes))
    }
    .await;

    let (status, headers, bytes) = match result {
        Ok(parts) => parts,
        Err(error) => {
            let message = format!("the proxy could not reach the upstream server: {error:#}");
            (
                StatusCode::BAD_GATEWAY,
                HeaderMap::new(),
                Bytes::from(message),
            )
        }
    };
    let violations = headers
        .get("sl-violations")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    upstream
        .log
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Exchange {
            method: method.as_str().to_string(),
            path,
            status: status.as_u16(),
            violations,
        });

    (status, headers, Body::from(bytes)).into_response()
}

/// Copies `headers` without the hop-by-hop ones.
fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let mut copy = HeaderMap::new();
    for (name, value) in headers {
        if HOP_HEADERS.contains(&name.as_str()) {
            continue;
        }
        copy.append(HeaderName::from(name), value.clone());
    }
    copy
}

/// Finds the operation that `method` and `path` call. When several path templates match,
/// the one with the most literal segments wins, as in the routers of P100 and the sandbox.
pub fn operation_for(method: &str, path: &str) -> Option<&'static OperationInfo> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    OPERATIONS
        .iter()
        .filter(|operation| operation.method.eq_ignore_ascii_case(method))
        .filter_map(|operation| {
            let template: Vec<&str> = operation.path.trim_matches('/').split('/').collect();
            if template.len() != segments.len() {
                return None;
            }
            let mut literals = 0;
            for (expected, actual) in template.iter().zip(&segments) {
                if expected.starts_with('{') && expected.ends_with('}') {
                    if actual.is_empty() {
                        return None;
                    }
                    continue;
                }
                if expected != actual {
                    return None;
                }
                literals += 1;
            }
            Some((literals, operation))
        })
        .max_by_key(|(literals, _)| *literals)
        .map(|(_, operation)| operation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_beat_parameters() {
        let create = operation_for("POST", "/v1/user/balances/crypto-and-fiat").unwrap();
        assert_eq!(create.operation_id, "createUser");
        let balances = operation_for("GET", "/v1/user/balances/user-1").unwrap();
        assert_eq!(balances.operation_id, "getUserBalances");
        let suspend = operation_for("PATCH", "/v1/user/suspend/user-1").unwrap();
        assert_eq!(suspend.operation_id, "suspendUser");
        let update = operation_for("PATCH", "/v1/user/user-1").unwrap();
        assert_eq!(update.operation_id, "updateUser");
    }

    #[test]
    fn unknown_requests_match_nothing() {
        assert!(operation_for("GET", "/v1/no/such/path").is_none());
        assert!(operation_for("PUT", "/v1/partner/balances").is_none());
        assert!(operation_for("GET", "/v1/user/balances/").is_none());
    }

    #[test]
    fn every_operation_matches_its_own_template() {
        for operation in OPERATIONS {
            let path = operation
                .path
                .split('/')
                .map(|segment| {
                    if segment.starts_with('{') {
                        "x-1"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let found = operation_for(operation.method, &path).unwrap();
            assert_eq!(found.operation_id, operation.operation_id, "{path}");
        }
    }
}
