//! Starting and stopping a sandbox: the builder, the handle of a running instance, and the
//! serve loop that the binary uses.

use std::future::Future;
use std::net::SocketAddr;
use std::num::NonZeroU32;

use axum::Router;
use rust_decimal::Decimal;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::app::{App, SharedApp};
use crate::config::{Config, WebhookTarget};
use crate::routes;
use crate::timing::TimeScale;

/// Errors of starting or running a sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The listen address could not be bound.
    #[error("could not listen on {address}: {source}; choose another address or free the port")]
    Bind {
        /// Address that was requested.
        address: SocketAddr,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The server stopped with an I/O error.
    #[error("the sandbox server failed: {0}")]
    Serve(#[source] std::io::Error),
    /// The time scale is zero, negative or not a number.
    #[error("invalid time scale {0}: it must be a finite number above 0")]
    InvalidTimeScale(f64),
}

/// Entry point of the library.
#[derive(Debug)]
pub struct Sandbox;

impl Sandbox {
    /// Starts configuring a sandbox; `spawn` starts it on an ephemeral loopback port.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), p100_sandbox::SandboxError> {
    /// let sandbox = p100_sandbox::Sandbox::builder().api_key("test-key").spawn().await?;
    /// println!("P100 sandbox at {}", sandbox.base_url());
    /// sandbox.shutdown().await;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// Builds the router for in-process use (for example with `tower::ServiceExt::oneshot`),
    /// without binding a socket. Payment-link URLs use `base_url`.
    pub fn router(config: Config, base_url: &str) -> Router {
        routes::router(App::new(config, base_url.to_string()))
    }
}

/// Configuration of a sandbox to spawn.
#[derive(Debug, Default)]
pub struct SandboxBuilder {
    config: Config,
    invalid_time_scale: Option<f64>,
}

impl SandboxBuilder {
    /// Replaces the whole configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Sets the API key that requests must send in `x-api-key`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.config.api_key = api_key.into();
        self
    }

    /// Sends webhooks to `base_url` joined with each kind's delivery path, with `token` in
    /// `Authorization`.
    pub fn webhook(mut self, base_url: impl Into<String>, token: impl Into<String>) -> Self {
        self.config.webhook = Some(WebhookTarget {
            base_url: base_url.into(),
            token: token.into(),
        });
        self
    }

    /// Divides lock lifetimes, processing delays and webhook retry delays by `factor`.
    pub fn time_scale(mut self, factor: f64) -> Self {
        match TimeScale::new(factor) {
            Some(scale) => self.config.time_scale = scale,
            None => self.invalid_time_scale = Some(factor),
        }
        self
    }

    /// Limits all clients together to `per_second` requests per second.
    pub fn rate_limit(mut self, per_second: NonZeroU32) -> Self {
        self.config.rate_limit = Some(per_second);
        self
    }

    /// Sets the partner's starting balance of `currency` (a code such as `eur`).
    pub fn seed(mut self, currency: &str, amount: Decimal) -> Self {
        self.config
            .seed
            .insert(currency.to_ascii_lowercase(), amount);
        self
    }

    /// Sets the listen address (default `127.0.0.1:0`, a free port).
    pub fn listen(mut self, address: SocketAddr) -> Self {
        self.config.listen = address;
        self
    }

    /// Binds the listen address and serves in a background task.
    ///
    /// # Errors
    ///
    /// `SandboxError::Bind` when the address is taken, `InvalidTimeScale` when
    /// `time_scale` was given a value that is not above 0.
    pub async fn spawn(self) -> Result<SandboxHandle, SandboxError> {
        if let Some(factor) = self.invalid_time_scale {
            return Err(SandboxError::InvalidTimeScale(factor));
        }
        let (listener, app, local_addr) = bind(self.config).await?;
        let router = routes::router(app.clone());
        let mut shutdown = app.shutdown_signal();
        let server = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = shutdown.wait_for(|stopped| *stopped).await;
                })
                .await
                .map_err(SandboxError::Serve)
        });
        tracing::info!(
            url = %app.base_url(),
            api_key = app.api_key_description(),
            "sandbox started"
        );
        Ok(SandboxHandle {
            app,
            local_addr,
            server: Some(server),
        })
    }
}

async fn bind(config: Config) -> Result<(TcpListener, SharedApp, SocketAddr), SandboxError> {
    let address = config.listen;
    let listener = TcpListener::bind(address)
        .await
        .map_err(|source| SandboxError::Bind { address, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { address, source })?;
    let app = App::new(config, format!("http://{local}"));
    Ok((listener, app, local))
}

/// A running sandbox. Dropping it stops the server without waiting.
#[derive(Debug)]
pub struct SandboxHandle {
    app: SharedApp,
    local_addr: SocketAddr,
    server: Option<JoinHandle<Result<(), SandboxError>>>,
}

impl SandboxHandle {
    /// Returns the base URL, such as `http://127.0.0.1:41234`; API paths start with `/v1`.
    pub fn base_url(&self) -> &str {
        self.app.base_url()
    }

    /// Returns the API key the sandbox accepts.
    pub fn api_key(&self) -> &str {
        &self.app.config().api_key
    }

    /// Returns the bound socket address.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting requests, stops background jobs and webhook retries, and waits for
    /// open requests to finish.
    pub async fn shutdown(mut self) {
        self.app.shut_down();
        if let Some(server) = self.server.take() {
            match server.await {
                Ok(Ok(())) => self.app.log_stopped(self.local_addr),
                Ok(Err(error)) => tracing::error!(%error, "sandbox stopped with an error"),
                Err(error) => tracing::error!(%error, "sandbox server task failed"),
            }
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.app.shut_down();
    }
}

/// Serves `config` until `signal` completes, then shuts down gracefully (used by the
/// binary with Ctrl-C as the signal).
///
/// # Errors
///
/// `SandboxError::Bind` when the address is taken, `Serve` when the server fails.
pub async fn run(
    config: Config,
    signal: impl Future<Output = ()> + Send + 'static,
) -> Result<(), SandboxError> {
    let (listener, app, local_addr) = bind(config).await?;
    tracing::info!(
        url = %app.base_url(),
        api_key = app.api_key_description(),
        webhooks = app.config().webhook.is_some(),
        rate_limit = app.config().rate_limit.map(NonZeroU32::get),
        time_scale = app.config().time_scale.factor(),
        "sandbox started"
    );
    let router = routes::router(app.clone());
    let stopping = app.clone();
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            signal.await;
            tracing::info!("shutdown requested");
            stopping.shut_down();
        })
        .await
        .map_err(SandboxError::Serve)?;
    app.log_stopped(local_addr);
    Ok(())
}
