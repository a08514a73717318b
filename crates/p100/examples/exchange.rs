//! Locks an exchange rate on the partner balance, then exchanges at that rate.
//!
//! Reads `P100_API_KEY`, `P100_ENVIRONMENT` and `P100_BASE_URL` like the `balances`
//! example, which also shows how to run both against the local sandbox. Arguments: amount,
//! source currency, target currency (defaults: 25.00 eur usdt).
//!
//! ```text
//! cargo run -p p100 --example exchange -- 25.00 eur usdt
//! ```

use std::io::{self, Write};
use std::process::ExitCode;

use p100::types::ExchangeRequest;
use p100::{Client, Decimal, enums::Currency};

/// Failure of the example: an error of a P100 call or of writing to stdout.
#[derive(Debug)]
enum Failure {
    P100(p100::Error),
    Output(io::Error),
}

impl From<p100::Error> for Failure {
    fn from(error: p100::Error) -> Self {
        Self::P100(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Self::Output(error)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let amount_text = args.next().unwrap_or_else(|| "25.00".into());
    let Ok(amount) = amount_text.parse::<Decimal>() else {
        eprintln!("invalid amount {amount_text:?}: give a decimal number such as 25.00");
        eprintln!("usage: exchange [AMOUNT] [FROM_CURRENCY] [TO_CURRENCY]");
        return ExitCode::from(2);
    };
    let from = Currency::from(args.next().unwrap_or_else(|| "eur".into()));
    let to = Currency::from(args.next().unwrap_or_else(|| "usdt".into()));

    match exchange(amount, from.clone(), to).await {
        Ok(()) => ExitCode::SUCCESS,
        // The reader closed the pipe (`| head -1`). The exchange itself may still have been
        // sent, which the lines already written show.
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(Failure::Output(error)) => {
            eprintln!("writing to stdout failed: {error}");
            ExitCode::FAILURE
        }
        Err(Failure::P100(error)) if error.code() == Some(p100::ErrorCode::InsufficientFunds) => {
            eprintln!(
                "insufficient funds: the partner balance has less than {amount} {from}: {error}"
            );
            ExitCode::FAILURE
        }
        Err(Failure::P100(error)) => {
            eprintln!("exchange failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn exchange(amount: Decimal, from: Currency, to: Currency) -> Result<(), Failure> {
    let client = Client::from_env()?;
    let mut out = io::stdout().lock();

    let lock = client
        .exchange()
        .lock(amount, from.clone(), to.clone())
        .await?;
    let rate = lock
        .rate
        .map_or("unknown".to_string(), |rate| rate.to_string());
    let expires = lock
        .expires_at
        .as_ref()
        .map_or("unknown".to_string(), |at| at.0.to_rfc3339());
    writeln!(
        out,
        "locked {amount} {from} -> {to} at {rate} (lock {}, expires {expires})",
        lock.lock_id
    )?;
    out.flush()?;

    // The exchange moves money, so the SDK sends it at most once. After a timeout or a
    // transport error, read its state with `details` before trying again.
    let request = ExchangeRequest {
        amount: amount.into(),
        currency_from: from,
        currency_to: to,
        lock_id: lock.lock_id,
    };
    let created = client.exchange().exchange(request).await?;
    writeln!(out, "exchange {} created", created.exchange_id)?;
    out.flush()?;

    let details = client.exchange().details(&created.exchange_id).await?;
    let converted = details
        .converted_amount
        .map_or("pending".to_string(), |a| a.to_string());
    writeln!(out, "converted amount: {converted}")?;
    out.flush()?;
    Ok(())
}
