//! Maintainer tasks for the P100 SDK workspace, run as `cargo xtask <task>`.
//!
//! `generate` turns `spec/p100.yaml` into the raw client crate's `generated.rs`.
//! `docs` writes the HTML reference and JSON Schemas for other-language teams.
//! `release-check` checks that every publishable crate can be packaged and released.

mod docs;
mod generate;
mod open_enum;
mod release;
mod spec;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer tasks for the P100 SDK workspace"
)]
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
    /// Write the reference for other-language teams: a single-file HTML reference, one JSON
    /// Schema (draft 2020-12) per component and webhook payload, and a README.
    Docs {
        /// Folder to write (default: target/docs in the workspace). The .json files already in
        /// its schemas/ folder are deleted first, so schemas removed from the spec disappear.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Spec to read (default: spec/p100.yaml in the workspace).
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Skip the HTML reference, which needs Node.js and npm.
        #[arg(long)]
        skip_html: bool,
    },
    /// Check that every publishable crate is ready to release: metadata, README, versions
    /// consistent with the spec, fresh generated code, and `cargo package` of all of them.
    ReleaseCheck {
        /// Accept uncommitted changes in the working tree (for local dry runs; a release
        /// should be cut from a clean tree).
        #[arg(long)]
        allow_dirty: bool,
        /// Skip `cargo package`, which builds every crate from its packaged sources.
        #[arg(long)]
        skip_package: bool,
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
        Task::Docs {
            out,
            spec,
            skip_html,
        } => {
            let root = workspace_root();
            let spec = spec.unwrap_or_else(|| root.join("spec/p100.yaml"));
            let options = docs::Options {
                out: out.unwrap_or_else(|| root.join("target/docs")),
                skip_html,
                npm_prefix: root.join("target/tools/npm"),
            };
            docs::run(&spec, &options)
        }
        Task::ReleaseCheck {
            allow_dirty,
            skip_package,
        } => release::run(
            &workspace_root(),
            &release::Options {
                allow_dirty,
                skip_package,
            },
        ),
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
