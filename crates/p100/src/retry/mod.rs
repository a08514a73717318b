//! Sending requests: the retry policy, the executor that the generated client calls for
//! every request, and the per-call context that carries the last HTTP status back to error
//! mapping.

pub(crate) mod context;
mod executor;
mod policy;

pub(crate) use executor::RetryingExecutor;
pub use policy::RetryPolicy;
