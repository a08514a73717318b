//! Drives the generated client (`p100_raw::Client`) against a wiremock server on loopback and
//! checks what goes over the wire: headers, exact decimal amounts, open enums, unknown fields,
//! parameters, and error bodies that are not JSON.

use std::str::FromStr;

use p100_raw::enums::{Currency, FiatBalanceStatus};
use p100_raw::money::{Amount, AmountNumber};
use p100_raw::{Client, ClientState, SYNTHESIZED_ERROR_HEADER, types};
use rust_decimal::Decimal;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const API_KEY: &str = "test-key";

fn client(server: &MockServer, state: ClientState) -> Client {
    Client::new_with_client(&server.uri(), reqwest::Client::new(), state)
}

fn client_with_key(server: &MockServer) -> Client {
    client(
        server,
        ClientState::with_api_key(API_KEY).expect("valid header value"),
    )
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// A balances body written by hand, so the amounts keep their exact text: `"92619.60"` is a
/// string with a trailing zero and `0.000469` a JSON number.
const BALANCES: &str = r#"{
  "fiatBalances": [
    {"id": "f-1", "amount": "92619.60", "name": "eur", "rate": 1, "iban": null,
     "status": "ACTIVE"}
  ],
  "cryptoBalances": [
    {"id": "c-1", "amount": 0.000469, "name": "btc", "wallet": null, "rate": "91234.5"}
  ]
}"#;

#[tokio::test]
async fn api_key_sent_and_api_version_removed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/partner/balances"))
        .respond_with(json_response(200, BALANCES))
        .expect(1)
        .mount(&server)
        .await;

    client_with_key(&server)
        .get_partner_balances()
        .send()
        .await
        .expect("balances");

    let request = only_request(&server).await;
    let key = request
        .headers
        .get("x-api-key")
        .map(|value| value.to_str().unwrap_or_default());
    assert_eq!(key, Some(API_KEY));
    assert!(
        request.headers.get("api-version").is_none(),
        "api-version header was sent"
    );
    let accept = request
        .headers
        .get("accept")
        .map(|value| value.to_str().unwrap_or_default());
    assert_eq!(accept, Some("application/json"));
}

#[tokio::test]
async fn no_api_key_when_state_has_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/partner/balances"))
        .respond_with(json_response(200, BALANCES))
        .mount(&server)
        .await;

    client(&server, ClientState::without_api_key())
        .get_partner_balances()
        .send()
        .await
        .expect("balances");

    let request = only_request(&server).await;
    assert!(
        request.headers.get("x-api-key").is_none(),
        "x-api-key sent without a key"
    );
}

#[tokio::test]
async fn exchange_amount_sent_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/partner/exchange"))
        .respond_with(json_response(201, r#"{"exchangeId": "ex-1"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let body = types::ExchangeRequest {
        amount: AmountNumber(Decimal::from_str("0.00000001").expect("decimal")),
        currency_from: Currency::Btc,
        currency_to: Currency::Eur,
        lock_id: "lock-1".into(),
    };
    let created = client_with_key(&server)
        .create_partner_exchange()
        .body(body)
        .send()
        .await
        .expect("exchange accepted");
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.exchange_id, "ex-1");

    let request = only_request(&server).await;
    let text = String::from_utf8(request.body.clone()).expect("UTF-8 body");
    assert!(
        text.contains(r#""amount":0.00000001"#),
        "amount not sent as an exact number: {text}"
    );
    assert!(
        !text.contains("1e-8"),
        "amount sent in exponent form: {text}"
    );
    let sent: serde_json::Value = request.body_json().expect("JSON body");
    assert_eq!(sent["currencyFrom"], "btc");
    assert_eq!(sent["currencyTo"], "eur");
    assert_eq!(sent["lockId"], "lock-1");
}

