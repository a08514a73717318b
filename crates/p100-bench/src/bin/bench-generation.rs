//! Times the generator and the rebuild after a spec change, on a copy of the workspace so
//! that the real spec and generated code are never touched.
//!
//! 1. Copies the workspace (without `target/` and `.git/`) into a scratch folder.
//! 2. Builds the release xtask there, then times `cargo xtask generate` and
//!    `cargo xtask generate --check`, through cargo and as the bare binary.
//! 3. Builds `p100-raw` and `p100` once (dev profile), then repeatedly makes a one-field
//!    change in the copy's spec (a property's description, or a new optional property),
//!    regenerates, and times `cargo build -p p100-raw` followed by `cargo build -p p100`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;
use p100_bench::results::{self, GenerationResults, Rebuild};
use p100_bench::stats::Spread;

/// Spec line that the rebuild rounds edit: the description of the `Transaction.description`
/// property, which is followed by the next property of `Transaction` at 8 spaces.
const EDITED_LINE: &str = "          description: Free text, for example a SEPA transfer title.";

/// A one-field spec change.
#[derive(Debug, Clone, Copy)]
enum Change {
    /// Appends a sentence to the description of `Transaction.description`.
    Description,
    /// Adds an optional string property to `Transaction`.
    Property,
}

impl Change {
    fn describe(self) -> &'static str {
        match self {
            Change::Description => "a new description of the `Transaction.description` property",
            Change::Property => "a new optional string property in `Transaction`",
        }
    }

    /// Returns `original` with this change for `round` applied, so each round differs from
    /// the one before.
    fn apply(self, original: &str, round: usize) -> Result<String> {
        if !original.lines().any(|line| line == EDITED_LINE) {
            bail!("the spec has no line {EDITED_LINE:?} to edit");
        }
        let replacement = match self {
            Change::Description => format!("{EDITED_LINE} Benchmark edit {round}."),
            Change::Property => format!(
                "{EDITED_LINE}\n        benchmarkField{round}:\n          type: string\n          \
                 description: Property added by the rebuild benchmark."
            ),
        };
        Ok(original.replacen(EDITED_LINE, &replacement, 1))
    }
}

#[derive(Debug, Parser)]
#[command(about = "Time code generation and the rebuild after a one-field spec change")]
struct Args {
    /// Workspace to copy.
    #[arg(long)]
    workspace: PathBuf,
    /// Folder for the copy; it is deleted and recreated.
    #[arg(long)]
    scratch: PathBuf,
    /// Cargo target folder for the copy; kept between runs so dependencies build once.
    #[arg(long)]
    target_dir: PathBuf,
    /// JSON file to write the results to.
    #[arg(long)]
    out: PathBuf,
    /// Timed runs of each generator command.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Timed spec-change-and-rebuild rounds.
    #[arg(long, default_value_t = 3)]
    rebuild_runs: usize,
}

/// Copies every top-level entry of `workspace` except `target` and `.git` into `copy`.
fn copy_workspace(workspace: &Path, copy: &Path) -> Result<()> {
    if copy.exists() {
        std::fs::remove_dir_all(copy)
            .with_context(|| format!("failed to remove the old copy {}", copy.display()))?;
    }
    std::fs::create_dir_all(copy)?;
    for entry in std::fs::read_dir(workspace)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let status = Command::new("cp")
            .arg("-r")
            .arg(entry.path())
            .arg(copy)
            .status()
            .context("failed to run cp")?;
        if !status.success() {
            bail!(
                "cp -r {} {} failed with {status}",
                entry.path().display(),
                copy.display()
            );
        }
    }
    Ok(())
}

/// Runs `program args` in `dir` with the copy's target folder and returns its wall time.
/// Output is discarded unless the command fails, in which case its stderr is shown.
fn timed(dir: &Path, target_dir: &Path, program: &Path, args: &[&str]) -> Result<Duration> {
    let started = Instant::now();
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("failed to start {}", program.display()))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        bail!(
            "`{} {}` failed with {}:\n{}",
            program.display(),
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(elapsed)
}

/// Runs a command `runs` times and summarizes the wall times.
fn repeat(runs: usize, mut run: impl FnMut() -> Result<Duration>) -> Result<Spread> {
    let times = (0..runs).map(|_| run()).collect::<Result<Vec<_>>>()?;
    Ok(Spread::of(&times))
}

fn main() -> Result<()> {
    let args = Args::parse();
    let cargo = PathBuf::from(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    let copy = &args.scratch;
    let target = &args.target_dir;
    eprintln!("copying {} to {}", args.workspace.display(), copy.display());
    copy_workspace(&args.workspace, copy)?;

    eprintln!("building the release xtask in the copy (slow only on the first run)");
    timed(copy, target, &cargo, &["build", "--release", "-p", "xtask"])?;
    let xtask = target.join("release/xtask");

    eprintln!("timing the generator, {} runs each", args.runs);
    let generate = repeat(args.runs, || {
        timed(copy, target, &cargo, &["xtask", "generate"])
    })?;
    let check = repeat(args.runs, || {
        timed(copy, target, &cargo, &["xtask", "generate", "--check"])
    })?;
    let generate_binary = repeat(args.runs, || timed(copy, target, &xtask, &["generate"]))?;
    let check_binary = repeat(args.runs, || {
        timed(copy, target, &xtask, &["generate", "--check"])
    })?;

    // Building each package once first settles the feature sets that `-p p100-raw` and
    // `-p p100` select, so the timed rounds rebuild only the changed crates.
    eprintln!("building p100-raw and p100 in the copy (slow only on the first run)");
    timed(copy, target, &cargo, &["build", "-p", "p100-raw"])?;
    timed(copy, target, &cargo, &["build", "-p", "p100"])?;

    let spec = copy.join("spec/p100.yaml");
    let generated = copy.join("crates/p100-raw/src/generated.rs");
    let original = std::fs::read_to_string(&spec)?;
    let mut rebuilds = Vec::new();
    for change in [Change::Description, Change::Property] {
        let mut raw_times = Vec::new();
        let mut sdk_times = Vec::new();
        for round in 0..args.rebuild_runs {
            let before = std::fs::read_to_string(&generated)?;
            std::fs::write(&spec, change.apply(&original, round)?)?;
            timed(copy, target, &xtask, &["generate"])?;
            if std::fs::read_to_string(&generated)? == before {
                bail!("{change:?} round {round} did not change the generated code");
            }
            let raw = timed(copy, target, &cargo, &["build", "-p", "p100-raw"])?;
            let sdk = timed(copy, target, &cargo, &["build", "-p", "p100"])?;
            eprintln!("{change:?} round {round}: p100-raw {raw:.2?}, then p100 {sdk:.2?}");
            raw_times.push(raw);
            sdk_times.push(sdk);
        }
        rebuilds.push(Rebuild {
            change: change.describe().to_string(),
            raw: Spread::of(&raw_times),
            sdk: Spread::of(&sdk_times),
        });
    }

    let results = GenerationResults {
        generate,
        check,
        generate_binary,
        check_binary,
        rebuilds,
        rebuild_profile: "dev".to_string(),
    };
    results::write(&args.out, &results)?;
    std::fs::remove_dir_all(copy)
        .with_context(|| format!("failed to remove the copy {}", copy.display()))?;
    eprintln!(
        "generate {:.3} s, check {:.3} s (medians)",
        results.generate.median_s, results.check.median_s
    );
    Ok(())
}
