//! Receives P100 webhooks with axum and prints each event.
//!
//! ```text
//! P100_WEBHOOK_TOKEN=... cargo run -p p100 --features axum --example webhook_receiver
//! ```
//!
//! Listens on `P100_WEBHOOK_ADDR` (default `127.0.0.1:8080`) and mounts every documented
//! delivery path under `/p100`, for example `/p100/webhook/user/status`. Register
//! `http://<host>/p100` with P100 as the webhook base URL. Stop it with Ctrl-C.

use std::process::ExitCode;

use p100::webhook::axum::WebhookRouter;
use p100::webhook::{Event, Verifier};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_env_filter("info").init();

    let Ok(token) = std::env::var("P100_WEBHOOK_TOKEN") else {
        eprintln!("set P100_WEBHOOK_TOKEN to the Webhook Security Token issued by P100");
        return ExitCode::from(2);
    };
    let address = std::env::var("P100_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());

    // `catch_all` also accepts posts at paths the spec does not list, as `Event::Unknown`.
    let webhooks = WebhookRouter::new(Verifier::new(token), print_event).catch_all(true);
    let app = axum::Router::new().nest("/p100", webhooks.into_router());

    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("could not listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("receiving P100 webhooks on http://{address}/p100");

    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("server failed: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Prints the fields a partner usually acts on. Card codes and card data are not printed.
async fn print_event(event: Event) {
    match event {
        Event::UserBalanceGeneration(user) => {
            println!("user {} is now {}", user.external_user_id, user.status);
        }
        Event::KycFileAdded(file) => {
            println!(
                "KYC file for user {}: {}",
                file.external_user_id, file.status
            );
        }
        Event::CryptoDeposit(deposit) => {
            println!(
                "crypto deposit {}: {} {} is {}",
                deposit.crypto_deposit_id, deposit.amount.0, deposit.currency, deposit.status
            );
        }
        Event::Transfer(transfer) => {
            println!(
                "transfer {}: {} {} is {}",
                transfer.id, transfer.amount.0, transfer.currency, transfer.status
            );
        }
        Event::Card3dsCode(code) => {
            println!(
                "3-D Secure code received for user {}",
                code.external_user_id
            );
        }
        Event::Unparsed { kind, error, .. } => {
            println!("{kind} webhook that does not fit its documented type: {error}");
        }
        Event::Unknown {
            path, event_type, ..
        } => {
            println!("unknown webhook at {path} (event type {event_type:?})");
        }
        // Other payloads are not printed whole: card payloads may carry codes or card data.
        other => match other.kind() {
            Some(kind) => println!("{kind} webhook received"),
            None => println!("webhook received"),
        },
    }
}
