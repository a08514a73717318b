//! Receives P100 webhooks with axum and prints each event.
//!
//! ```text
//! P100_WEBHOOK_TOKEN=... cargo run -p p100 --features axum --example webhook_receiver
//! ```
//!
//! Listens on `P100_WEBHOOK_ADDR` (default `127.0.0.1:8080`) and mounts every documented
//! delivery path under `/p100`, for example `/p100/webhook/user/status`. Register
//! `http://<host>/p100` with P100 as the webhook base URL. Stop it with Ctrl-C.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;

use p100::webhook::axum::WebhookRouter;
use p100::webhook::{Event, Verifier};
use tokio::sync::Notify;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_env_filter("info").init();

    let Ok(token) = std::env::var("P100_WEBHOOK_TOKEN") else {
        eprintln!("set P100_WEBHOOK_TOKEN to the Webhook Security Token issued by P100");
        return ExitCode::from(2);
    };
    let address = std::env::var("P100_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());

    // A closed stdout (the reader of a pipe exited) stops the server cleanly.
    let stdout_closed = Arc::new(Notify::new());
    let handler_stdout_closed = stdout_closed.clone();
    let handler = move |event: Event| {
        let stdout_closed = handler_stdout_closed.clone();
        async move {
            match print_event(event) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
                    stdout_closed.notify_one();
                }
                Err(error) => eprintln!("writing to stdout failed: {error}"),
            }
        }
    };

    // `catch_all` also accepts posts at paths the spec does not list, as `Event::Unknown`.
    let webhooks = WebhookRouter::new(Verifier::new(token), handler).catch_all(true);
    let app = axum::Router::new().nest("/p100", webhooks.into_router());

    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("could not listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let started = writeln!(
        io::stdout().lock(),
        "receiving P100 webhooks on http://{address}/p100"
    );
    match started {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(error) => eprintln!("writing to stdout failed: {error}"),
    }

    let shutdown = async move {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = stdout_closed.notified() => {}
        }
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
fn print_event(event: Event) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match event {
        Event::UserBalanceGeneration(user) => {
            writeln!(out, "user {} is now {}", user.external_user_id, user.status)
        }
        Event::KycFileAdded(file) => writeln!(
            out,
            "KYC file for user {}: {}",
            file.external_user_id, file.status
        ),
        Event::CryptoDeposit(deposit) => writeln!(
            out,
            "crypto deposit {}: {} {} is {}",
            deposit.crypto_deposit_id, deposit.amount.0, deposit.currency, deposit.status
        ),
        Event::Transfer(transfer) => writeln!(
            out,
            "transfer {}: {} {} is {}",
            transfer.id, transfer.amount.0, transfer.currency, transfer.status
        ),
        Event::Card3dsCode(code) => writeln!(
            out,
            "3-D Secure code received for user {}",
            code.external_user_id
        ),
        Event::Unparsed { kind, error, .. } => writeln!(
            out,
            "{kind} webhook that does not fit its documented type: {error}"
        ),
        Event::Unknown {
            path, event_type, ..
        } => writeln!(out, "unknown webhook at {path} (event type {event_type:?})"),
        // Other payloads are not printed whole: card payloads may carry codes or card data.
        other => match other.kind() {
            Some(kind) => writeln!(out, "{kind} webhook received"),
            None => writeln!(out, "webhook received"),
        },
    }
}
