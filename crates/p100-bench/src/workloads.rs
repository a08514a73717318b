//! Named benchmark workloads for the paired runner (`bench-paired`) and the allocation
//! counter (`bench-profile`). Each name is one iteration of what a criterion bench times:
//! `<workload>-sdk` is the SDK, `<workload>-baseline` the hand-written equivalent.

use anyhow::{Result, bail};
use futures::future::join_all;
use http::HeaderMap;
use http::header::AUTHORIZATION;
use p100::types;
use p100::webhook::{Event, Verifier, WebhookKind, testing};
use serde::de::DeserializeOwned;

use crate::baseline;
use crate::fixed_server::FixedServer;
use crate::fixtures::{API_KEY, Bodies, Spec, transaction_page};

/// Requests in flight at once in the `request64-*` workloads.
pub const CONCURRENCY: usize = 64;

/// Items of the decoded transaction page.
pub const PAGE_ITEMS: usize = 1_000;

const WEBHOOK_TOKEN: &str = "bench-webhook-token-0123456789abcdef";

/// One SDK-versus-baseline comparison: a label, the SDK workload, the baseline workload and
/// the goal for their ratio.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// Criterion group of the same comparison.
    pub group: &'static str,
    /// SDK workload name.
    pub sdk: &'static str,
    /// Baseline workload name.
    pub baseline: &'static str,
    /// Maximum ratio SDK / baseline.
    pub goal: f64,
}

/// Every comparison of the paired runner, with the criterion group it corresponds to.
pub const PAIRS: &[Pair] = &[
    Pair {
        group: "client_balances_sequential",
        sdk: "request-balances-sdk",
        baseline: "request-balances-baseline",
        goal: 1.05,
    },
    Pair {
        group: "client_exchange_sequential",
        sdk: "request-exchange-sdk",
        baseline: "request-exchange-baseline",
        goal: 1.05,
    },
    Pair {
        group: "client_balances_concurrent64",
        sdk: "request64-balances-sdk",
        baseline: "request64-balances-baseline",
        goal: 1.05,
    },
    Pair {
        group: "client_exchange_concurrent64",
        sdk: "request64-exchange-sdk",
        baseline: "request64-exchange-baseline",
        goal: 1.05,
    },
    Pair {
        group: "client_balances_concurrent64/timeouts",
        sdk: "request64-balances-sdk",
        baseline: "request64-balances-baseline-timeouts",
        goal: 1.05,
    },
    Pair {
        group: "client_exchange_concurrent64/timeouts",
        sdk: "request64-exchange-sdk",
        baseline: "request64-exchange-baseline-timeouts",
        goal: 1.05,
    },
    Pair {
        group: "client_balances_sequential/timeouts",
        sdk: "request-balances-sdk",
        baseline: "request-balances-baseline-timeouts",
        goal: 1.05,
    },
    Pair {
        group: "client_exchange_sequential/timeouts",
        sdk: "request-exchange-sdk",
        baseline: "request-exchange-baseline-timeouts",
        goal: 1.05,
    },
    Pair {
        group: "decode_transaction_page_1000",
        sdk: "decode-page-sdk",
        baseline: "decode-page-baseline",
        goal: 1.10,
    },
    Pair {
        group: "decode_balances",
        sdk: "decode-balances-sdk",
        baseline: "decode-balances-baseline",
        goal: 1.10,
    },
    Pair {
        group: "webhook_all_kinds",
        sdk: "webhook-sdk",
        baseline: "webhook-baseline",
        goal: 1.10,
    },
    Pair {
        group: "webhook_all_kinds/prototype",
        sdk: "webhook-prototype",
        baseline: "webhook-baseline",
        goal: 1.10,
    },
];

