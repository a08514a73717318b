//! Per-call context: the executor records the HTTP status of each response here, so an
//! error that progenitor reports without a status (a body that does not decode) still gets
//! one.
//!
//! The context is a tokio task-local scoped around each SDK call; outside a scope the
//! functions do nothing.

use std::future::Future;
use std::sync::atomic::{AtomicU16, Ordering};

use reqwest::StatusCode;

tokio::task_local! {
    static CALL: CallContext;
}

#[derive(Default)]
struct CallContext {
    /// Status of the last response, 0 before any response.
    last_status: AtomicU16,
}

/// Runs `future` inside a fresh call context.
pub(crate) async fn scope<F: Future>(future: F) -> F::Output {
    CALL.scope(CallContext::default(), future).await
}

/// Records the status of a response received inside the current call.
pub(crate) fn record_status(status: StatusCode) {
    let _ = CALL.try_with(|call| call.last_status.store(status.as_u16(), Ordering::Relaxed));
}

/// Returns the status of the last response received inside the current call.
pub(crate) fn last_status() -> Option<StatusCode> {
    let code = CALL
        .try_with(|call| call.last_status.load(Ordering::Relaxed))
        .ok()?;
    StatusCode::from_u16(code).ok()
}
