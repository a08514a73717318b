//! Runs one benchmark workload a given number of times and prints the heap allocations and
//! allocated bytes per iteration, counted by a wrapping global allocator. Run it under
//! `valgrind --tool=callgrind` for instruction counts, which are free of timing noise.
//!
//! The workloads are those of `p100_bench::workloads` (see `PAIRS` there for the names). The
//! request workloads include the in-process fixed server, whose allocations are the same for
//! both sides of a pair.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Result;
use clap::Parser;
use p100_bench::workloads::Workloads;

/// Counts allocations and allocated bytes, then defers to the system allocator.
struct CountingAllocator;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to `System`, which upholds the `GlobalAlloc`
// contract; the counters do not touch the memory.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: same layout as received, forwarded to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: `ptr` and `layout` come from `System` (see `alloc`).
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[derive(Debug, Parser)]
#[command(about = "Count allocations per iteration of one benchmark workload")]
struct Args {
    /// Workload, such as `decode-balances-sdk`.
    workload: String,
    /// Measured iterations.
    #[arg(long, default_value_t = 1000)]
    iterations: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let workloads = Workloads::new()?;

    // One unmeasured iteration opens connections and fills lazy statics.
    workloads.run(&args.workload)?;
    let allocations = ALLOCATIONS.load(Ordering::Relaxed);
    let bytes = ALLOCATED_BYTES.load(Ordering::Relaxed);
    let started = Instant::now();
    for _ in 0..args.iterations {
        workloads.run(&args.workload)?;
    }
    let elapsed = started.elapsed();
    let per = |total: u64| (total as f64) / (args.iterations as f64);
    println!(
        "{}: {:.1} allocations, {:.0} bytes allocated, {:.2} µs per iteration ({} iterations)",
        args.workload,
        per(ALLOCATIONS.load(Ordering::Relaxed) - allocations),
        per(ALLOCATED_BYTES.load(Ordering::Relaxed) - bytes),
        elapsed.as_secs_f64() * 1e6 / args.iterations as f64,
        args.iterations
    );
    Ok(())
}
