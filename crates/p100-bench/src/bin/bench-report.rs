//! Writes the results of a benchmark run as markdown tables into BENCHMARKS.md, between the
//! `<!-- results:start -->` and `<!-- results:end -->` markers.
//!
//! It reads criterion's `estimates.json` files (median of each SDK and baseline benchmark),
//! the JSON files of `bench-generation` and `bench-sandbox`, and the machine's `/proc` files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Parser;
use p100_bench::results::{self, GenerationResults, PairedResult, SandboxResults};
use serde_json::Value;

const START_MARKER: &str = "<!-- results:start -->";
const END_MARKER: &str = "<!-- results:end -->";

#[derive(Debug, Parser)]
#[command(about = "Write the benchmark results into BENCHMARKS.md")]
struct Args {
    /// Criterion's output folder (`<target>/criterion`).
    #[arg(long)]
    criterion: PathBuf,
    /// Results of bench-generation.
    #[arg(long)]
    generation: PathBuf,
    /// Results of bench-sandbox.
    #[arg(long)]
    sandbox: PathBuf,
    /// Results of bench-paired.
    #[arg(long)]
    paired: PathBuf,
    /// Markdown file with the result markers.
    #[arg(long)]
    markdown: PathBuf,
    /// The command that produced the results, shown with them.
    #[arg(long)]
    command: String,
    /// `rustc --version` output.
    #[arg(long)]
    rustc: String,
    /// Content of /proc/loadavg when the run started.
    #[arg(long)]
    load_before: String,
    /// UTC time when the run started.
    #[arg(long)]
    started: String,
    /// Wall time of the whole run in seconds.
    #[arg(long)]
    seconds: u64,
}

/// One SDK-versus-baseline comparison.
struct Comparison {
    label: String,
    group: String,
    goal: f64,
    /// Unit of one measured iteration.
    per: &'static str,
}

/// Median of one criterion benchmark in nanoseconds, with its 95 % confidence interval.
struct Median {
    point: f64,
    lower: f64,
    upper: f64,
}

fn median(criterion: &Path, group: &str, function: &str) -> Result<Median> {
    let path = criterion
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "failed to read {}; did the criterion benches run?",
            path.display()
        )
    })?;
    let estimates: Value = serde_json::from_str(&text)?;
    let median = &estimates["median"];
    let number = |value: &Value| {
        value
            .as_f64()
            .with_context(|| format!("{} has no median estimate", path.display()))
    };
    Ok(Median {
        point: number(&median["point_estimate"])?,
        lower: number(&median["confidence_interval"]["lower_bound"])?,
        upper: number(&median["confidence_interval"]["upper_bound"])?,
    })
}

/// Formats nanoseconds with a unit that keeps three or four significant digits.
fn duration(nanoseconds: f64) -> String {
    if nanoseconds >= 1e9 {
        format!("{:.3} s", nanoseconds / 1e9)
    } else if nanoseconds >= 1e6 {
        format!("{:.3} ms", nanoseconds / 1e6)
    } else if nanoseconds >= 1e3 {
        format!("{:.2} µs", nanoseconds / 1e3)
    } else {
        format!("{nanoseconds:.0} ns")
    }
}

fn verdict(ratio: f64, goal: f64) -> &'static str {
    if ratio <= goal { "meets" } else { "**misses**" }
}

fn comparison_table(criterion: &Path, comparisons: &[Comparison]) -> Result<String> {
    let mut table = String::from(
        "| Benchmark | Per | SDK median [95 % CI] | Baseline median [95 % CI] | Ratio | Goal | |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for comparison in comparisons {
        let sdk = median(criterion, &comparison.group, "sdk")?;
        let baseline = median(criterion, &comparison.group, "baseline")?;
        let ratio = sdk.point / baseline.point;
        writeln!(
            table,
            "| {} | {} | {} [{} – {}] | {} [{} – {}] | {ratio:.3}× | ≤ {:.2}× | {} |",
            comparison.label,
            comparison.per,
            duration(sdk.point),
            duration(sdk.lower),
            duration(sdk.upper),
            duration(baseline.point),
            duration(baseline.lower),
            duration(baseline.upper),
            comparison.goal,
            verdict(ratio, comparison.goal),
        )?;
    }
    Ok(table)
}

/// Returns the table label of a criterion group.
fn group_label(group: &str) -> &str {
    match group {
        "client_balances_sequential" => "`partner().balances()`, sequential",
        "client_exchange_sequential" => "`exchange().exchange(..)`, sequential",
        "client_balances_concurrent64" => "`partner().balances()`, 64 concurrent",
        "client_exchange_concurrent64" => "`exchange().exchange(..)`, 64 concurrent",
        "decode_transaction_page_1000" => "decode `TransactionPage`, 1,000 items",
        "decode_balances" => "decode `Balances` (spec example)",
        "webhook_all_kinds" => "webhooks, all 16 kinds",
        other => other,
    }
}

