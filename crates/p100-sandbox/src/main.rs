//! The `p100-sandbox` binary: serves the sandbox on a TCP port until Ctrl-C or, on Unix,
//! SIGTERM.

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
    // The handlers are installed here, before the start line is logged, so a signal sent
    // right after startup already stops the server gracefully.
    let signals = stop_signal::install()?;
    p100_sandbox::run(config, signals.wait()).await?;
    Ok(())
}

#[cfg(unix)]
mod stop_signal {
    use tokio::signal::unix::{Signal, SignalKind, signal};

    /// Installed SIGINT (Ctrl-C) and SIGTERM handlers.
    pub struct StopSignals {
        interrupt: Signal,
        terminate: Signal,
    }

    /// Installs the handlers.
    pub fn install() -> std::io::Result<StopSignals> {
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    impl StopSignals {
        /// Completes when SIGINT or SIGTERM arrives.
        pub async fn wait(mut self) {
            let name = tokio::select! {
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.terminate.recv() => "SIGTERM",
            };
            tracing::info!(signal = name, "stop signal received");
        }
    }
}

#[cfg(not(unix))]
mod stop_signal {
    /// Ctrl-C watcher.
    pub struct StopSignals;

    /// Returns the watcher; Ctrl-C is watched once `wait` is polled.
    pub fn install() -> std::io::Result<StopSignals> {
        Ok(StopSignals)
    }

    impl StopSignals {
        /// Completes on Ctrl-C. If Ctrl-C cannot be watched, logs the error and stops.
        pub async fn wait(self) {
            match tokio::signal::ctrl_c().await {
                Ok(()) => tracing::info!(signal = "Ctrl-C", "stop signal received"),
                Err(error) => tracing::error!(%error, "could not listen for Ctrl-C; stopping"),
            }
        }
    }
}
