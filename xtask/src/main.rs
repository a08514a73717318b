//! Maintainer tasks for the P100 SDK workspace, run as `cargo xtask <task>`.
//!
//! `generate` turns `spec/p100.yaml` into the raw client crate's `generated.rs`.

mod generate;
mod open_enum;
mod spec;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks for the P100 SDK workspace")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate crates/p100-raw/src/generated.rs from spec/p100.yaml.
    Generate {
        /// Compare the committed file with a fresh generation and fail on any difference,
        /// writing nothing.
        #[arg(long)]
        check: bool,
        /// Spec to read (default: spec/p100.yaml in the workspace).
        #[arg(long)]
        spec: Option<PathBuf>,
        /// File to write or check (default: crates/p100-raw/src/generated.rs).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Generate { check, spec, out } => {
            let root = workspace_root();
            let spec = spec.unwrap_or_else(|| root.join("spec/p100.yaml"));
            let out = out.unwrap_or_else(|| root.join("crates/p100-raw/src/generated.rs"));
            generate::run(&spec, &out, check)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Returns the workspace root: the parent of this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
