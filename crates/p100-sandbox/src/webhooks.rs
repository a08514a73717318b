//! Webhook delivery to the partner's server, as P100 does it. Each kind is POSTed as JSON to
//! its own delivery path under the partner's base URL, with the Webhook Security Token in
//! `Authorization`. A failed attempt is retried after 8, 16, 32 and 64 s (divided by the time
//! scale), so there are at most 5 attempts, and a 2xx response ends them.
//!
//! Every delivery runs in its own background task, so API responses never wait for it.
//! Deliveries stop when the sandbox shuts down.

use std::time::Duration;

use p100_raw::webhooks::{WEBHOOKS, WebhookInfo};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use tokio::sync::watch;

use crate::config::WebhookTarget;
use crate::state::Event;
use crate::timing::{TimeScale, WEBHOOK_RETRY_DELAYS};

/// Timeout of one delivery attempt.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// Sends events to the configured partner server.
#[derive(Debug, Clone)]
pub struct WebhookDispatcher {
    target: Option<WebhookTarget>,
    client: reqwest::Client,
    time_scale: TimeScale,
    shutdown: watch::Receiver<bool>,
}

/// Finds the webhook kind with this `x-webhooks` name.
pub fn webhook_info(kind: &str) -> Option<&'static WebhookInfo> {
    WEBHOOKS.iter().find(|info| info.name == kind)
}

impl WebhookDispatcher {
    /// Creates a dispatcher; with no target every event is dropped.
    pub fn new(
        target: Option<WebhookTarget>,
        time_scale: TimeScale,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        let client = reqwest::Client::builder()
            .timeout(ATTEMPT_TIMEOUT)
            .build()
            .unwrap_or_default();
        Self {
            target,
            client,
            time_scale,
            shutdown,
        }
    }

    /// Starts delivering each event in a background task.
    pub fn dispatch(&self, events: Vec<Event>) {
        for event in events {
            self.dispatch_one(event);
        }
    }

    fn dispatch_one(&self, event: Event) {
        let Some(info) = webhook_info(event.kind) else {
            tracing::error!(
                kind = event.kind,
                "event kind is not a webhook of the spec; dropped"
            );
            return;
        };
        let Some(target) = &self.target else {
            tracing::debug!(
                kind = event.kind,
                "no webhook URL configured; event dropped"
            );
            return;
        };
        let url = format!(
            "{}{}",
            target.base_url.trim_end_matches('/'),
            info.delivery_path
        );
        let Ok(token) = HeaderValue::from_str(&target.token) else {
            tracing::error!(
                kind = event.kind,
                "webhook token is not a valid header value; event dropped"
            );
            return;
        };
        let delivery = Delivery {
            client: self.client.clone(),
            url,
            token,
            kind: event.kind,
            payload: event.payload,
            delays: WEBHOOK_RETRY_DELAYS.map(|delay| self.time_scale.apply(delay)),
        };
        let shutdown = self.shutdown.clone();
        tokio::spawn(delivery.run(shutdown));
    }
}

/// One event on its way, with its retry schedule.
struct Delivery {
    client: reqwest::Client,
    url: String,
    token: HeaderValue,
    kind: &'static str,
    payload: serde_json::Value,
    delays: [Duration; 4],
}

impl Delivery {
    async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let attempts = self.delays.len() + 1;
        for attempt in 1..=attempts {
            let outcome = self.attempt().await;
            match outcome {
                Ok(status) => {
                    tracing::info!(kind = self.kind, url = %self.url, attempt, status, "webhook delivered");
                    return;
                }
                Err(reason) if attempt == attempts => {
                    tracing::warn!(kind = self.kind, url = %self.url, attempt, %reason, "webhook delivery failed; no attempts left");
                    return;
                }
                Err(reason) => {
                    let delay = self.delays[attempt - 1];
                    tracing::warn!(
                        kind = self.kind,
                        url = %self.url,
                        attempt,
                        %reason,
                        retry_in_ms = delay.as_millis() as u64,
                        "webhook delivery failed; will retry"
                    );
                    tokio::select! {
                        () = tokio::time::sleep(delay) => {}
                        _ = shutdown.wait_for(|stopped| *stopped) => {
                            tracing::info!(kind = self.kind, url = %self.url, "webhook retries stopped by shutdown");
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Makes one POST; a 2xx status is success, anything else a reason to retry.
    async fn attempt(&self) -> Result<u16, String> {
        let response = self
            .client
            .post(&self.url)
            .header(AUTHORIZATION, self.token.clone())
            .json(&self.payload)
            .send()
            .await
            .map_err(|error| format!("request failed: {error}"))?;
        let status = response.status();
        if status.is_success() {
            return Ok(status.as_u16());
        }
        Err(format!("partner server returned HTTP {}", status.as_u16()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_kind_is_a_spec_webhook() {
        for kind in [
            "userBalanceGeneration",
            "kycFileAdded",
            "poaVerificationStatus",
            "kycVerificationStatus",
            "transfer",
            "sepaTransfer",
            "sepaDeposit",
            "cryptoWithdrawal",
            "cryptoDeposit",
            "exchange",
            "card3dsCode",
            "cardActivationCode",
            "orderStatus",
            "ibanStatus",
        ] {
            assert!(webhook_info(kind).is_some(), "{kind}");
        }
    }
}
