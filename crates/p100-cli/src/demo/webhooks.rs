//! Webhooks during the demo: the events the embedded receiver delivered, the kinds the steps
//! should have triggered, and the final check that every expected kind arrived.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use p100::webhook::{Event, WebhookKind};
use serde::Serialize;

use crate::commands::webhooks::{Receiver, event_json, print_event};
use crate::error::CliError;
use crate::json_tree::JsonNode;
use crate::output::Output;

/// Webhooks received so far, and the kinds the journey expects.
pub struct Webhooks {
    receiver: Receiver,
    received: Vec<Event>,
    expected: Vec<WebhookKind>,
}

impl Webhooks {
    /// Starts collecting the events of `receiver`, with no expected kinds yet.
    pub fn new(receiver: Receiver) -> Self {
        Self {
            receiver,
            received: Vec::new(),
            expected: Vec::new(),
        }
    }

    /// Moves every delivered event from the channel into `received`.
    fn drain(&mut self) {
        while let Ok(event) = self.receiver.events.try_recv() {
            self.received.push(event);
        }
    }

    /// Waits until an event matching `predicate` has arrived, or `timeout` passes.
    pub async fn wait_for(
        &mut self,
        timeout: Duration,
        predicate: impl Fn(&Event) -> bool,
    ) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            self.drain();
            if self.received.iter().any(&predicate) {
                return true;
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return false;
            }
            match tokio::time::timeout(remaining, self.receiver.events.recv()).await {
                Ok(Some(event)) => self.received.push(event),
                Ok(None) | Err(_) => return false,
            }
        }
    }

    /// Returns how many events of each expected kind arrived.
    fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for kind in &self.expected {
            counts.insert(kind.name(), 0);
        }
        for event in &self.received {
            if let Some(kind) = event.kind() {
                *counts.entry(kind.name()).or_default() += 1;
            }
        }
        counts
    }

    fn missing(&self) -> Vec<&'static str> {
        let counts = self.counts();
        self.expected
            .iter()
            .map(|kind| kind.name())
            .filter(|name| counts.get(name).copied().unwrap_or(0) == 0)
            .collect()
    }
}

/// Adds `kind` to the webhooks the journey waits for at the end.
pub fn expect(webhooks: &mut Option<&mut Webhooks>, kind: WebhookKind) {
    if let Some(webhooks) = webhooks.as_deref_mut() {
        webhooks.expected.push(kind);
    }
}

/// Waits for every expected webhook kind, prints the events, and fails if any is missing.
pub async fn check_webhooks(
    webhooks: &mut Webhooks,
    timeout: Duration,
    output: Output,
) -> Result<WebhookReport, CliError> {
    let expected = webhooks.expected.clone();
    let deadline = Instant::now() + timeout;
    for kind in expected {
        let remaining = deadline.saturating_duration_since(Instant::now());
        webhooks
            .wait_for(remaining, |event| event.kind() == Some(kind))
            .await;
    }
    webhooks.drain();

    // In table mode each event prints as its own table; in JSON mode the events are part of
    // the step's result line.
    let mut events = Vec::new();
    for event in &webhooks.received {
        if output.json {
            events.push(event_json(event, output)?);
        } else {
            print_event(event, output)?;
        }
    }

    let missing = webhooks.missing();
    if !missing.is_empty() {
        return Err(CliError::Failed(format!(
            "missing webhooks after {} s: {}",
            timeout.as_secs(),
            missing.join(", ")
        )));
    }
    Ok(WebhookReport {
        received: webhooks.counts(),
        events,
    })
}

/// Result of the webhook step: events received per expected kind, and in JSON mode the
/// events themselves.
#[derive(Debug, Serialize)]
pub struct WebhookReport {
    received: BTreeMap<&'static str, usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    events: Vec<JsonNode>,
}