/// Servers, clients and bodies shared by every workload.
pub struct Workloads {
    runtime: tokio::runtime::Runtime,
    // Kept alive for the clients below.
    _server: FixedServer,
    sdk: p100::Client,
    plain: baseline::Client,
    plain_timeouts: baseline::Client,
    sdk_exchange: types::ExchangeRequest,
    plain_exchange: baseline::ExchangeRequest,
    balances: Vec<u8>,
    page: Vec<u8>,
    verifier: Verifier,
    headers: HeaderMap,
    deliveries: Vec<(WebhookKind, Vec<u8>)>,
    /// Delivery path of every kind, longest first, for the parser sketch.
    delivery_paths: Vec<(&'static str, WebhookKind)>,
}

impl Workloads {
    /// Starts the fixed server on its own thread and builds the clients and bodies.
    ///
    /// # Errors
    /// When the spec lacks an example, the server cannot start or a client cannot be built.
    pub fn new() -> Result<Self> {
        let spec = Spec::load()?;
        let bodies = Bodies::from_spec(&spec)?;
        let page = transaction_page(&spec, PAGE_ITEMS)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let server = FixedServer::start(bodies.balances.clone(), bodies.exchange_created.clone())?;
        let base_url = server.base_url();
        let sdk = p100::Client::builder()
            .base_url(&base_url)
            .api_key(API_KEY)
            .build()?;
        let sdk_exchange: types::ExchangeRequest =
            serde_json::from_value(bodies.exchange_request.clone())?;
        let plain_exchange = baseline::ExchangeRequest {
            amount: sdk_exchange.amount.0,
            currency_from: sdk_exchange.currency_from.as_str().to_string(),
            currency_to: sdk_exchange.currency_to.as_str().to_string(),
            lock_id: sdk_exchange.lock_id.clone(),
        };
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, WEBHOOK_TOKEN.parse()?);
        let deliveries = WebhookKind::ALL
            .iter()
            .map(|&kind| (kind, testing::sample_payload(kind).to_string().into_bytes()))
            .collect();
        let mut delivery_paths: Vec<_> = WebhookKind::ALL
            .iter()
            .map(|&kind| (kind.delivery_path(), kind))
            .collect();
        delivery_paths.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        Ok(Self {
            delivery_paths,
            runtime,
            _server: server,
            sdk,
            plain: baseline::Client::new(&base_url),
            plain_timeouts: baseline::Client::with_sdk_timeouts(&base_url),
            sdk_exchange,
            plain_exchange,
            balances: bodies.balances,
            page,
            verifier: Verifier::new(WEBHOOK_TOKEN),
            headers,
            deliveries,
        })
    }

    /// Runs one iteration of the workload `name`.
    ///
    /// # Errors
    /// When the name is unknown or the work fails (a request, a decode).
    pub fn run(&self, name: &str) -> Result<()> {
        match name {
            "decode-balances-sdk" => {
                keep(serde_json::from_slice::<types::Balances>(&self.balances)?)
            }
            "decode-balances-baseline" => {
                keep(serde_json::from_slice::<baseline::Balances>(
                    &self.balances,
                )?);
            }
            "decode-page-sdk" => keep(serde_json::from_slice::<types::TransactionPage>(
                &self.page,
            )?),
            "decode-page-baseline" => {
                keep(serde_json::from_slice::<baseline::TransactionPage>(
                    &self.page,
                )?);
            }
            "webhook-sdk" => {
                for (kind, body) in &self.deliveries {
                    keep(
                        self.verifier
                            .parse(kind.delivery_path(), &self.headers, body)?,
                    );
                }
            }
            "webhook-prototype" => {
                for (kind, body) in &self.deliveries {
                    self.parse_prototype(kind.delivery_path(), body)?;
                }
            }
            "webhook-baseline" => {
                for (kind, body) in &self.deliveries {
                    decode_webhook(*kind, body)?;
                }
            }
            _ => self.runtime.block_on(self.request(name))?,
        }
        Ok(())
    }

    async fn request(&self, name: &str) -> Result<()> {
        match name {
            "request-balances-sdk" => keep(self.sdk.partner().balances().await?),
            "request-balances-baseline" => keep(self.plain.partner_balances().await?),
            "request-balances-baseline-timeouts" => {
                keep(self.plain_timeouts.partner_balances().await?);
            }
            "request-exchange-sdk" => keep(self.sdk_exchange().await?),
            "request-exchange-baseline" => keep(self.plain_exchange(&self.plain).await?),
            "request-exchange-baseline-timeouts" => {
                keep(self.plain_exchange(&self.plain_timeouts).await?);
            }
            "request64-balances-sdk" => {
                let calls = (0..CONCURRENCY).map(|_| async { self.sdk.partner().balances().await });
                for result in join_all(calls).await {
                    keep(result?);
                }
            }
            "request64-balances-baseline" => {
                let calls = (0..CONCURRENCY).map(|_| self.plain.partner_balances());
                for result in join_all(calls).await {
                    keep(result?);
                }
            }
            "request64-exchange-sdk" => {
                let calls = (0..CONCURRENCY).map(|_| self.sdk_exchange());
                for result in join_all(calls).await {
                    keep(result?);
                }
            }
            "request64-exchange-baseline" => {
                let calls = (0..CONCURRENCY).map(|_| self.plain_exchange(&self.plain));
                for result in join_all(calls).await {
                    keep(result?);
                }
            }
            "request64-balances-baseline-timeouts" => {
                let calls = (0..CONCURRENCY).map(|_| self.plain_timeouts.partner_balances());
                for result in join_all(calls).await {
                    keep(result?);
                }
            }
            "request64-exchange-baseline-timeouts" => {
                let calls = (0..CONCURRENCY).map(|_| self.plain_exchange(&self.plain_timeouts));
                for result in join_all(calls).await {
                    keep(result?);
                }
            }
            other => bail!("unknown workload {other:?}"),
        }
        Ok(())
    }

