//! The embedded sandbox the demo runs against: the `p100-sandbox` library on an ephemeral
//! 127.0.0.1 port, delivering webhooks to the demo's receiver.

use crate::error::CliError;

/// A running embedded sandbox; it stops when dropped.
pub struct EmbeddedSandbox {
    /// Base URL of the sandbox, e.g. `http://127.0.0.1:41234`.
    pub base_url: String,
    /// The API key the sandbox accepts.
    pub api_key: String,
    handle: p100_sandbox::SandboxHandle,
}

impl EmbeddedSandbox {
    /// Stops the sandbox and waits for its server task to end.
    pub async fn shutdown(self) {
        self.handle.shutdown().await;
    }
}

/// Returns a random token of 32 hex digits, used as webhook token and demo id.
pub fn generate_token() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Starts the sandbox on an ephemeral 127.0.0.1 port with webhooks posted to
/// `webhook_base_url` under `token`, and its simulated delays divided by `time_scale`.
///
/// # Errors
///
/// [`CliError::Failed`] when the sandbox cannot start.
pub async fn start(
    webhook_base_url: &str,
    token: &str,
    time_scale: f64,
) -> Result<EmbeddedSandbox, CliError> {
    // The sandbox accepts one key; a random one keeps other local processes out.
    let api_key = format!("demo-{}", generate_token());
    let handle = p100_sandbox::Sandbox::builder()
        .api_key(api_key.clone())
        .webhook(webhook_base_url, token)
        .time_scale(time_scale)
        .spawn()
        .await
        .map_err(|error| CliError::Failed(format!("cannot start the embedded sandbox: {error}")))?;
    Ok(EmbeddedSandbox {
        base_url: handle.base_url().to_string(),
        api_key,
        handle,
    })
}