#[tokio::test]
async fn large_amount_keeps_every_digit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/partner/exchange"))
        .respond_with(json_response(200, r#"{"exchangeId": "ex-2"}"#))
        .mount(&server)
        .await;

    let amount = "12345678901234.12345678";
    client_with_key(&server)
        .create_partner_exchange()
        .body_map(|body| {
            body.amount(AmountNumber(Decimal::from_str(amount).expect("decimal")))
                .currency_from(Currency::Eur)
                .currency_to(Currency::Usdc)
                .lock_id("lock-2")
        })
        .send()
        .await
        .expect("exchange accepted");

    let text = String::from_utf8(only_request(&server).await.body).expect("UTF-8 body");
    assert!(
        text.contains(&format!(r#""amount":{amount}"#)),
        "digits lost: {text}"
    );
}

#[tokio::test]
async fn balance_decimals_read_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/partner/balances"))
        .respond_with(json_response(200, BALANCES))
        .mount(&server)
        .await;

    let balances = client_with_key(&server)
        .get_partner_balances()
        .send()
        .await
        .expect("balances")
        .into_inner();

    let fiat = &balances.fiat_balances[0];
    assert_eq!(
        fiat.amount,
        Amount(Decimal::from_str("92619.60").expect("decimal"))
    );
    assert_eq!(fiat.amount.to_string(), "92619.60", "trailing zero lost");
    assert_eq!(fiat.iban, None);
    let crypto = &balances.crypto_balances[0];
    assert_eq!(
        crypto.amount.0,
        Decimal::from_str("0.000469").expect("decimal")
    );
    assert_eq!(crypto.amount.to_string(), "0.000469");
    assert_eq!(
        crypto.rate.map(|rate| rate.to_string()).as_deref(),
        Some("91234.5")
    );
    assert_eq!(
        serde_json::to_string(&crypto.amount).expect("serialize"),
        r#""0.000469""#
    );
}

#[tokio::test]
async fn unknown_values_and_fields_parse() {
    let server = MockServer::start().await;
    let body = json!({
        "fiatBalances": [
            {"id": "f-1", "amount": "1.00", "name": "eur", "status": "FROZEN_BY_COMPLIANCE",
             "overdraftLimit": "50.00"},
            {"id": "f-2", "amount": "2.00", "name": "EUR", "status": "active"}
        ],
        "cryptoBalances": [
            {"id": "c-1", "amount": "0.5", "name": "sol", "wallet": "addr",
             "networkConfig": {"solana": {"mainnet": true, "name": "solana", "speed": "fast"}}}
        ],
        "generatedAt": "2025-01-01T00:00:00Z",
        "meta": {"page": 1}
    });
    Mock::given(method("GET"))
        .and(path("/v1/partner/balances"))
        .respond_with(json_response(200, &body.to_string()))
        .mount(&server)
        .await;

    let balances = client_with_key(&server)
        .get_partner_balances()
        .send()
        .await
        .expect("unknown fields and values must parse")
        .into_inner();

    let frozen = balances.fiat_balances[0].status.clone();
    assert_eq!(
        frozen,
        Some(FiatBalanceStatus::Unknown("FROZEN_BY_COMPLIANCE".into()))
    );
    assert_eq!(
        balances.fiat_balances[1].status,
        Some(FiatBalanceStatus::Active)
    );
    assert_eq!(
        balances.fiat_balances[1].name,
        Currency::Eur,
        "currency case was not ignored"
    );
    assert_eq!(
        balances.crypto_balances[0].name,
        Currency::Unknown("sol".into())
    );
    assert_eq!(balances.crypto_balances[0].name.as_str(), "sol");
    let network = &balances.crypto_balances[0].network_config["solana"];
    assert!(network.mainnet);
}

#[tokio::test]
async fn plain_text_401_becomes_error_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/partner/balances"))
        .respond_with(ResponseTemplate::new(401).set_body_raw("Access Denied. xo1", "text/plain"))
        .mount(&server)
        .await;

    let error = client(&server, ClientState::without_api_key())
        .get_partner_balances()
        .send()
        .await
        .expect_err("401 must be an error");

    let progenitor_client::Error::ErrorResponse(response) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert_eq!(response.status().as_u16(), 401);
    let synthesized = response.headers().get(SYNTHESIZED_ERROR_HEADER);
    assert_eq!(
        synthesized.and_then(|value| value.to_str().ok()),
        Some("true")
    );
    assert_eq!(response.error_code, "HTTP401");
    assert_eq!(
        response.error_message.as_deref(),
        Some("Access Denied. xo1")
    );
    assert_eq!(response.error_name, None);
}

#[tokio::test]
async fn json_error_body_passes_through() {
    let server = MockServer::start().await;
    let body = r#"{"errorCode": "P433", "errorName": "insufficient-funds",
                   "errorMessage": "Insufficient funds", "traceId": "t-1"}"#;
    Mock::given(method("POST"))
        .and(path("/v1/partner/exchange"))
        .respond_with(json_response(400, body))
        .mount(&server)
        .await;

    let error = client_with_key(&server)
        .create_partner_exchange()
        .body_map(|body| {
            body.amount(AmountNumber(Decimal::ONE))
                .currency_from(Currency::Eth)
                .currency_to(Currency::Eur)
                .lock_id("lock-3")
        })
        .send()
        .await
        .expect_err("400 must be an error");

    let progenitor_client::Error::ErrorResponse(response) = error else {
        panic!("expected Error::ErrorResponse, got {error:?}");
    };
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.headers().get(SYNTHESIZED_ERROR_HEADER).is_none());
    assert_eq!(response.error_code, "P433");
    assert_eq!(response.error_name.as_deref(), Some("insufficient-funds"));
}

#[tokio::test]
async fn query_and_path_parameters_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/partner/transactions"))
        .respond_with(json_response(
            200,
            r#"{"transactions": [], "page": 2, "limit": 25}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_response(
            200,
            r#"{"id": "a/b c", "status": "COMPLETED"}"#,
        ))
        .mount(&server)
        .await;

    let client = client_with_key(&server);
    let page = client
        .get_partner_transaction_history()
        .page(std::num::NonZeroU64::new(2).expect("non-zero"))
        .limit(std::num::NonZeroU64::new(25).expect("non-zero"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.page.get(), 2);
    client
        .get_partner_exchange_details()
        .exchange_id("a/b c")
        .send()
        .await
        .expect("details");

    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    let query: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    assert!(
        query.contains(&("page".into(), "2".into())),
        "query: {query:?}"
    );
    assert!(
        query.contains(&("limit".into(), "25".into())),
        "query: {query:?}"
    );
    assert_eq!(
        requests[1].url.path(),
        "/v1/partner/exchange/details/a%2Fb%20c"
    );
}
