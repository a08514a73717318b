//! `p100 webhooks listen`: receives webhook deliveries on 127.0.0.1 and prints each verified
//! event, using the SDK's axum router. Each rejected delivery gets one line on stderr.

use std::net::{Ipv4Addr, SocketAddr};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use clap::{Args, Subcommand};
use p100::webhook::{Event, Verifier};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::error::CliError;
use crate::json_tree::JsonNode;
use crate::output::Output;

/// Webhook subcommands.
#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Listen on 127.0.0.1 and print every delivery whose token matches.
    Listen(ListenArgs),
}

/// Arguments of `webhooks listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// TCP port on 127.0.0.1; 0 picks a free port and prints it.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// Webhook Security Token that deliveries must carry in `Authorization`. Prefer the
    /// P100_WEBHOOK_TOKEN variable, which other local users cannot see in the process list.
    #[arg(long, env = "P100_WEBHOOK_TOKEN", hide_env_values = true)]
    pub token: String,

    /// Exit after this many events instead of running until Ctrl-C.
    #[arg(long)]
    pub count: Option<u64>,
}

/// Events the receiver buffers before its handlers wait for the printer. While they wait,
/// the SDK router responds to further deliveries with 503, and P100 resends them later.
const EVENT_BUFFER: usize = 256;

/// A running webhook receiver: its address and the events it has accepted.
pub struct Receiver {
    /// Listening address.
    pub address: SocketAddr,
    /// Events in the order they arrived.
    pub events: mpsc::Receiver<Event>,
    server: tokio::task::JoinHandle<()>,
}

impl Receiver {
    /// Binds `127.0.0.1:port` and serves the SDK's webhook router there.
    ///
    /// # Errors
    ///
    /// [`CliError::Failed`] when the port cannot be bound.
    pub async fn start(port: u16, token: &str) -> Result<Self, CliError> {
        let (sender, events) = mpsc::channel(EVENT_BUFFER);
        let app = p100::webhook::axum::router(Verifier::new(token), move |event: Event| {
            let sender = sender.clone();
            async move {
                // The receiver side is gone only while the process exits.
                let _ = sender.send(event).await;
            }
        })
        .layer(axum::middleware::from_fn(report_rejection));

        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .await
            .map_err(|error| {
                CliError::Failed(format!(
                    "cannot listen on 127.0.0.1:{port}: {error}; pick another --port or 0"
                ))
            })?;
        let address = listener.local_addr().map_err(|error| {
            CliError::Failed(format!("cannot read the listening address: {error}"))
        })?;
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!(%error, "webhook receiver stopped");
            }
        });
        Ok(Self {
            address,
            events,
            server,
        })
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Prints one stderr line for each delivery the router does not accept, with the method,
/// path and status. The token and the body are never printed.
async fn report_rejection(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;

    let status = response.status();
    if !status.is_success() {
        let reason = match status {
            StatusCode::UNAUTHORIZED => "missing or wrong token in Authorization",
            StatusCode::NOT_FOUND => "unknown webhook path",
            StatusCode::METHOD_NOT_ALLOWED => "webhooks are POST requests",
            status if status.is_client_error() => "invalid delivery",
            _ => "receiver busy or failed; P100 resends it later",
        };
        eprintln!(
            "rejected webhook delivery {method} {path}: HTTP {} ({reason})",
            status.as_u16()
        );
    }
    response
}

/// Runs a webhook subcommand.
pub async fn run(command: WebhooksCommand, output: Output) -> Result<(), CliError> {
    let WebhooksCommand::Listen(args) = command;
    if args.token.trim().is_empty() {
        return Err(CliError::Config(String::from(
            "the webhook token is empty: pass --token or set P100_WEBHOOK_TOKEN to the \
             Webhook Security Token P100 issued",
        )));
    }

    let mut receiver = Receiver::start(args.port, &args.token).await?;
    eprintln!(
        "listening for P100 webhooks on http://{} (Ctrl-C to stop)",
        receiver.address
    );

    let mut received = 0u64;
    loop {
        let event = tokio::select! {
            event = receiver.events.recv() => event,
            _ = tokio::signal::ctrl_c() => None,
        };
        let Some(event) = event else {
            break;
        };
        print_event(&event, output)?;
        received += 1;
        if args.count.is_some_and(|count| received >= count) {
            break;
        }
    }
    eprintln!("received {received} webhook event(s)");
    Ok(())
}

/// Returns the name printed for an event's kind.
pub fn event_name(event: &Event) -> String {
    match (event, event.kind()) {
        (Event::Unparsed { .. }, Some(kind)) => format!("{} (unparsed)", kind.name()),
        (_, Some(kind)) => kind.name().to_string(),
        (_, None) => String::from("unknown"),
    }
}

/// Prints one event: a heading and a table, or one JSON line `{"event": .., "payload": ..}`.
pub fn print_event(event: &Event, output: Output) -> Result<(), CliError> {
    let payload = output.prepare(&EventPayload(event))?;
    let name = event_name(event);
    if output.json {
        let line = event_node(name, payload);
        outln!("{}", serde_json::to_string(&line).unwrap_or_default());
        return Ok(());
    }
    outln!("webhook {name}:\n{}", output.render(&payload));
    Ok(())
}

/// Returns `{"event": <name>, "payload": <payload>}` for an event, with secrets masked
/// unless `output.show_secrets` is set.
pub fn event_json(event: &Event, output: Output) -> Result<JsonNode, CliError> {
    let payload = output.prepare(&EventPayload(event))?;
    Ok(event_node(event_name(event), payload))
}

fn event_node(name: String, payload: JsonNode) -> JsonNode {
    JsonNode::Object(vec![
        (String::from("event"), JsonNode::String(name)),
        (String::from("payload"), payload),
    ])
}

/// Serializes the typed payload of an event, so amounts keep their exact digits.
struct EventPayload<'a>(&'a Event);

impl serde::Serialize for EventPayload<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Event::Card3dsCode(payload) => payload.serialize(serializer),
            Event::CardActivationCode(payload) => payload.serialize(serializer),
            Event::CardTransaction(payload) => payload.serialize(serializer),
            Event::CryptoDeposit(payload) => payload.serialize(serializer),
            Event::CryptoWithdrawal(payload) => payload.serialize(serializer),
            Event::Exchange(payload) => payload.serialize(serializer),
            Event::IbanStatus(payload) => payload.serialize(serializer),
            Event::KycFileAdded(payload) => payload.serialize(serializer),
            Event::KycVerificationStatus(payload) => payload.serialize(serializer),
            Event::OrderStatus(payload) => payload.serialize(serializer),
            Event::PaymentLink(payload) => payload.serialize(serializer),
            Event::PoaVerificationStatus(payload) => payload.serialize(serializer),
            Event::SepaDeposit(payload) => payload.serialize(serializer),
            Event::SepaTransfer(payload) => payload.serialize(serializer),
            Event::Transfer(payload) => payload.serialize(serializer),
            Event::UserBalanceGeneration(payload) => payload.serialize(serializer),
            other => other.to_payload().serialize(serializer),
        }
    }
}
