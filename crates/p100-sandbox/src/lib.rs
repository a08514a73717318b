//! A local, stateful stand-in for the P100 Partner API staging server, so the SDK, the CLI,
//! examples, tests and benchmarks run without credentials.
//!
//! It serves every operation of `spec/p100.yaml` with the generated request and response
//! types of `p100-raw`. The state covers users and their status lifecycle, balances in exact
//! decimals, exchange rate locks that expire, and exchanges and withdrawals that finish after
//! a delay. It also covers internal and SEPA transfers, crypto deposits held for Travel Rule
//! data, orders, payment links and virtual cards. It returns P100's documented errors (`Access Denied. xo1`/`xo2`,
//! `P403` validation errors, `P4xx` business errors), can rate-limit with HTTP 429, and posts
//! webhooks to a partner URL with P100's retry schedule. A time scale speeds up every delay
//! for tests.
//!
//! ```no_run
//! # async fn run() -> Result<(), p100_sandbox::SandboxError> {
//! let sandbox = p100_sandbox::Sandbox::builder()
//!     .api_key("test-key")
//!     .webhook("http://127.0.0.1:9000", "webhook-token")
//!     .time_scale(100.0)
//!     .spawn()
//!     .await?;
//! // Point a client at sandbox.base_url() with sandbox.api_key().
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! Routes under `/sandbox` are not part of the P100 API. `POST /sandbox/deposits` and
//! `POST /sandbox/sepa-deposits` simulate incoming money, and `POST /sandbox/cards/3ds-code`
//! sends a card's 3-D Secure code webhook. `GET /sandbox/ledger` shows per currency that the
//! balances add up, and `GET /sandbox/users/{externalUserId}` shows what is stored about a
//! user.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod app;
pub mod catalog;
pub mod config;
mod error;
mod extract;
mod middleware;
mod ratelimit;
mod routes;
pub mod schema;
mod server;
mod state;
pub mod timing;
mod validation;
mod webhooks;

pub use config::{CliArgs, Config, DEFAULT_API_KEY, DEFAULT_LISTEN, WebhookTarget};
pub use server::{Sandbox, SandboxBuilder, SandboxError, SandboxHandle, run};
pub use state::SEED_DEPOSIT_ID;
pub use state::transfers::SANDBOX_FAIL_TITLE;
pub use state::withdrawals::SANDBOX_FAIL_ADDRESS;
pub use timing::TimeScale;
