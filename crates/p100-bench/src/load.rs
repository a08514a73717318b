//! A bounded HTTP load generator: a fixed number of connections send one request after
//! another until a request count or a deadline is reached, and every latency is recorded.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use reqwest::Method;
use reqwest::header::{CONTENT_TYPE, HeaderValue};

use crate::results::LoadRow;
use crate::stats::quantile;

/// One request to repeat.
#[derive(Debug, Clone)]
pub struct Target {
    /// Operation id, for the results.
    pub operation: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Full URL.
    pub url: String,
    /// JSON body, if any.
    pub body: Option<bytes::Bytes>,
    /// API key sent in `x-api-key`.
    pub api_key: String,
}

/// Bounds of one load run.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Connections sending at the same time.
    pub concurrency: usize,
    /// The run stops after this many requests were started.
    pub max_requests: u64,
    /// The run stops starting requests after this long.
    pub max_duration: Duration,
}

/// Latencies and error count of one connection.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    errors: u64,
}

/// Sends `target` within `bounds` and summarizes the run. A request counts as completed when
/// the status is 2xx and the whole body was read; anything else counts as an error.
///
/// # Errors
/// When the HTTP client cannot be built or a task panics.
pub async fn run(target: &Target, bounds: Bounds) -> Result<LoadRow> {
    // One pooled client with up to `concurrency` idle connections, so every connection is
    // reused after its first request.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(bounds.concurrency)
        .timeout(Duration::from_secs(30))
        .build()
        .context("failed to build the load generator's HTTP client")?;
    let api_key =
        HeaderValue::from_str(&target.api_key).context("API key is not a header value")?;
    let started_count = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + bounds.max_duration;
    let started = Instant::now();

    let tasks: Vec<_> = (0..bounds.concurrency)
        .map(|_| {
            let client = client.clone();
            let target = target.clone();
            let api_key = api_key.clone();
            let started_count = Arc::clone(&started_count);
            tokio::spawn(async move {
                let mut tally = Tally::default();
                while Instant::now() < deadline
                    && started_count.fetch_add(1, Ordering::Relaxed) < bounds.max_requests
                {
                    let sent = Instant::now();
                    let mut request = client
                        .request(target.method.clone(), &target.url)
                        .header("x-api-key", api_key.clone());
                    if let Some(body) = &target.body {
                        request = request
                            .header(CONTENT_TYPE, "application/json")
                            .body(body.clone());
                    }
                    let completed = match request.send().await {
                        Ok(response) => {
                            let success = response.status().is_success();
                            response.bytes().await.is_ok() && success
                        }
                        Err(_) => false,
                    };
                    if completed {
                        tally.latencies.push(sent.elapsed());
                    } else {
                        tally.errors += 1;
                    }
                }
                tally
            })
        })
        .collect();

    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let tally = task.await.context("a load generator task panicked")?;
        latencies.extend(tally.latencies);
        errors += tally.errors;
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();

    let requests = latencies.len() as u64;
    Ok(LoadRow {
        operation: target.operation.to_string(),
        concurrency: bounds.concurrency,
        requests,
        errors,
        seconds,
        requests_per_second: requests as f64 / seconds,
        p50_ms: quantile(&latencies, 0.50).as_secs_f64() * 1e3,
        p99_ms: quantile(&latencies, 0.99).as_secs_f64() * 1e3,
    })
}
