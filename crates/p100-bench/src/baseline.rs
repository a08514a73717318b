//! The hand-written baseline: plain serde structs with `String` and `Decimal` fields, and
//! `reqwest` calls that send the same requests as the SDK (same method, path, headers and
//! body bytes) and decode the same way (`serde_json::from_slice` on the whole body).

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Result, bail};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

use crate::fixtures::API_KEY;

/// `User-Agent` of the baseline requests, as long as the SDK's.
const BASELINE_USER_AGENT: &str = concat!("p100-rust/", env!("CARGO_PKG_VERSION"));

/// `Balances` with plain fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Balances {
    /// Fiat balances.
    pub fiat_balances: Vec<FiatBalance>,
    /// Crypto balances.
    pub crypto_balances: Vec<CryptoBalance>,
}

/// `FiatBalance` with plain fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FiatBalance {
    /// Balance id.
    pub id: String,
    /// Available amount.
    pub amount: Decimal,
    /// Currency code.
    pub name: String,
    /// Value of one unit in EUR.
    pub rate: Option<Decimal>,
    /// IBAN of the balance.
    pub iban: Option<String>,
    /// Balance status.
    pub status: Option<String>,
}

/// `CryptoBalance` with plain fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CryptoBalance {
    /// Balance id.
    pub id: String,
    /// Available amount.
    pub amount: Decimal,
    /// Currency code.
    pub name: String,
    /// Deposit address.
    pub wallet: Option<String>,
    /// Value of one unit in EUR.
    pub rate: Option<Decimal>,
    /// Per-network configuration, keyed by network.
    #[serde(default)]
    pub network_config: BTreeMap<String, NetworkConfig>,
}

/// `NetworkConfig` with plain fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkConfig {
    /// Whether the network is a main network.
    pub mainnet: bool,
    /// Network name.
    pub name: String,
    /// Withdrawal fee and minimum.
    pub withdrawal: Option<NetworkWithdrawal>,
    /// Deposit minimum.
    pub deposit: Option<NetworkDeposit>,
}

/// `NetworkWithdrawalConfig` with plain fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkWithdrawal {
    /// Withdrawal fee.
    pub fee_withdrawal: Option<Decimal>,
    /// Minimum withdrawal.
    pub min_withdrawal: Option<Decimal>,
}

/// `NetworkDepositConfig` with plain fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkDeposit {
    /// Minimum deposit.
    pub min_deposit: Option<Decimal>,
}

/// `TransactionPage` with plain fields.
#[derive(Debug, Deserialize)]
pub struct TransactionPage {
    /// Items of the page.
    pub transactions: Vec<Transaction>,
    /// 1-based page number.
    pub page: u64,
    /// Page size.
    pub limit: u64,
    /// Total number of items, when known.
    pub total: Option<u64>,
}

/// `Transaction` with plain fields; the timestamp stays a string.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Id of the underlying operation.
    pub id: String,
    /// Transaction type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Status text.
    pub status: String,
    /// Amount.
    pub amount: Decimal,
    /// Currency code.
    pub currency: String,
    /// Fee in `currency`.
    pub fee: Option<Decimal>,
    /// User involved, if any.
    pub external_user_id: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Creation time as RFC 3339 text.
    pub created_at: String,
}

/// `ExchangeRequest` with plain fields; the amount is written as an exact JSON number, as
/// the SDK writes it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeRequest {
    /// Amount of `currency_from`.
    #[serde(serialize_with = "decimal_as_number")]
    pub amount: Decimal,
    /// Source currency code.
    pub currency_from: String,
    /// Target currency code.
    pub currency_to: String,
    /// Rate lock id.
    pub lock_id: String,
}

/// `ExchangeCreated` with plain fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeCreated {
    /// Id of the new exchange.
    pub exchange_id: String,
}

fn decimal_as_number<S: Serializer>(amount: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let raw = serde_json::value::RawValue::from_string(amount.to_string())
        .map_err(serde::ser::Error::custom)?;
    raw.serialize(serializer)
}

/// Hand-written client for the two benchmarked operations.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    api_key: HeaderValue,
    user_agent: HeaderValue,
}

impl Client {
    /// Creates a client for `base_url` (no trailing slash) on a new connection pool.
    pub fn new(base_url: &str) -> Self {
        Self::with_http(base_url, reqwest::Client::new())
    }

    /// Creates a client whose connection pool has the SDK's default timeouts (10 s to
    /// connect, 30 s per request), to separate the cost of the timeout timer from the rest.
    ///
    /// # Panics
    /// When reqwest cannot build a client (no TLS backend), which `reqwest::Client::new`
    /// also panics on.
    pub fn with_sdk_timeouts(base_url: &str) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .expect("reqwest builds a client with timeouts");
        Self::with_http(base_url, http)
    }

    fn with_http(base_url: &str, http: reqwest::Client) -> Self {
        let mut api_key = HeaderValue::from_static(API_KEY);
        api_key.set_sensitive(true);
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key,
            user_agent: HeaderValue::from_static(BASELINE_USER_AGENT),
        }
    }

    /// `GET /v1/partner/balances`.
    ///
    /// # Errors
    /// On a transport error, a non-success status or a body that does not decode.
    pub async fn partner_balances(&self) -> Result<Balances> {
        let response = self
            .http
            .get(format!("{}/v1/partner/balances", self.base_url))
            .header("x-api-key", self.api_key.clone())
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, self.user_agent.clone())
            .send()
            .await?;
        decode(response).await
    }

    /// `POST /v1/partner/exchange`.
    ///
    /// # Errors
    /// On a transport error, a non-success status or a body that does not decode.
    pub async fn create_partner_exchange(
        &self,
        request: &ExchangeRequest,
    ) -> Result<ExchangeCreated> {
        let body = serde_json::to_vec(request)?;
        let response = self
            .http
            .post(format!("{}/v1/partner/exchange", self.base_url))
            .header("x-api-key", self.api_key.clone())
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, self.user_agent.clone())
            .body(body)
            .send()
            .await?;
        decode(response).await
    }
}

async fn decode<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T> {
    let status = response.status();
    if !status.is_success() {
        bail!("baseline request failed with HTTP {status}");
    }
    let bytes = response.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}
