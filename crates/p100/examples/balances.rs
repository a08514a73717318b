//! Prints the partner's balances, or one user's balances when a user id is given.
//!
//! Reads `P100_API_KEY`, `P100_ENVIRONMENT` (staging or production) and `P100_BASE_URL`.
//! To try it without credentials, start the local sandbox with an API key and point
//! `P100_BASE_URL` at the address it logs (`127.0.0.1:8100` unless `--listen` sets another address):
//!
//! ```text
//! cargo run -p p100-sandbox -- --api-key sandbox-key
//! P100_API_KEY=sandbox-key P100_BASE_URL=http://127.0.0.1:8100 \
//!     cargo run -p p100 --example balances [EXTERNAL_USER_ID]
//! ```

use std::io::{self, Write};
use std::process::ExitCode;

use p100::Client;

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
    let user = std::env::args().nth(1);
    match print_balances(user.as_deref()).await {
        Ok(()) => ExitCode::SUCCESS,
        // The reader closed the pipe (`| head -1`), so the rest of the output is dropped.
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(Failure::Output(error)) => {
            eprintln!("writing to stdout failed: {error}");
            ExitCode::FAILURE
        }
        Err(Failure::P100(error)) => {
            eprintln!("reading balances failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn print_balances(user: Option<&str>) -> Result<(), Failure> {
    let client = Client::from_env()?;
    let mut out = io::stdout().lock();
    writeln!(out, "P100 environment: {}", client.environment())?;

    let (fiat, crypto) = match user {
        Some(user) => {
            let balances = client.users().balances(user).await?;
            (balances.fiat_balances, balances.crypto_balances)
        }
        None => {
            let balances = client.partner().balances().await?;
            (balances.fiat_balances, balances.crypto_balances)
        }
    };

    for balance in &fiat {
        let iban = balance.iban.as_deref().unwrap_or("no IBAN");
        writeln!(out, "{:>20} {:<6} {iban}", balance.amount, balance.name)?;
    }
    for balance in &crypto {
        let wallet = balance.wallet.as_deref().unwrap_or("no wallet");
        writeln!(out, "{:>20} {:<6} {wallet}", balance.amount, balance.name)?;
    }
    if fiat.is_empty() && crypto.is_empty() {
        writeln!(out, "no balances")?;
    }
    out.flush()?;
    Ok(())
}
