//! `p100 demo`: the whole partner journey, from user creation to a blocked card, against an
//! embedded sandbox with an embedded webhook receiver.
//!
//! With no API key configured, the demo starts the `p100-sandbox` library on an ephemeral
//! 127.0.0.1 port (time-scaled so processing takes milliseconds) and the SDK's webhook router
//! on another, with the sandbox delivering to it under a freshly generated token. With a key
//! configured it refuses to run unless `--against-configured-server` is given, because the
//! journey moves money. Against P100 production it never runs.

mod files;
mod journey;
mod recorder;
mod sandbox;
mod webhooks;

use std::time::Duration;

use clap::Args;

use crate::commands::Context;
use crate::commands::webhooks::Receiver;
use crate::config::{ConnectionArgs, PRODUCTION_HOST};
use crate::error::CliError;
use crate::output::Output;

pub use recorder::Recorder;

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Run the journey against the server configured by P100_API_KEY / P100_ENVIRONMENT /
    /// P100_BASE_URL (or the flags) instead of an embedded sandbox. This moves money on that
    /// server, so it needs an API key and is rejected for production.
    #[arg(long)]
    pub against_configured_server: bool,

    /// Seconds to wait for the expected webhooks at the end of the journey.
    #[arg(long, default_value_t = 15)]
    pub webhook_timeout: u64,

    /// Speed-up factor of the embedded sandbox's simulated delays.
    #[arg(long, default_value_t = 100.0)]
    pub time_scale: f64,
}

/// Runs the demo and returns an error unless every step succeeded.
pub async fn run(
    args: DemoArgs,
    connection: &ConnectionArgs,
    output: Output,
) -> Result<(), CliError> {
    let webhook_timeout = Duration::from_secs(args.webhook_timeout);

    if args.against_configured_server {
        return run_against_configured_server(connection, output, webhook_timeout).await;
    }
    if connection.has_api_key() {
        return Err(CliError::Config(String::from(
            "refusing to run the demo: a P100 API key is configured (P100_API_KEY or \
             --api-key) and the demo moves money; unset P100_API_KEY to use the embedded \
             sandbox, or pass --against-configured-server to run it on the configured \
             staging or sandbox server",
        )));
    }

    let time_scale = args.time_scale;
    if !(time_scale.is_finite() && time_scale > 0.0) {
        return Err(CliError::Usage(format!(
            "invalid --time-scale {time_scale}: it must be a positive number"
        )));
    }

    let token = sandbox::generate_token();
    let receiver = Receiver::start(0, &token).await?;
    let receiver_url = format!("http://{}", receiver.address);
    let sandbox = sandbox::start(&receiver_url, &token, time_scale).await?;
    eprintln!(
        "embedded sandbox on {}, webhook receiver on {receiver_url}",
        sandbox.base_url
    );

    let client = p100::Client::builder()
        .base_url(sandbox.base_url.clone())
        .api_key(sandbox.api_key.clone())
        .build()
        .map_err(|error| {
            CliError::Internal(format!("cannot configure the demo client: {error}"))
        })?;
    let context = Context { client, output };

    let mut recorder = Recorder::new(output);
    journey::run(&context, &mut recorder, Some(receiver), webhook_timeout).await;
    sandbox.shutdown().await;
    recorder.finish()
}

/// Runs the journey on the server from the flags and variables, which must not be production.
async fn run_against_configured_server(
    connection: &ConnectionArgs,
    output: Output,
    webhook_timeout: Duration,
) -> Result<(), CliError> {
    let target = connection.target()?;
    if target.is_production() {
        return Err(production_refused());
    }
    if !connection.has_api_key() {
        return Err(CliError::Config(String::from(
            "--against-configured-server needs an API key, but P100_API_KEY is missing: set \
             P100_API_KEY to a staging or sandbox key, or drop the flag to use the embedded \
             sandbox",
        )));
    }

    let context = Context {
        client: connection.client_for(&target)?,
        output,
    };
    // The SDK's normalized URL catches spellings of production the text check missed.
    let resolved_production = *context.client.environment() == p100::Environment::Production
        || context
            .client
            .base_url()
            .host_str()
            .is_some_and(|host| host.eq_ignore_ascii_case(PRODUCTION_HOST));
    if resolved_production {
        return Err(production_refused());
    }

    eprintln!(
        "running the demo against {} (webhooks are not checked: that server cannot \
         reach this machine's receiver)",
        context.client.base_url()
    );
    let mut recorder = Recorder::new(output);
    journey::run(&context, &mut recorder, None, webhook_timeout).await;
    recorder.finish()
}

/// Builds the error for a demo aimed at production, whichever setting selected it.
fn production_refused() -> CliError {
    CliError::Config(String::from(
        "refusing to run the demo against P100 production: the demo moves money, so it runs \
         only against staging or a sandbox; select one with --environment staging or \
         --base-url",
    ))
}
