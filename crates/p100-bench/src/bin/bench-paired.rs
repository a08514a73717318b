//! Measures each SDK-versus-baseline pair interleaved: rounds alternate a timed block of SDK
//! iterations with a timed block of baseline iterations (the order flips every round), and
//! the ratio is taken round by round. Drift in machine speed, such as other processes
//! starting, then affects both sides of a round alike, which criterion's one-after-the-other
//! runs cannot promise.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Parser;
use p100_bench::results::{self, PairedResult};
use p100_bench::workloads::{PAIRS, Workloads};

#[derive(Debug, Parser)]
#[command(about = "Interleaved SDK-versus-baseline ratios of every workload pair")]
struct Args {
    /// JSON file to write the results to.
    #[arg(long)]
    out: PathBuf,
    /// Rounds per pair; each round times one block of each side.
    #[arg(long, default_value_t = 41)]
    rounds: usize,
    /// Target wall time of one block in milliseconds.
    #[arg(long, default_value_t = 40)]
    block_ms: u64,
}

/// Times `iterations` runs of `workload`.
fn time_block(workloads: &Workloads, workload: &str, iterations: u64) -> Result<Duration> {
    let started = Instant::now();
    for _ in 0..iterations {
        workloads.run(workload)?;
    }
    Ok(started.elapsed())
}

/// Picks the iteration count that makes a baseline block last about `block`.
fn calibrate(workloads: &Workloads, workload: &str, block: Duration) -> Result<u64> {
    let mut iterations = 1;
    loop {
        let elapsed = time_block(workloads, workload, iterations)?;
        if elapsed >= block / 4 || iterations >= 1 << 20 {
            let per_iteration = elapsed.as_secs_f64() / iterations as f64;
            return Ok(((block.as_secs_f64() / per_iteration).ceil() as u64).max(1));
        }
        iterations *= 2;
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let workloads = Workloads::new()?;
    let block = Duration::from_millis(args.block_ms);
    let mut measured = Vec::new();

    for pair in PAIRS {
        // Warm both sides: connections, lazy statics, caches.
        time_block(&workloads, pair.sdk, 3)?;
        time_block(&workloads, pair.baseline, 3)?;
        let iterations = calibrate(&workloads, pair.baseline, block)?;

        let mut ratios = Vec::with_capacity(args.rounds);
        let mut sdk_times = Vec::with_capacity(args.rounds);
        let mut baseline_times = Vec::with_capacity(args.rounds);
        for round in 0..args.rounds {
            let (sdk, baseline) = if round % 2 == 0 {
                let sdk = time_block(&workloads, pair.sdk, iterations)?;
                (sdk, time_block(&workloads, pair.baseline, iterations)?)
            } else {
                let baseline = time_block(&workloads, pair.baseline, iterations)?;
                (time_block(&workloads, pair.sdk, iterations)?, baseline)
            };
            ratios.push(sdk.as_secs_f64() / baseline.as_secs_f64());
            sdk_times.push(sdk / iterations as u32);
            baseline_times.push(baseline / iterations as u32);
        }
        let result = PairedResult::new(
            pair,
            iterations,
            &ratios,
            &mut sdk_times,
            &mut baseline_times,
        );
        eprintln!(
            "{}: ratio {:.3} (quartiles {:.3} to {:.3}), {} rounds of {} iterations",
            pair.group,
            result.ratio_median,
            result.ratio_q1,
            result.ratio_q3,
            args.rounds,
            iterations
        );
        measured.push(result);
    }
    results::write(&args.out, &measured)
}
