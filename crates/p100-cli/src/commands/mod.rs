//! One module per area of the P100 API, and the dispatch from the parsed command line.

pub mod cards;
pub mod exchange;
pub mod kyc;
pub mod orders;
pub mod partner;
pub mod payment_links;
pub mod sepa;
pub mod transfers;
pub mod users;
pub mod webhooks;
pub mod withdrawals;

use crate::cli::{Cli, Command};
use crate::error::CliError;
use crate::output::Output;

/// Shared state of the API commands: the SDK client and the output settings.
pub struct Context {
    /// The configured SDK client.
    pub client: p100::Client,
    /// How to print results.
    pub output: Output,
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    let output = Output {
        json: cli.format.json,
        show_secrets: cli.format.show_secrets,
    };

    // These two commands work without an API key.
    let command = match cli.command {
        Command::Demo(args) => return crate::demo::run(args, &cli.connection, output).await,
        Command::Webhooks(command) => return webhooks::run(command, output).await,
        other => other,
    };

    let context = Context {
        client: cli.connection.client()?,
        output,
    };
    match command {
        Command::Balances(args) => partner::balances(args, &context).await,
        Command::History(args) => partner::history(args, &context).await,
        Command::Partner(command) => partner::run(command, &context).await,
        Command::Rates(args) => exchange::rates(args, &context).await,
        Command::Lock(args) => exchange::lock(args, &context).await,
        Command::Exchange(command) => exchange::run(command, &context).await,
        Command::Users(command) => users::run(command, &context).await,
        Command::Kyc(command) => kyc::run(command, &context).await,
        Command::Withdrawals(command) => withdrawals::run(command, &context).await,
        Command::TravelRule(command) => withdrawals::travel_rule(command, &context).await,
        Command::Sepa(command) => sepa::run(command, &context).await,
        Command::Transfers(command) => transfers::run(command, &context).await,
        Command::Cards(command) => cards::run(command, &context).await,
        Command::Orders(command) => orders::run(command, &context).await,
        Command::PaymentLinks(command) => payment_links::run(command, &context).await,
        Command::Demo(_) | Command::Webhooks(_) => Ok(()),
    }
}

/// Returns a closure that turns an SDK error into a [`CliError`] naming `operation`.
///
/// Authentication failures are configuration errors (exit code 3), transport failures and
/// timeouts network errors (5), requests the SDK rejected before sending usage errors (2),
/// and every other error response an API error (4). The SDK's
/// messages already state the fix and never contain the key or card secrets.
pub fn api_error(operation: &str) -> impl FnOnce(p100::Error) -> CliError + '_ {
    move |error| classify(operation, error)
}

/// Maps one SDK error to a CLI error for `operation`.
pub fn classify(operation: &str, error: p100::Error) -> CliError {
    let operation = operation.to_string();
    let detail = error.to_string();
    match error {
        p100::Error::MissingApiKey
        | p100::Error::InvalidApiKey
        | p100::Error::IpNotAllowed
        | p100::Error::Unauthorized { .. }
        | p100::Error::Config(_) => CliError::Config(format!("{operation} failed: {detail}")),
        // The SDK's transport message already asks the user to check the base URL and network.
        p100::Error::Transport { .. } | p100::Error::Timeout { .. } => {
            CliError::Network { operation, detail }
        }
        p100::Error::InvalidRequest(_) => CliError::Usage(format!("{operation} failed: {detail}")),
        _ => CliError::Api { operation, detail },
    }
}