    async fn sdk_exchange(&self) -> p100::Result<types::ExchangeCreated> {
        self.sdk
            .exchange()
            .exchange(self.sdk_exchange.clone())
            .await
    }

    async fn plain_exchange(&self, client: &baseline::Client) -> Result<baseline::ExchangeCreated> {
        let request = self.plain_exchange.clone();
        client.create_partner_exchange(&request).await
    }

    /// Sketch of a single-pass webhook parse: verify the token, pick the kind from a table
    /// of delivery paths computed once, and, when the body cannot be an envelope (no
    /// `"event_type"` text in it), decode the payload type straight from the bytes. Other
    /// bodies go to the SDK's parser.
    fn parse_prototype(&self, path: &str, body: &[u8]) -> Result<()> {
        const ENVELOPE_KEY: &[u8] = b"\"event_type\"";
        self.verifier.verify(&self.headers)?;
        let could_be_envelope = memchr::memmem::find(body, ENVELOPE_KEY).is_some();
        let trimmed = path.split(['?', '#']).next().unwrap_or(path);
        let trimmed = trimmed.trim_end_matches('/');
        let kind = self
            .delivery_paths
            .iter()
            .find(|(delivery_path, _)| trimmed.ends_with(delivery_path))
            .map(|(_, kind)| *kind);
        match kind {
            Some(kind) if !could_be_envelope => decode_webhook(kind, body),
            _ => {
                keep(Event::parse(path, body)?);
                Ok(())
            }
        }
    }
}

/// Keeps the optimizer from dropping the work that produced `value`.
fn keep<T>(value: T) {
    std::hint::black_box(&value);
}

/// Decodes a webhook body into its kind's payload type with plain `from_slice`.
///
/// # Errors
/// When the body does not fit the type.
pub fn decode_webhook(kind: WebhookKind, body: &[u8]) -> Result<()> {
    fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<()> {
        keep(serde_json::from_slice::<T>(body)?);
        Ok(())
    }
    match kind {
        WebhookKind::Card3dsCode => decode::<types::Card3dsCodeWebhook>(body),
        WebhookKind::CardActivationCode => decode::<types::CardActivationCodeWebhook>(body),
        WebhookKind::CardTransaction => decode::<types::CardTransactionWebhook>(body),
        WebhookKind::CryptoDeposit => decode::<types::CryptoDepositWebhook>(body),
        WebhookKind::CryptoWithdrawal => decode::<types::CryptoWithdrawalWebhook>(body),
        WebhookKind::Exchange => decode::<types::ExchangeWebhook>(body),
        WebhookKind::IbanStatus => decode::<types::IbanStatusWebhook>(body),
        WebhookKind::KycFileAdded => decode::<types::KycFileAddedWebhook>(body),
        WebhookKind::KycVerificationStatus => decode::<types::KycVerificationStatusWebhook>(body),
        WebhookKind::OrderStatus => decode::<types::OrderStatusWebhook>(body),
        WebhookKind::PaymentLink => decode::<types::PaymentLinkWebhook>(body),
        WebhookKind::PoaVerificationStatus => decode::<types::PoaVerificationStatusWebhook>(body),
        WebhookKind::SepaDeposit => decode::<types::SepaDepositWebhook>(body),
        WebhookKind::SepaTransfer => decode::<types::SepaTransferWebhook>(body),
        WebhookKind::Transfer => decode::<types::TransferWebhook>(body),
        WebhookKind::UserBalanceGeneration => decode::<types::UserBalanceGenerationWebhook>(body),
        other => bail!("no baseline decoder for webhook kind {other:?}"),
    }
}
