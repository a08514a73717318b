//! Prints the partner's balances, or one user's balances when a user id is given.
//!
//! Reads `P100_API_KEY`, `P100_ENVIRONMENT` (staging or production) and `P100_BASE_URL`
//! (for a local sandbox, such as `http://127.0.0.1:4010`).
//!
//! ```text
//! P100_API_KEY=... cargo run -p p100 --example balances [EXTERNAL_USER_ID]
//! ```

use p100::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    println!("P100 environment: {}", client.environment());

    let (fiat, crypto) = match std::env::args().nth(1) {
        Some(user) => {
            let balances = client.users().balances(&user).await?;
            (balances.fiat_balances, balances.crypto_balances)
        }
        None => {
            let balances = client.partner().balances().await?;
            (balances.fiat_balances, balances.crypto_balances)
        }
    };

    for balance in &fiat {
        let iban = balance.iban.as_deref().unwrap_or("no IBAN");
        println!("{:>20} {:<6} {iban}", balance.amount, balance.name);
    }
    for balance in &crypto {
        let wallet = balance.wallet.as_deref().unwrap_or("no wallet");
        println!("{:>20} {:<6} {wallet}", balance.amount, balance.name);
    }
    if fiat.is_empty() && crypto.is_empty() {
        println!("no balances");
    }
    Ok(())
}
