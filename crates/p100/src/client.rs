//! [`Client`], the entry point. It contains the generated client, configured with the API key
//! and the SDK's retrying executor, and returns one accessor per API area.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use p100_raw::types::ApiError;
use progenitor_client::ResponseValue;
use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use crate::api;
use crate::auth::ApiKey;
use crate::config::{ClientBuilder, Environment};
use crate::error::{ConfigError, Error};
use crate::retry::{RetryPolicy, RetryingExecutor, context};

/// Client for the P100 Partner API. Cloning is cheap: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> p100::Result<()> {
/// let client = p100::Client::from_env()?;
/// let balances = client.users().balances("user-42").await?;
/// println!("{} fiat balances", balances.fiat_balances.len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    raw: p100_raw::Client,
    http: reqwest::Client,
    base_url: Url,
    environment: Environment,
    api_key: ApiKey,
    executor: Arc<RetryingExecutor>,
}

/// Checked settings from [`ClientBuilder::build`].
pub(crate) struct Settings {
    pub(crate) environment: Environment,
    pub(crate) api_key: ApiKey,
    pub(crate) http: reqwest::Client,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) executor_timeout: Option<Duration>,
    pub(crate) user_agent: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("environment", &self.inner.environment)
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &self.inner.api_key)
            .finish()
    }
}

impl Client {
    /// Starts a [`ClientBuilder`] (staging, default timeouts and retries).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Builds a client from `P100_API_KEY`, `P100_ENVIRONMENT` and `P100_BASE_URL`; see
    /// [`ClientBuilder::from_env`].
    ///
    /// # Errors
    /// [`Error::Config`] naming the variable that is missing or invalid.
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    pub(crate) fn from_settings(settings: Settings) -> Result<Self, Error> {
        let executor = Arc::new(RetryingExecutor::new(
            settings.retry_policy,
            settings.executor_timeout,
            settings.user_agent,
        ));
        let state = p100_raw::ClientState::with_api_key(settings.api_key.expose())
            .map_err(|_| ConfigError::InvalidApiKey)?
            .executor(executor.clone());

        let base_url = settings.environment.base_url();
        // The generated client appends paths that start with `/` to this text.
        let raw_base = base_url.as_str().trim_end_matches('/');
        let raw = p100_raw::Client::new_with_client(raw_base, settings.http.clone(), state);

        let inner = Inner {
            raw,
            http: settings.http,
            base_url,
            environment: settings.environment,
            api_key: settings.api_key,
            executor,
        };
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Returns the environment the client talks to.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// Returns the base URL requests are sent to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Partner account: balances, transaction history, wallets, master transfers, SEPA
    /// deposit details.
    pub fn partner(&self) -> api::Partner<'_> {
        api::Partner::new(self)
    }

    /// Users: create, extend with a fiat account, update, suspend, delete, balances,
    /// transaction history.
    pub fn users(&self) -> api::Users<'_> {
        api::Users::new(self)
    }

    /// KYC: verification sessions, status, document and proof-of-address uploads.
    pub fn kyc(&self) -> api::Kyc<'_> {
        api::Kyc::new(self)
    }

    /// Currency exchange on the partner's own balances.
    pub fn exchange(&self) -> api::PartnerExchange<'_> {
        api::PartnerExchange::new(self)
    }

    /// Currency exchange on a user's balances.
    pub fn user_exchange(&self) -> api::UserExchange<'_> {
        api::UserExchange::new(self)
    }

    /// Orders: rates, rate locks, orders and their details.
    pub fn orders(&self) -> api::Orders<'_> {
        api::Orders::new(self)
    }

    /// Payment links and hosted checkout.
    pub fn payment_links(&self) -> api::PaymentLinks<'_> {
        api::PaymentLinks::new(self)
    }

    /// Crypto deposits: Travel Rule data.
    pub fn crypto_deposits(&self) -> api::CryptoDeposits<'_> {
        api::CryptoDeposits::new(self)
    }

    /// Crypto withdrawals for users and for the partner, and network fees.
    pub fn crypto_withdrawals(&self) -> api::CryptoWithdrawals<'_> {
        api::CryptoWithdrawals::new(self)
    }

    /// Internal transfers between balances.
    pub fn transfers(&self) -> api::Transfers<'_> {
        api::Transfers::new(self)
    }

    /// SEPA transfers and SEPA deposit details of users.
    pub fn sepa(&self) -> api::Sepa<'_> {
        api::Sepa::new(self)
    }

    /// Virtual cards: creation, details, PIN, limits, blocking.
    pub fn cards(&self) -> api::Cards<'_> {
        api::Cards::new(self)
    }

    pub(crate) fn raw(&self) -> &p100_raw::Client {
        &self.inner.raw
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn api_key(&self) -> &ApiKey {
        &self.inner.api_key
    }

    /// Awaits one generated call inside a call context and maps its result, removing the
    /// API key from any message P100 echoed.
    pub(crate) async fn call<T, F>(&self, request: F) -> Result<T, Error>
    where
        F: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ApiError>>>,
    {
        context::scope(async {
            match request.await {
                Ok(response) => Ok(response.into_inner()),
                Err(error) => {
                    let error = Error::from_raw(error).await;
                    Err(error.without_api_key(self.api_key().expose()))
                }
            }
        })
        .await
    }

    /// Sends a hand-built request through the SDK's executor (retry rules, tracing), adding
    /// the `x-api-key` header when the request has none.
    ///
    /// Returns the response whatever its status; map a non-success status with
    /// [`Error::from_response_parts`]. A request with a streamed body is sent once.
    ///
    /// # Errors
    /// [`Error::Timeout`] or [`Error::Transport`] when no response arrived.
    pub(crate) async fn execute_raw(
        &self,
        mut request: reqwest::Request,
        operation_id: &'static str,
    ) -> Result<reqwest::Response, Error> {
        let header = HeaderName::from_static("x-api-key");
        if !request.headers().contains_key(&header) {
            let mut value = HeaderValue::from_str(self.api_key().expose())
                .map_err(|_| ConfigError::InvalidApiKey)?;
            value.set_sensitive(true);
            request.headers_mut().insert(header, value);
        }

        let executor = &self.inner.executor;
        context::scope(executor.send(self.http(), request, operation_id))
            .await
            .map_err(Error::from_transport)
    }
}
