//! Loads a `p100-sandbox` child process on loopback and records requests per second, p50 and
//! p99 latency at several concurrency levels for a GET (`getPartnerBalances`) and a
//! money-moving POST (`createTransfer`, partner to user), plus the sandbox's resident memory.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;
use p100_bench::fixtures::Spec;
use p100_bench::load::{self, Bounds, Target};
use p100_bench::proc_status::memory_kib;
use p100_bench::results::{self, SandboxResults};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::json;

/// API key the sandbox is started with.
const API_KEY: &str = "bench-sandbox-key";
/// User that receives the transfers.
const USER: &str = "bench-user-0001";
/// Amount of each transfer in EUR.
const TRANSFER_AMOUNT: &str = "0.01";
/// Starting EUR balance of the partner.
const SEED_EUR: &str = "100000000";

#[derive(Debug, Parser)]
#[command(about = "Load the P100 sandbox binary and record throughput, latency and memory")]
struct Args {
    /// Path of the release `p100-sandbox` binary.
    #[arg(long)]
    sandbox_bin: PathBuf,
    /// JSON file to write the results to.
    #[arg(long)]
    out: PathBuf,
    /// File that receives the sandbox's log output.
    #[arg(long)]
    log: PathBuf,
    /// Concurrency levels to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,16,64")]
    concurrency: Vec<usize>,
    /// Seconds of each measured run (one operation at one concurrency).
    #[arg(long, default_value_t = 4.0)]
    seconds: f64,
    /// Maximum requests of each measured run.
    #[arg(long, default_value_t = 200_000)]
    max_requests: u64,
    /// Seconds of the unrecorded warm-up before each measured run.
    #[arg(long, default_value_t = 0.5)]
    warmup_seconds: f64,
}

/// Kills and reaps the sandbox child when dropped, also on an early error.
struct SandboxProcess {
    child: Child,
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .context("failed to bind an ephemeral port on 127.0.0.1")?;
    Ok(listener.local_addr()?.port())
}

fn spawn_sandbox(args: &Args, port: u16) -> Result<SandboxProcess> {
    let log = std::fs::File::create(&args.log)
        .with_context(|| format!("failed to create {}", args.log.display()))?;
    let child = Command::new(&args.sandbox_bin)
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--api-key")
        .arg(API_KEY)
        .arg("--seed")
        .arg(format!("eur={SEED_EUR}"))
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("failed to start {}", args.sandbox_bin.display()))?;
    Ok(SandboxProcess { child })
}

/// Polls the balances endpoint until the sandbox answers 200, for at most 30 seconds.
async fn wait_ready(client: &reqwest::Client, base_url: &str, sandbox: &mut Child) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some(status) = sandbox.try_wait()? {
            bail!("the sandbox exited during start-up with {status}; see its log");
        }
        let response = client
            .get(format!("{base_url}/v1/partner/balances"))
            .header("x-api-key", API_KEY)
            .send()
            .await;
        if response.is_ok_and(|response| response.status().is_success()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("the sandbox at {base_url} did not answer within 30 s; see its log")
}

/// Creates the active user that receives the transfers, from the spec's request example.
async fn create_user(client: &reqwest::Client, base_url: &str, spec: &Spec) -> Result<()> {
    let mut body = spec.request_example("createUserWithoutKyc")?;
    body["externalUserId"] = json!(USER);
    let response = client
        .post(format!("{base_url}/v1/user/balances/crypto"))
        .header("x-api-key", API_KEY)
        .json(&body)
        .send()
        .await?;
    let status = response.status();
    if !status.is_success() {
        let text = response.text().await.unwrap_or_default();
        bail!("creating the benchmark user failed with HTTP {status}: {text}");
    }
    Ok(())
}

/// Checks through the SDK that the partner's EUR balance went down by exactly the amount of
/// every completed transfer, so the load measured real money movements.
async fn check_partner_balance(base_url: &str, transfers: u64) -> Result<()> {
    let client = p100::Client::builder()
        .base_url(base_url)
        .api_key(API_KEY)
        .build()?;
    let balances = client.partner().balances().await?;
    let eur = balances
        .fiat_balances
        .iter()
        .find(|balance| balance.name.as_str() == "eur")
        .context("the partner has no EUR balance")?;
    let amount: Decimal = TRANSFER_AMOUNT.parse()?;
    let expected = SEED_EUR.parse::<Decimal>()? - amount * Decimal::from(transfers);
    if eur.amount.0 != expected {
        bail!(
            "partner EUR balance is {} after {transfers} transfers of {TRANSFER_AMOUNT}; expected {expected}",
            eur.amount.0
        );
    }
    eprintln!(
        "partner EUR balance {} matches {transfers} transfers",
        eur.amount.0
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let spec = Spec::load()?;
    let port = free_port()?;
    let base_url = format!("http://127.0.0.1:{port}");
    let mut sandbox = spawn_sandbox(&args, port)?;
    let pid = sandbox.child.id();

    let setup_client = reqwest::Client::new();
    wait_ready(&setup_client, &base_url, &mut sandbox.child).await?;
    create_user(&setup_client, &base_url, &spec).await?;
    let rss_idle_kib = memory_kib(pid, "VmRSS")?;

    let transfer = json!({
        "amount": TRANSFER_AMOUNT,
        "currency": "eur",
        "destinationExternalUserId": USER,
    });
    let targets = [
        Target {
            operation: "getPartnerBalances",
            method: Method::GET,
            url: format!("{base_url}/v1/partner/balances"),
            body: None,
            api_key: API_KEY.to_string(),
        },
        Target {
            operation: "createTransfer",
            method: Method::POST,
            url: format!("{base_url}/v1/transfer"),
            body: Some(serde_json::to_vec(&transfer)?.into()),
            api_key: API_KEY.to_string(),
        },
    ];

    let mut rows = Vec::new();
    let mut transfers_sent = 0;
    for target in &targets {
        for &concurrency in &args.concurrency {
            let warmup = Bounds {
                concurrency,
                max_requests: args.max_requests,
                max_duration: Duration::from_secs_f64(args.warmup_seconds),
            };
            let warmup_row = load::run(target, warmup).await?;
            let bounds = Bounds {
                concurrency,
                max_requests: args.max_requests,
                max_duration: Duration::from_secs_f64(args.seconds),
            };
            let row = load::run(target, bounds).await?;
            eprintln!(
                "{} x{}: {:.0} req/s, p50 {:.3} ms, p99 {:.3} ms, {} requests, {} errors",
                row.operation,
                row.concurrency,
                row.requests_per_second,
                row.p50_ms,
                row.p99_ms,
                row.requests,
                row.errors
            );
            if row.errors > 0 {
                bail!(
                    "{} at concurrency {} had {} failed requests; see the sandbox log at {}",
                    row.operation,
                    concurrency,
                    row.errors,
                    args.log.display()
                );
            }
            if target.method == Method::POST {
                transfers_sent += warmup_row.requests + row.requests;
            }
            rows.push(row);
        }
    }
    check_partner_balance(&base_url, transfers_sent).await?;

    let rss_peak_kib = memory_kib(pid, "VmHWM")?;
    drop(sandbox);

    let results = SandboxResults {
        rows,
        rss_idle_kib,
        rss_peak_kib,
        transfer_amount: TRANSFER_AMOUNT.to_string(),
    };
    results::write(&args.out, &results)?;
    eprintln!(
        "sandbox RSS: {} KiB after start-up, {} KiB peak",
        results.rss_idle_kib, results.rss_peak_kib
    );
    Ok(())
}
