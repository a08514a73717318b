//! Result files that the bench binaries write and `bench-report` reads.

use std::path::Path;

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use std::time::Duration;

use crate::stats::{Spread, median};
use crate::workloads::Pair;

/// Figures of the generator and rebuild benchmark.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GenerationResults {
    /// `cargo xtask generate` (the xtask already built), writing the generated file.
    pub generate: Spread,
    /// `cargo xtask generate --check`.
    pub check: Spread,
    /// The release xtask binary alone, `generate`.
    pub generate_binary: Spread,
    /// The release xtask binary alone, `generate --check`.
    pub check_binary: Spread,
    /// Rebuild times after each kind of spec change.
    pub rebuilds: Vec<Rebuild>,
    /// Cargo profile of the rebuilds.
    pub rebuild_profile: String,
}

/// Rebuild times after one kind of one-field spec change and regeneration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rebuild {
    /// Change made to the spec before each round.
    pub change: String,
    /// `cargo build -p p100-raw`.
    pub raw: Spread,
    /// `cargo build -p p100` right after `raw`, so only the SDK crate rebuilds.
    pub sdk: Spread,
}

/// Load figures of one operation at one concurrency.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadRow {
    /// Operation id, such as `getPartnerBalances`.
    pub operation: String,
    /// Number of connections sending requests at the same time.
    pub concurrency: usize,
    /// Requests that completed with the expected status.
    pub requests: u64,
    /// Requests that failed or returned another status.
    pub errors: u64,
    /// Wall time of the run in seconds.
    pub seconds: f64,
    /// Completed requests per second.
    pub requests_per_second: f64,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile latency in milliseconds.
    pub p99_ms: f64,
}

/// Figures of the sandbox load benchmark.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SandboxResults {
    /// One row per operation and concurrency.
    pub rows: Vec<LoadRow>,
    /// Resident set size of the sandbox after start-up and seeding, in KiB (`VmRSS`).
    pub rss_idle_kib: u64,
    /// Peak resident set size of the sandbox over the whole run, in KiB (`VmHWM`).
    pub rss_peak_kib: u64,
    /// Amount of each transfer, as sent.
    pub transfer_amount: String,
}

/// Interleaved measurement of one SDK-versus-baseline pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PairedResult {
    /// Criterion group of the same comparison; a `/` suffix names a variant.
    pub group: String,
    /// SDK workload.
    pub sdk: String,
    /// Baseline workload.
    pub baseline: String,
    /// Goal for the ratio.
    pub goal: f64,
    /// Iterations per timed block.
    pub iterations: u64,
    /// Number of rounds.
    pub rounds: usize,
    /// Median over rounds of SDK block time / baseline block time.
    pub ratio_median: f64,
    /// First quartile of the ratios.
    pub ratio_q1: f64,
    /// Third quartile of the ratios.
    pub ratio_q3: f64,
    /// Median SDK time per iteration in nanoseconds.
    pub sdk_ns: f64,
    /// Median baseline time per iteration in nanoseconds.
    pub baseline_ns: f64,
}

impl PairedResult {
    /// Summarizes the rounds of `pair`; sorts the time lists in place.
    pub fn new(
        pair: &Pair,
        iterations: u64,
        ratios: &[f64],
        sdk_times: &mut [Duration],
        baseline_times: &mut [Duration],
    ) -> Self {
        let mut sorted = ratios.to_vec();
        sorted.sort_by(f64::total_cmp);
        let at = |fraction: f64| {
            let index = ((sorted.len().saturating_sub(1)) as f64 * fraction).round() as usize;
            sorted.get(index).copied().unwrap_or(f64::NAN)
        };
        sdk_times.sort();
        baseline_times.sort();
        Self {
            group: pair.group.to_string(),
            sdk: pair.sdk.to_string(),
            baseline: pair.baseline.to_string(),
            goal: pair.goal,
            iterations,
            rounds: ratios.len(),
            ratio_median: at(0.5),
            ratio_q1: at(0.25),
            ratio_q3: at(0.75),
            sdk_ns: median(sdk_times).as_secs_f64() * 1e9,
            baseline_ns: median(baseline_times).as_secs_f64() * 1e9,
        }
    }
}

/// Writes `value` as pretty JSON to `path`, creating its folder.
///
/// # Errors
/// When the folder or file cannot be written.
pub fn write<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create {}", parent.display()))?;
    }
    let text = serde_json::to_string_pretty(value)?;
    std::fs::write(path, text).with_context(|| format!("failed to write {}", path.display()))
}

/// Reads a JSON result file.
///
/// # Errors
/// When the file is missing or does not parse.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("failed to read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("failed to parse {}", path.display()))
}
