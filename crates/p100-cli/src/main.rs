//! The `p100` command: the P100 Partner API from the shell, built on the `p100` SDK.
//!
//! Results go to stdout (tables, or JSON with `--json`); progress and errors go to stderr.
//! Every error is one line, `error: ...`, and the exit code gives its kind (see `error.rs`).

#![forbid(unsafe_code)]

/// Prints a line to stdout like `println!`, but ends the process quietly when stdout is a
/// closed pipe (`p100 history | head -1`) instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::write_line(format_args!($($arg)*))
    };
}

mod amount;
mod cli;
mod commands;
mod config;
mod demo;
mod error;
mod json_tree;
mod output;
mod progress;
mod secrets;
mod table_views;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use crate::cli::Cli;
use crate::error::{EXIT_USAGE, single_line};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    init_tracing();

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", error.one_line());
            ExitCode::from(error.exit_code())
        }
    }
}

/// Prints help and version as clap does, and any other parse error as one line.
fn usage_error(error: &clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Printing help can fail only when stdout is closed; nothing is left to report then.
        let _ = error.print();
        let code = if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            EXIT_USAGE
        } else {
            0
        };
        return ExitCode::from(code);
    }

    // clap renders "error: <message, possibly with indented lines>\n\nUsage: ...\n\nFor more
    // information, try '--help'."; keep the message block and point at --help.
    let rendered = error.render().to_string();
    let block: Vec<&str> = rendered
        .lines()
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty())
        .collect();
    let message = single_line(block.join(" ").trim_start_matches("error:"));
    let message = if message.is_empty() {
        String::from("invalid arguments")
    } else {
        message
    };
    eprintln!("error: {message}; run `p100 --help` for usage");
    ExitCode::from(EXIT_USAGE)
}

/// Sends SDK, sandbox and CLI logs to stderr when `RUST_LOG` enables them.
///
/// Without `RUST_LOG` nothing is logged, so an error stays the single `error:` line.
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
