//! Locks an exchange rate on the partner balance, then exchanges at that rate.
//!
//! Reads `P100_API_KEY`, `P100_ENVIRONMENT` and `P100_BASE_URL` like the `balances`
//! example, which also shows how to run both against the local sandbox. Arguments: amount,
//! source currency, target currency (defaults: 25.00 eur usdt).
//!
//! ```text
//! cargo run -p p100 --example exchange -- 25.00 eur usdt
//! ```

use std::process::ExitCode;

use p100::types::ExchangeRequest;
use p100::{Client, Decimal, enums::Currency};

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
        Err(error) if error.code() == Some(p100::ErrorCode::InsufficientFunds) => {
            eprintln!("the partner balance holds less than {amount} {from}: {error}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("exchange failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn exchange(amount: Decimal, from: Currency, to: Currency) -> p100::Result<()> {
    let client = Client::from_env()?;

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
    println!(
        "locked {amount} {from} -> {to} at {rate} (lock {}, expires {expires})",
        lock.lock_id
    );

    // The exchange moves money, so the SDK sends it at most once. After a timeout or a
    // transport error, read its state with `details` before trying again.
    let request = ExchangeRequest {
        amount: amount.into(),
        currency_from: from,
        currency_to: to,
        lock_id: lock.lock_id,
    };
    let created = client.exchange().exchange(request).await?;
    println!("exchange {} created", created.exchange_id);

    let details = client.exchange().details(&created.exchange_id).await?;
    let converted = details
        .converted_amount
        .map_or("pending".to_string(), |a| a.to_string());
    println!("converted amount: {converted}");
    Ok(())
}
