//! A minimal HTTP server on loopback that answers the two benchmarked operations with fixed
//! bodies, so that the SDK and the baseline meet identical server cost.
//!
//! It runs on its own thread with a single-threaded Tokio runtime, which keeps it off the
//! runtime that drives the client under test.

use std::net::SocketAddr;
use std::thread::JoinHandle;

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tokio::sync::oneshot;

/// A running fixed-response server; dropping it stops the server and joins its thread.
#[derive(Debug)]
pub struct FixedServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FixedServer {
    /// Starts the server on an ephemeral loopback port. `GET /v1/partner/balances` returns
    /// `balances`; `POST /v1/partner/exchange` reads the request body and returns
    /// `exchange_created`. Both respond 200 with `application/json`.
    ///
    /// # Errors
    /// When the port cannot be bound or the runtime cannot start.
    pub fn start(balances: Vec<u8>, exchange_created: Vec<u8>) -> Result<Self> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .context("failed to bind the fixed server to 127.0.0.1")?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("failed to build the fixed server runtime")?;

        let balances = Bytes::from(balances);
        let exchange_created = Bytes::from(exchange_created);
        let app = Router::new()
            .route("/v1/partner/balances", get(move || json(balances.clone())))
            .route(
                "/v1/partner/exchange",
                post(move |_body: Bytes| json(exchange_created.clone())),
            );

        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("fixed-server".to_string())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("a non-blocking std listener converts to a Tokio listener");
                    // Dropping the serve future on the stop signal also closes open keep-alive
                    // connections, because a graceful shutdown would wait for the clients.
                    tokio::select! {
                        result = axum::serve(listener, app) => {
                            if let Err(error) = result {
                                eprintln!("fixed server stopped with an error: {error}");
                            }
                        }
                        _ = stopped => {}
                    }
                });
            })
            .context("failed to start the fixed server thread")?;

        Ok(Self {
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Returns the base URL, such as `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for FixedServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn json(body: Bytes) -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], body)
}
