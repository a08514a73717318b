//! Helpers shared by the integration tests: the `p100` command with a clean environment, an
//! in-process sandbox, and output parsing.

#![allow(dead_code)]

use std::net::TcpListener;
use std::process::Output;

use assert_cmd::Command;

/// Returns the built `p100` binary with every P100 variable removed from its environment.
pub fn p100() -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("p100"));
    for name in [
        "P100_API_KEY",
        "P100_ENVIRONMENT",
        "P100_BASE_URL",
        "P100_WEBHOOK_TOKEN",
        "P100_CARD_PIN",
        "RUST_LOG",
    ] {
        command.env_remove(name);
    }
    command
}

/// Returns the non-empty lines of stderr.
pub fn stderr_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Returns stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Returns a loopback port that nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A `p100-sandbox` served by a runtime owned by the test, on an ephemeral 127.0.0.1 port.
///
/// The runtime's worker threads keep serving while the test thread waits for the `p100`
/// process. Dropping the value stops the sandbox.
pub struct Sandbox {
    /// Base URL to pass as `P100_BASE_URL`.
    pub base_url: String,
    /// The key the sandbox accepts.
    pub api_key: String,
    handle: Option<p100_sandbox::SandboxHandle>,
    runtime: tokio::runtime::Runtime,
}

impl Sandbox {
    /// Starts a sandbox with a fast time scale and no webhooks.
    pub fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let handle = runtime
            .block_on(
                p100_sandbox::Sandbox::builder()
                    .api_key("cli-test-key")
                    .time_scale(1000.0)
                    .spawn(),
            )
            .unwrap();
        Self {
            base_url: handle.base_url().to_string(),
            api_key: handle.api_key().to_string(),
            handle: Some(handle),
            runtime,
        }
    }

    /// Returns the `p100` command configured for this sandbox through the environment.
    pub fn command(&self) -> Command {
        let mut command = p100();
        command
            .env("P100_API_KEY", &self.api_key)
            .env("P100_BASE_URL", &self.base_url);
        command
    }

    /// Sends `GET path` with the key straight to the sandbox and returns the body text.
    pub fn get_text(&self, path: &str) -> String {
        let url = format!("{}{path}", self.base_url);
        self.runtime.block_on(async {
            let response = reqwest::Client::new()
                .get(url)
                .header("x-api-key", &self.api_key)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success(), "{response:?}");
            response.text().await.unwrap()
        })
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}

/// Runs `p100 ARGS` against the sandbox and returns stdout, failing the test on error.
pub fn run_ok(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = sandbox.command().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "p100 {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

/// Creates and verifies a user through the CLI.
pub fn create_active_user(sandbox: &Sandbox, user: &str) {
    run_ok(
        sandbox,
        &[
            "users",
            "create",
            "--user",
            user,
            "--email",
            "t@example.com",
            "--first-name",
            "Ada",
            "--last-name",
            "Lovelace",
            "--phone",
            "48500100200",
            "--country",
            "PL",
            "--citizenship",
            "PL",
            "--city",
            "Warsaw",
            "--post-code",
            "00-001",
            "--accepted-terms",
        ],
    );
    run_ok(
        sandbox,
        &[
            "users",
            "verify",
            user,
            "--document-type",
            "ID_CARD",
            "--document-number",
            "X1",
        ],
    );
}
