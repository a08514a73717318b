//! Rust SDK for the P100 Partner API: crypto and fiat accounts, exchange, transfers, SEPA,
//! crypto withdrawals, orders, payment links and virtual cards.
//!
//! The SDK wraps the client that progenitor generates from the OpenAPI spec (crate
//! `p100-raw`) and adds what the spec cannot express. That is configuration from code or from
//! the environment, an error type by cause, and retries that never resend money-moving
//! requests. It also adds tracing without secrets, card secrets that stay masked in logs,
//! paging, uploads and webhooks.
//!
//! # Quick start
//!
//! ```no_run
//! use p100::{Client, Environment};
//!
//! # async fn run() -> p100::Result<()> {
//! let client = Client::builder()
//!     .environment(Environment::Staging)
//!     .api_key("my-staging-key")
//!     .build()?;
//!
//! let balances = client.partner().balances().await?;
//! for balance in &balances.crypto_balances {
//!     println!("{}: {}", balance.name, balance.amount);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! [`Client::from_env`] reads `P100_API_KEY`, `P100_ENVIRONMENT` and `P100_BASE_URL` instead.
//!
//! # Areas
//!
//! Operations are grouped as in the API reference, one accessor per area:
//! [`Client::partner`], [`Client::users`], [`Client::kyc`], [`Client::exchange`] (the
//! partner's own exchanges), [`Client::user_exchange`] (exchanges on a user's balances),
//! [`Client::orders`], [`Client::payment_links`], [`Client::crypto_deposits`],
//! [`Client::crypto_withdrawals`], [`Client::transfers`], [`Client::sepa`] and
//! [`Client::cards`]. Request and response bodies are the generated types in [`types`];
//! string enums are open enums in [`enums`]; money is [`Decimal`] inside [`Amount`] and
//! [`AmountNumber`].
//!
//! # Request bodies
//!
//! Every body type has a `builder()` that sets only the fields you name, so optional fields
//! need no `None`. `try_into()` turns the builder into the body and fails with
//! [`Error::InvalidRequest`] when a required field is missing:
//!
//! ```no_run
//! use p100::Decimal;
//! use p100::enums::Currency;
//! use p100::types::TransferRequest;
//!
//! # async fn run(client: p100::Client) -> p100::Result<()> {
//! let request: TransferRequest = TransferRequest::builder()
//!     .amount(Decimal::new(1050, 2)) // 10.50
//!     .currency(Currency::Eur)
//!     .destination_external_user_id("user-42".to_string())
//!     .try_into()?;
//! let created = client.transfers().create(request).await?;
//! println!("{created:?}");
//! # Ok(())
//! # }
//! ```
//!
//! # Money
//!
//! Amounts are [`Decimal`], never floating point, in three forms:
//!
//! - SDK method arguments take a plain [`Decimal`], for example the `amount` of
//!   [`PartnerExchange::lock`](api::PartnerExchange::lock).
//! - Body fields that the spec documents as a JSON number are [`AmountNumber`]: the exchange
//!   and crypto withdrawal `amount` and the card limits. They are written as a JSON number
//!   with the exact decimal digits.
//! - Every other amount field is [`Amount`], written as a JSON string (`"10.50"`), as in
//!   transfers, SEPA transfers, master transfers and order locks.
//!
//! Both read a JSON string or number, convert from [`Decimal`] with `From`/`into()` and
//! back with `.value()` or `.0`:
//!
//! ```
//! use p100::{Amount, AmountNumber, Decimal};
//!
//! let price = Decimal::new(1050, 2); // 10.50
//! let as_string: Amount = price.into();
//! let as_number = AmountNumber::from(price);
//!
//! assert_eq!(serde_json::to_string(&as_string).unwrap(), r#""10.50""#);
//! assert_eq!(serde_json::to_string(&as_number).unwrap(), "10.50");
//! assert_eq!(as_number.value(), price);
//! ```
//!
//! Methods that move money reject an amount that is 0 or less, or has more than 8 decimal
//! places, with [`Error::InvalidRequest`] before anything is sent. Card limits may be 0.
//!
//! # Errors and retries
//!
//! Every call returns [`Result`]. [`Error`] has one variant per cause (authentication,
//! validation, API error with an [`ErrorCode`], rate limit, timeout, transport, decode, invalid
//! request, configuration). GET requests are retried on transport errors, timeouts, 429 and
//! 5xx as set by [`RetryPolicy`]; other requests are retried only when the connection failed
//! before anything was sent, so a transfer is never sent twice by the SDK.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
mod auth;
mod client;
mod config;
mod error;
pub mod paginate;
mod redact;
mod retry;
mod secret;
pub mod upload;
mod validate;
pub mod webhook;

pub use auth::ApiKey;
pub use client::Client;
pub use config::{ClientBuilder, Environment};
pub use error::{ApiFailure, ConfigError, Error, ErrorCode};
pub use retry::RetryPolicy;
pub use secret::{CardDetails, CardExpiry, CardNumber, CreatedCard, Cvv, Pin};

/// Request and response bodies generated from the spec (serde, camelCase on the wire).
pub use p100_raw::types;

/// Open enums for the spec's string enums: documented variants plus `Unknown(String)`.
pub use p100_raw::enums;

/// Every operation of the spec with its method, path, area and whether it moves money.
pub use p100_raw::operations;

pub use p100_raw::money::{Amount, AmountNumber};
pub use rust_decimal::Decimal;

/// Result type of every SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Compiles the code blocks of the crate README as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
