//! The shared application object behind every handler: configuration, the state under its
//! lock, the webhook dispatcher, the rate limiter and the shutdown signal, plus the jobs that
//! finish asynchronous operations after a delay.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::config::{Config, DEFAULT_API_KEY};
use crate::ratelimit::RateLimiter;
use crate::state::{Event, State};
use crate::timing;
use crate::webhooks::WebhookDispatcher;

/// Start-log description of the default API key; must name `DEFAULT_API_KEY`.
const DEFAULT_KEY_DESCRIPTION: &str = "default (sandbox-key)";

/// Handle that handlers share.
pub type SharedApp = Arc<App>;

/// Configuration, state and background machinery of one sandbox.
#[derive(Debug)]
pub struct App {
    config: Config,
    base_url: String,
    state: Mutex<State>,
    webhooks: WebhookDispatcher,
    limiter: Option<RateLimiter>,
    shutdown: watch::Sender<bool>,
    started_at: Instant,
    requests: AtomicU64,
}

impl App {
    /// Creates the application; `base_url` is where clients reach it (used in payment links).
    pub fn new(config: Config, base_url: String) -> SharedApp {
        let (shutdown, shutdown_receiver) = watch::channel(false);
        let webhooks =
            WebhookDispatcher::new(config.webhook.clone(), config.time_scale, shutdown_receiver);
        let limiter = config.rate_limit.map(RateLimiter::new);
        let state = Mutex::new(State::new(&config));
        Arc::new(Self {
            config,
            base_url,
            state,
            webhooks,
            limiter,
            shutdown,
            started_at: Instant::now(),
            requests: AtomicU64::new(0),
        })
    }

    /// Returns the configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Returns the URL clients use to reach this sandbox.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Returns the rate limiter, if rate limiting is on.
    pub fn limiter(&self) -> Option<&RateLimiter> {
        self.limiter.as_ref()
    }

    /// Locks the state. Operations check before they change anything, so the state stays
    /// consistent even after a panic poisoned the lock, and the lock is recovered.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts delivering webhooks for `events`.
    pub fn emit(&self, events: Vec<Event>) {
        self.webhooks.dispatch(events);
    }

    /// Returns the time-scaled lifetime of a rate lock.
    pub fn lock_ttl(&self) -> Duration {
        self.config.time_scale.apply(timing::LOCK_TTL)
    }

    /// Runs `job` on the state after the time-scaled processing delay and sends the events it
    /// returns. The job is dropped if the sandbox shuts down first.
    pub fn after_processing_delay<F>(self: &Arc<Self>, job: F)
    where
        F: FnOnce(&mut State) -> Vec<Event> + Send + 'static,
    {
        let delay = self.config.time_scale.apply(timing::PROCESSING_DELAY);
        let app = Arc::clone(self);
        let mut shutdown = self.shutdown.subscribe();
        tokio::spawn(async move {
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                _ = shutdown.wait_for(|stopped| *stopped) => return,
            }
            let events = job(&mut app.state());
            app.emit(events);
        });
    }

    /// Counts one received request.
    pub fn count_request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Returns the number of requests received so far, including rejected ones.
    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Returns the time since the application was created.
    pub fn uptime(&self) -> Duration {
        self.started_at.elapsed()
    }

    /// Logs the `sandbox stopped` line with uptime and request count.
    pub fn log_stopped(&self, address: std::net::SocketAddr) {
        let uptime_ms = u64::try_from(self.uptime().as_millis()).unwrap_or(u64::MAX);
        let requests = self.request_count();
        tracing::info!(address = %address, uptime_ms, requests, "sandbox stopped");
    }

    /// Describes the accepted API key for the start log line: the default key is public and
    /// shown, any other key is only called custom.
    pub fn api_key_description(&self) -> &'static str {
        if self.config.api_key == DEFAULT_API_KEY {
            DEFAULT_KEY_DESCRIPTION
        } else {
            "custom (not logged)"
        }
    }

    /// Signals background jobs and webhook retries to stop.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    /// Returns a receiver whose value turns `true` when shutdown starts.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_key_description_names_the_key() {
        assert!(DEFAULT_KEY_DESCRIPTION.contains(DEFAULT_API_KEY));
    }
}
