//! Shared helpers of the integration tests: a sandbox on an ephemeral port and a small JSON
//! client for it.

#![allow(dead_code)]

use std::str::FromStr;

use p100_sandbox::{Sandbox, SandboxBuilder, SandboxHandle};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// Time scale of most tests: a 30 s lock lasts 300 ms and processing takes 20 ms.
pub const FAST: f64 = 100.0;

/// A running sandbox and an HTTP client for it.
pub struct TestSandbox {
    pub handle: SandboxHandle,
    pub http: reqwest::Client,
}

/// A response: status and JSON body (`Value::Null` when the body is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    /// Returns the `errorCode` of an error body.
    pub fn code(&self) -> &str {
        self.body["errorCode"].as_str().unwrap_or_default()
    }

    /// Returns the `errorMessage` of an error body.
    pub fn message(&self) -> &str {
        self.body["errorMessage"].as_str().unwrap_or_default()
    }
}

/// Parses a decimal from a JSON string or number.
pub fn dec(value: &Value) -> Decimal {
    match value {
        Value::String(text) => Decimal::from_str(text).unwrap(),
        Value::Number(number) => Decimal::from_str(&number.to_string()).unwrap(),
        other => panic!("not a decimal: {other}"),
    }
}

/// Parses a decimal literal.
pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

impl TestSandbox {
    /// Starts a sandbox with the default key and the fast time scale.
    pub async fn start() -> Self {
        Self::start_with(Sandbox::builder().time_scale(FAST)).await
    }

    /// Starts a sandbox from a builder.
    pub async fn start_with(builder: SandboxBuilder) -> Self {
        let handle = builder.spawn().await.expect("sandbox starts");
        Self {
            handle,
            http: reqwest::Client::new(),
        }
    }

    /// Returns the absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.handle.base_url())
    }

    /// Sends a request with the API key and an optional JSON body.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self
            .http
            .request(method, self.url(path))
            .header("x-api-key", self.handle.api_key());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the sandbox");
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, body }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Option<Value>) -> Reply {
        self.call(Method::PATCH, path, body).await
    }

    pub async fn delete(&self, path: &str, body: Option<Value>) -> Reply {
        self.call(Method::DELETE, path, body).await
    }

    /// Creates a KYC user in `WAITING_FOR_ACTIVATION`.
    pub async fn create_user(&self, external_user_id: &str, country: &str) -> Reply {
        self.post(
            "/v1/user/balances/crypto-and-fiat",
            json!({
                "externalUserId": external_user_id,
                "email": format!("{external_user_id}@example.com"),
                "phone": "486012334567",
                "firstName": "Jan",
                "lastName": "Kowalski",
                "street": "ul. Marszałkowska",
                "number": "123/5",
                "city": "Warszawa",
                "postCode": "00-001",
                "country": country,
                "citizenship": country,
                "birthDate": "1990-05-15",
                "hasAcceptedP100Tc": true
            }),
        )
        .await
    }

    /// Creates a KYC user and activates it with Add User Verification.
    pub async fn create_active_user(&self, external_user_id: &str) {
        let created = self.create_user(external_user_id, "PL").await;
        assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
        let verified = self
            .post(
                &format!("/v1/user/verification/{external_user_id}"),
                json!({"documentType": "ID_CARD", "documentNumber": "CEV12630"}),
            )
            .await;
        assert_eq!(verified.status, StatusCode::OK, "{:?}", verified.body);
    }

    /// Moves `amount` from the partner to a user.
    pub async fn fund(&self, external_user_id: &str, currency: &str, amount: &str) {
        let reply = self
            .post(
                "/v1/transfer",
                json!({"destinationExternalUserId": external_user_id, "amount": amount, "currency": currency}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    }

    /// Returns the partner's balance of `currency`.
    pub async fn partner_balance(&self, currency: &str) -> Decimal {
        let reply = self.get("/v1/partner/balances").await;
        find_balance(&reply.body, currency)
    }

    /// Returns a KYC user's balance of `currency`.
    pub async fn user_balance(&self, external_user_id: &str, currency: &str) -> Decimal {
        let reply = self
            .get(&format!("/v1/user/balances/{external_user_id}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        find_balance(&reply.body, currency)
    }

    /// Reads the sandbox ledger.
    pub async fn ledger(&self) -> Value {
        let reply = self.get("/sandbox/ledger").await;
        assert_eq!(reply.status, StatusCode::OK);
        reply.body
    }

    /// Polls `path` until `ready` accepts the body, for at most two seconds.
    pub async fn wait_for(&self, path: &str, ready: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..200 {
            let reply = self.get(path).await;
            if ready(&reply.body) {
                return reply.body;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("{path} did not reach the expected state");
    }
}

/// Finds the balance of `currency` in a `Balances` or `UserBalances` body.
pub fn find_balance(body: &Value, currency: &str) -> Decimal {
    for list in ["fiatBalances", "cryptoBalances", "balances"] {
        if let Some(entries) = body[list].as_array() {
            for entry in entries {
                if entry["name"] == currency {
                    return dec(&entry["amount"]);
                }
            }
        }
    }
    panic!("no {currency} balance in {body}");
}
