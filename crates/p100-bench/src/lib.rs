//! Shared pieces of the P100 SDK benchmarks: request and response bodies taken from the
//! spec's examples, the hand-written baseline client and types, a fixed-response HTTP server,
//! statistics, and the result files that `bench-report` turns into the table in
//! BENCHMARKS.md.
//!
//! The criterion benches in `benches/` compare the SDK with the baseline (client overhead,
//! response decoding, webhook parsing). The binaries in `src/bin/` time the generator and
//! load the sandbox.

#![forbid(unsafe_code)]

pub mod baseline;
pub mod fixed_server;
pub mod fixtures;
pub mod load;
pub mod proc_status;
pub mod results;
pub mod stats;
pub mod workloads;
