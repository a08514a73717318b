//! The `p100-sandbox` binary: serves the sandbox on a TCP port until Ctrl-C.

use std::io::IsTerminal;

use clap::Parser;
use p100_sandbox::CliArgs;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();

    let config = CliArgs::parse().into_config();
    let signal = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C; stopping");
        }
    };
    p100_sandbox::run(config, signal).await?;
    Ok(())
}
