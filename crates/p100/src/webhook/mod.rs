//! Receiving the webhooks P100 posts to the partner's server.
//!
//! P100 posts a flat JSON body to one path per event kind (for example
//! `/webhook/user/status`), with the partner's Webhook Security Token in `Authorization`.
//! The body carries no event type and no event id. P100 expects a quick 200 and otherwise
//! retries about 8, 16, 32 and 64 seconds later, so the same event can arrive more than once:
//! de-duplicate on the entity id and status.
//!
//! - [`Verifier`] checks the token in constant time and parses a delivery into an [`Event`].
//! - [`Event`] has one variant per [`WebhookKind`], plus [`Event::Unknown`] for new kinds.
//! - `axum::router` (cargo feature `axum`) mounts every delivery path and responds at once.
//! - [`testing`] builds deliveries for the partner's own tests.
//!
//! Many delivery paths and several payloads are inferred in the spec; see
//! [`WebhookKind::info`] for the evidence of each.

#[cfg(feature = "axum")]
pub mod axum;
mod error;
mod event;
mod kind;
pub mod testing;
mod verify;

pub use error::{AuthFailure, WebhookError};
pub use event::Event;
pub use kind::WebhookKind;
pub use verify::Verifier;