/// Describes a paired comparison for the table.
fn paired_label(result: &PairedResult) -> String {
    match result.group.split_once('/') {
        Some((group, "timeouts")) => {
            format!(
                "{}, against the baseline with the SDK's timeouts",
                group_label(group)
            )
        }
        Some((group, "prototype")) => {
            format!(
                "{}, single-pass parser sketch instead of the SDK",
                group_label(group)
            )
        }
        _ => group_label(&result.group).to_string(),
    }
}

fn paired_table(paired: &[PairedResult]) -> String {
    let mut table = String::from(
        "| Comparison | SDK per iteration | Baseline per iteration | Ratio (median of rounds) | \
         Quartiles | Goal | |\n|---|---|---|---|---|---|---|\n",
    );
    for result in paired {
        table.push_str(&format!(
            "| {} | {} | {} | {:.3}× | {:.3}–{:.3} | ≤ {:.2}× | {} |\n",
            paired_label(result),
            duration(result.sdk_ns),
            duration(result.baseline_ns),
            result.ratio_median,
            result.ratio_q1,
            result.ratio_q3,
            result.goal,
            verdict(result.ratio_median, result.goal),
        ));
    }
    table
}

fn machine() -> Result<String> {
    let cpuinfo =
        std::fs::read_to_string("/proc/cpuinfo").context("failed to read /proc/cpuinfo")?;
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, name)| {
            name.trim().to_string()
        });
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let meminfo =
        std::fs::read_to_string("/proc/meminfo").context("failed to read /proc/meminfo")?;
    let memory_kib: u64 = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|number| number.trim().parse().ok())
        .unwrap_or(0);
    Ok(format!(
        "{cores} cores ({model}), {:.1} GiB memory (MemTotal in /proc/meminfo)",
        memory_kib as f64 / 1024.0 / 1024.0
    ))
}

fn generation_table(generation: &GenerationResults) -> String {
    let row = |label: &str, spread: &p100_bench::stats::Spread, goal: Option<f64>| {
        let judged = goal.map_or(String::from("| – | – |"), |goal| {
            format!(
                "| ≤ {goal:.0} s | {} |",
                verdict(spread.median_s / goal, 1.0)
            )
        });
        format!(
            "| {label} | {:.3} s | {:.3} s | {:.3} s | {} {judged}\n",
            spread.median_s, spread.min_s, spread.max_s, spread.runs
        )
    };
    let mut table = String::from(
        "| Step | Median | Min | Max | Runs | Goal | |\n|---|---|---|---|---|---|---|\n",
    );
    table.push_str(&row(
        "`cargo xtask generate`",
        &generation.generate,
        Some(2.0),
    ));
    table.push_str(&row(
        "`cargo xtask generate --check`",
        &generation.check,
        Some(2.0),
    ));
    table.push_str(&row(
        "xtask binary alone: `generate`",
        &generation.generate_binary,
        None,
    ));
    table.push_str(&row(
        "xtask binary alone: `generate --check`",
        &generation.check_binary,
        None,
    ));
    for rebuild in &generation.rebuilds {
        let profile = &generation.rebuild_profile;
        table.push_str(&row(
            &format!("{}: rebuild `p100-raw` ({profile})", rebuild.change),
            &rebuild.raw,
            None,
        ));
        table.push_str(&row(
            &format!("{}: then rebuild `p100` ({profile})", rebuild.change),
            &rebuild.sdk,
            None,
        ));
    }
    table
}

fn sandbox_table(sandbox: &SandboxResults) -> String {
    let mut table = String::from(
        "| Operation | Connections | Requests/s | p50 | p99 | Requests | Errors |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for row in &sandbox.rows {
        table.push_str(&format!(
            "| `{}` | {} | {:.0} | {:.3} ms | {:.3} ms | {} | {} |\n",
            row.operation,
            row.concurrency,
            row.requests_per_second,
            row.p50_ms,
            row.p99_ms,
            row.requests,
            row.errors
        ));
    }
    table
}

