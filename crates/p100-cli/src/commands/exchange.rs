//! `p100 rates`, `p100 lock` and `p100 exchange`: currency exchange on the partner's balances,
//! or on a user's with `--user`.

use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use p100::enums::{Currency, ExchangeStatus};
use p100::types::{ExchangeDetails, ExchangeRequest, UserExchangeRequest};
use p100::{AmountNumber, Decimal};

use super::{Context, api_error};
use crate::error::CliError;
use crate::progress::Progress;

/// Arguments of `rates`.
#[derive(Debug, Args)]
pub struct RatesArgs {
    /// Show the rates for exchanges on user balances instead of the partner's.
    #[arg(long)]
    pub user_level: bool,
}

/// Arguments of `lock`.
#[derive(Debug, Args)]
pub struct LockArgs {
    /// Currency to sell, e.g. `eur`.
    #[arg(long)]
    pub from: Currency,
    /// Currency to buy, e.g. `btc`.
    #[arg(long)]
    pub to: Currency,
    /// Amount of the currency to sell as a plain decimal greater than 0, e.g. 100 or 12.5
    /// (at most 8 decimal places).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_payment_amount)]
    pub amount: Decimal,
    /// Lock the rate for this user's balances instead of the partner's.
    #[arg(long)]
    pub user: Option<String>,
}

/// Exchange subcommands.
#[derive(Debug, Subcommand)]
pub enum ExchangeCommand {
    /// Execute an exchange at a locked rate (see `p100 lock`); moves money.
    Create(CreateArgs),
    /// Wait until an exchange reaches COMPLETED or FAILED and print it.
    Status(StatusArgs),
}

/// Arguments of `exchange create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Lock id returned by `p100 lock`.
    #[arg(long)]
    pub lock_id: String,
    /// Currency to sell; must match the lock.
    #[arg(long)]
    pub from: Currency,
    /// Currency to buy; must match the lock.
    #[arg(long)]
    pub to: Currency,
    /// Amount to sell as a plain decimal; must match the lock.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_payment_amount)]
    pub amount: Decimal,
    /// Exchange on this user's balances instead of the partner's.
    #[arg(long)]
    pub user: Option<String>,
}

/// Arguments of `exchange status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Exchange id returned by `exchange create`.
    pub id: String,
    /// The exchange was made on a user's balances (`exchange create --user`).
    #[arg(long)]
    pub user_level: bool,
    /// Give up waiting after this many seconds.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// Print the current status once instead of waiting for a final one.
    #[arg(long)]
    pub no_wait: bool,
}

/// Prints current exchange rates.
pub async fn rates(args: RatesArgs, context: &Context) -> Result<(), CliError> {
    let rates = if args.user_level {
        context.client.user_exchange().rates().await
    } else {
        context.client.exchange().rates().await
    }
    .map_err(api_error("get exchange rates"))?;
    context.output.print(&rates)
}

/// Locks a rate and prints the lock.
pub async fn lock(args: LockArgs, context: &Context) -> Result<(), CliError> {
    let lock = match &args.user {
        None => {
            context
                .client
                .exchange()
                .lock(args.amount, args.from, args.to)
                .await
        }
        Some(user) => {
            context
                .client
                .user_exchange()
                .lock(user, args.amount, args.from, args.to)
                .await
        }
    }
    .map_err(api_error("lock an exchange rate"))?;
    context.output.print(&lock)
}

/// Runs an `exchange` subcommand.
pub async fn run(command: ExchangeCommand, context: &Context) -> Result<(), CliError> {
    match command {
        ExchangeCommand::Create(args) => {
            let created = match args.user {
                None => {
                    let request = ExchangeRequest {
                        lock_id: args.lock_id,
                        currency_from: args.from,
                        currency_to: args.to,
                        amount: AmountNumber(args.amount),
                    };
                    context.client.exchange().exchange(request).await
                }
                Some(user) => {
                    let request = UserExchangeRequest {
                        external_user_id: user,
                        lock_id: args.lock_id,
                        currency_from: args.from,
                        currency_to: args.to,
                        amount: AmountNumber(args.amount),
                    };
                    context.client.user_exchange().exchange(request).await
                }
            }
            .map_err(api_error("create an exchange"))?;
            context.output.print(&created)
        }
        ExchangeCommand::Status(args) => {
            let timeout = Duration::from_secs(args.timeout);
            let details = if args.no_wait {
                exchange_details(context, args.user_level, &args.id).await?
            } else {
                wait_for_exchange(context, args.user_level, &args.id, timeout).await?
            };
            context.output.print(&details)
        }
    }
}

/// Reads one exchange's details.
pub async fn exchange_details(
    context: &Context,
    user_level: bool,
    id: &str,
) -> Result<ExchangeDetails, CliError> {
    if user_level {
        context.client.user_exchange().details(id).await
    } else {
        context.client.exchange().details(id).await
    }
    .map_err(api_error(&format!("get exchange {id}")))
}

/// Polls an exchange with a spinner until its status is final or `timeout` passes.
///
/// # Errors
///
/// The API error of a failed read, or [`CliError::Failed`] on timeout.
pub async fn wait_for_exchange(
    context: &Context,
    user_level: bool,
    id: &str,
    timeout: Duration,
) -> Result<ExchangeDetails, CliError> {
    let progress = Progress::start(format!("waiting for exchange {id}"));
    let started = Instant::now();
    let mut delay = Duration::from_millis(200);
    loop {
        let details = match exchange_details(context, user_level, id).await {
            Ok(details) => details,
            Err(error) => {
                progress.fail();
                return Err(error);
            }
        };
        progress.update(details.status.as_str());
        if is_final(&details.status) {
            progress.finish(&format!("status {}", details.status));
            return Ok(details);
        }
        if started.elapsed() + delay > timeout {
            progress.fail();
            return Err(CliError::Failed(format!(
                "exchange {id} is still {} after {}s; check again later with \
                 `p100 exchange status {id}` or raise --timeout",
                details.status,
                timeout.as_secs()
            )));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

/// Returns whether an exchange status will not change any more.
fn is_final(status: &ExchangeStatus) -> bool {
    match status {
        ExchangeStatus::Completed | ExchangeStatus::Failed => true,
        ExchangeStatus::Pending => false,
        // Older docs spell the final statuses in lower case.
        ExchangeStatus::Unknown(text) => {
            text.eq_ignore_ascii_case("completed") || text.eq_ignore_ascii_case("failed")
        }
    }
}
