//! An axum router that receives P100 webhooks (cargo feature `axum`).
//!
//! The router mounts every delivery path of the spec and checks the token before it reads the
//! body. It responds 200 at once and runs the partner's handler in a spawned task, because
//! P100 counts a slow reply as a failure and retries it. At most `max_in_flight` handlers run at a
//! time. A delivery that arrives while all slots are busy gets 503, and P100 resends it about
//! 8 seconds later.
//!
//! ```no_run
//! use p100::webhook::{Event, Verifier};
//!
//! # async fn run() -> std::io::Result<()> {
//! let verifier = Verifier::new(std::env::var("P100_WEBHOOK_TOKEN").unwrap_or_default());
//! let webhooks = p100::webhook::axum::router(verifier, |event: Event| async move {
//!     println!("received {:?}", event.kind());
//! });
//! let app = axum::Router::new().nest("/p100", webhooks);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{OriginalUri, Request};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use p100_raw::webhooks::WEBHOOKS;
use tokio::sync::Semaphore;

use super::error::WebhookError;
use super::event::Event;
use super::verify::Verifier;

/// Maximum body size accepted by default, in bytes. Documented payloads are a few hundred
/// bytes.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// Number of handlers that may run at once by default.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 64;

type BoxedHandler = Arc<dyn Fn(Event) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// Builds a router that receives every documented webhook kind and passes each event to
/// `handler`.
///
/// The router has no fallback, so it can be merged into or nested in the partner's app. Use
/// [`WebhookRouter`] to change the limits or to accept posts at any other path.
pub fn router<H, F>(verifier: Verifier, handler: H) -> Router
where
    H: Fn(Event) -> F + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    WebhookRouter::new(verifier, handler).into_router()
}

/// Builder of the webhook router, for settings beyond [`router`]'s defaults.
pub struct WebhookRouter {
    verifier: Verifier,
    handler: BoxedHandler,
    max_in_flight: usize,
    body_limit: usize,
    catch_all: bool,
}

impl std::fmt::Debug for WebhookRouter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRouter")
            .field("verifier", &self.verifier)
            .field("max_in_flight", &self.max_in_flight)
            .field("body_limit", &self.body_limit)
            .field("catch_all", &self.catch_all)
            .finish_non_exhaustive()
    }
}

impl WebhookRouter {
    /// Starts a router that verifies deliveries with `verifier` and passes events to `handler`.
    pub fn new<H, F>(verifier: Verifier, handler: H) -> Self
    where
        H: Fn(Event) -> F + Send + Sync + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let handler: BoxedHandler = Arc::new(move |event| Box::pin(handler(event)));
        Self {
            verifier,
            handler,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            body_limit: DEFAULT_BODY_LIMIT,
            catch_all: false,
        }
    }

    /// Sets how many handlers may run at once (at least 1); further deliveries get 503 and
    /// P100 retries them.
    pub fn max_in_flight(mut self, handlers: usize) -> Self {
        self.max_in_flight = handlers.max(1);
        self
    }

    /// Sets the maximum body size in bytes; larger bodies get 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Also accepts POSTs at any path the spec does not list, as a fallback route.
    ///
    /// Such deliveries are parsed like the others: an envelope with a known `event_type`
    /// gives a typed event, anything else [`Event::Unknown`]. Use this when the router is
    /// nested under its own prefix; axum panics when two merged routers both have a fallback.
    pub fn catch_all(mut self, enabled: bool) -> Self {
        self.catch_all = enabled;
        self
    }

    /// Builds the axum router.
    pub fn into_router(self) -> Router {
        let receiver = Arc::new(Receiver {
            verifier: self.verifier,
            handler: self.handler,
            slots: Arc::new(Semaphore::new(self.max_in_flight)),
            body_limit: self.body_limit,
        });

        let mut router = Router::new();
        for hook in WEBHOOKS {
            let receiver = receiver.clone();
            let path = hook.delivery_path;
            router = router.route(
                path,
                post(move |request: Request| async move { receiver.receive(path, request).await }),
            );
        }
        if !self.catch_all {
            return router;
        }

        router.fallback(
            move |OriginalUri(uri): OriginalUri, request: Request| async move {
                if request.method() != Method::POST {
                    return StatusCode::NOT_FOUND.into_response();
                }
                receiver.receive(uri.path(), request).await
            },
        )
    }
}

/// State shared by every route of one router.
struct Receiver {
    verifier: Verifier,
    handler: BoxedHandler,
    slots: Arc<Semaphore>,
    body_limit: usize,
}

impl Receiver {
    /// Verifies, parses and dispatches one delivery. `route_path` picks the kind; logs show
    /// the full request path, including the prefix the router is nested under.
    async fn receive(&self, route_path: &str, request: Request) -> Response {
        let full_path = request
            .extensions()
            .get::<OriginalUri>()
            .map(|uri| uri.path().to_string());
        let path = full_path.as_deref().unwrap_or(route_path);

        let event = match self.read_event(route_path, request).await {
            Ok(event) => event,
            Err(ReadError::Rejected(error)) => {
                let status = error.status_code();
                tracing::warn!(path, status = status.as_u16(), %error, "webhook rejected");
                return (status, error.to_string()).into_response();
            }
            Err(ReadError::Body(error)) => {
                tracing::warn!(path, %error, "webhook body could not be read");
                return (StatusCode::BAD_REQUEST, "webhook body could not be read").into_response();
            }
        };

        let Ok(slot) = self.slots.clone().try_acquire_owned() else {
            tracing::warn!(
                path,
                "webhook handlers busy; responding 503 so that P100 retries"
            );
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        let kind = event.kind().map_or("unknown", |kind| kind.name());
        tracing::info!(path, webhook = kind, "webhook received");

        let handler = self.handler.clone();
        tokio::spawn(async move {
            handler(event).await;
            drop(slot);
        });
        StatusCode::OK.into_response()
    }

    async fn read_event(&self, path: &str, request: Request) -> Result<Event, ReadError> {
        let (parts, body) = request.into_parts();
        self.verifier.verify(&parts.headers)?;

        let body = match axum::body::to_bytes(Body::new(body), self.body_limit).await {
            Ok(body) => body,
            Err(error) if is_length_limit(&error) => {
                let path = path.to_string();
                return Err(ReadError::Rejected(WebhookError::PayloadTooLarge {
                    path,
                    limit: self.body_limit,
                }));
            }
            Err(error) => return Err(ReadError::Body(error)),
        };
        Event::parse(path, &body).map_err(ReadError::Rejected)
    }
}

/// Failure to turn a delivery into an event.
enum ReadError {
    /// Token, JSON or size check failed. The response has the error's status.
    Rejected(WebhookError),
    /// The body stream failed, usually because the client went away.
    Body(axum::Error),
}

impl From<WebhookError> for ReadError {
    fn from(error: WebhookError) -> Self {
        ReadError::Rejected(error)
    }
}

/// Returns true when reading the body stopped at the size limit.
fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = current.source();
    }
    false
}