fn render(args: &Args) -> Result<String> {
    let criterion = &args.criterion;
    let generation: GenerationResults = results::read(&args.generation)?;
    let sandbox: SandboxResults = results::read(&args.sandbox)?;
    let paired: Vec<PairedResult> = results::read(&args.paired)?;
    let load_after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    let comparison = |label: &str, group: &str, goal: f64, per: &'static str| Comparison {
        label: label.to_string(),
        group: group.to_string(),
        goal,
        per,
    };
    let client = [
        comparison(
            "`partner().balances()`, sequential",
            "client_balances_sequential",
            1.05,
            "request",
        ),
        comparison(
            "`exchange().exchange(..)`, sequential",
            "client_exchange_sequential",
            1.05,
            "request",
        ),
        comparison(
            "`partner().balances()`, 64 concurrent",
            "client_balances_concurrent64",
            1.05,
            "64 requests",
        ),
        comparison(
            "`exchange().exchange(..)`, 64 concurrent",
            "client_exchange_concurrent64",
            1.05,
            "64 requests",
        ),
    ];
    let decode = [
        comparison(
            "`TransactionPage`, 1,000 items",
            "decode_transaction_page_1000",
            1.10,
            "page",
        ),
        comparison(
            "`Balances` (spec example)",
            "decode_balances",
            1.10,
            "response",
        ),
    ];
    let mut webhooks = vec![comparison(
        "all 16 kinds, one delivery each",
        "webhook_all_kinds",
        1.10,
        "16 deliveries",
    )];
    for kind in p100::webhook::WebhookKind::ALL {
        webhooks.push(comparison(
            &format!("`{}`", kind.name()),
            &format!("webhook_{}", kind.name()),
            1.10,
            "delivery",
        ));
    }

    let mut out = String::new();
    writeln!(
        out,
        "Run started {} UTC and took {} s.",
        args.started, args.seconds
    )?;
    writeln!(out)?;
    writeln!(out, "- Command: `{}`", args.command)?;
    writeln!(out, "- Machine: {}", machine()?)?;
    writeln!(out, "- Toolchain: {}", args.rustc.trim())?;
    writeln!(
        out,
        "- Load average (1, 5, 15 min) before: {}; after: {}",
        first_three(&args.load_before),
        first_three(&load_after)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "### 1. Per-request client overhead (fixed-response server on loopback)"
    )?;
    writeln!(out)?;
    out.push_str(&comparison_table(criterion, &client)?);
    writeln!(out)?;
    writeln!(out, "### 2. Response decoding")?;
    writeln!(out)?;
    out.push_str(&comparison_table(criterion, &decode)?);
    writeln!(out)?;
    writeln!(out, "### 3. Webhook verification and parsing")?;
    writeln!(out)?;
    out.push_str(&comparison_table(criterion, &webhooks)?);
    writeln!(out)?;
    writeln!(out, "### 1–3 again, interleaved")?;
    writeln!(out)?;
    writeln!(
        out,
        "Each row is {} rounds; a round times one block of SDK iterations and one block of \
         baseline iterations back to back, and the ratio is taken per round.",
        paired.first().map_or(0, |result| result.rounds)
    )?;
    writeln!(out)?;
    out.push_str(&paired_table(&paired));
    writeln!(out)?;
    writeln!(out, "### 4. Generation and rebuild")?;
    writeln!(out)?;
    out.push_str(&generation_table(&generation));
    writeln!(out)?;
    writeln!(out, "### 5. Sandbox throughput and latency")?;
    writeln!(out)?;
    writeln!(
        out,
        "`createTransfer` moves {} EUR from the partner to one user per request. \
         Sandbox resident memory: {:.1} MiB after start-up (VmRSS), {:.1} MiB peak over the whole \
         load (VmHWM).",
        sandbox.transfer_amount,
        sandbox.rss_idle_kib as f64 / 1024.0,
        sandbox.rss_peak_kib as f64 / 1024.0
    )?;
    writeln!(out)?;
    out.push_str(&sandbox_table(&sandbox));
    Ok(out)
}

fn first_three(loadavg: &str) -> String {
    loadavg
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() -> Result<()> {
    let args = Args::parse();
    let rendered = render(&args)?;
    let document = std::fs::read_to_string(&args.markdown)
        .with_context(|| format!("failed to read {}", args.markdown.display()))?;
    let (Some(start), Some(end)) = (document.find(START_MARKER), document.find(END_MARKER)) else {
        bail!(
            "{} lacks the {START_MARKER} and {END_MARKER} markers around the results",
            args.markdown.display()
        );
    };
    if end < start {
        bail!(
            "{}: {END_MARKER} comes before {START_MARKER}",
            args.markdown.display()
        );
    }
    let updated = format!(
        "{}{START_MARKER}\n{rendered}{}",
        &document[..start],
        &document[end..]
    );
    std::fs::write(&args.markdown, updated)
        .with_context(|| format!("failed to write {}", args.markdown.display()))?;
    println!("wrote the results into {}", args.markdown.display());
    Ok(())
}
