//! Raw client for the P100 Partner API, generated from `spec/p100.yaml` by progenitor.
//!
//! `generated.rs` is written by `cargo xtask generate` and never edited by hand. This file adds
//! what the generator cannot produce: the request hooks (API key, header clean-up, error
//! bodies that are not JSON) and the replacement types for money. Most users want the
//! ergonomic `p100` crate built on top of this one.

#![forbid(unsafe_code)]

mod hooks;
pub mod money;

#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, missing_docs, unused_imports)]
mod generated;

pub use generated::*;
pub use hooks::{ClientState, Executor, SYNTHESIZED_ERROR_HEADER};
