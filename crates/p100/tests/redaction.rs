//! No API key, card number, CVV, expiry or PIN appears in any log line, `Debug` output or
//! error message, even when the server echoes them back.

mod support;

use p100::{Client, Error, Pin, RetryPolicy};
use serde_json::json;
use support::LogCapture;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KEY: &str = "FAKE-KEY-9f8e7d6c";
const CARD_NUMBER: &str = "4929123412341234";
const CVV: &str = "846";
const EXPIRY: &str = "11/29";
const PIN: &str = "7392";

/// Responds with an error body that quotes the request's API key and body.
struct EchoError {
    status: u16,
    code: &'static str,
}

impl Respond for EchoError {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let key = request
            .headers
            .get("x-api-key")
            .map(|v| v.to_str().unwrap())
            .unwrap_or("");
        let body = String::from_utf8_lossy(&request.body);
        let message = format!("rejected {body} sent with key {key} for card {CARD_NUMBER}");
        ResponseTemplate::new(self.status)
            .set_body_json(json!({"errorCode": self.code, "errorMessage": message}))
    }
}

fn card_secrets() -> serde_json::Value {
    json!({"cardId": "card-1", "cardNumber": CARD_NUMBER, "cvv": CVV, "exp": EXPIRY, "status": "ACTIVE"})
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .retry_policy(RetryPolicy::default().initial_backoff(std::time::Duration::from_millis(5)))
        .build()
        .unwrap()
}

/// Fails when `text` contains a secret: the key and card number as substrings, and the CVV
/// and PIN as whole tokens (short digit runs also occur inside timestamps and ports).
fn assert_clean(label: &str, text: &str) {
    assert!(!text.contains(KEY), "{label} shows the API key: {text}");
    assert!(
        !text.contains(CARD_NUMBER),
        "{label} shows the card number: {text}"
    );
    assert!(!text.contains(EXPIRY), "{label} shows the expiry: {text}");
    let tokens: Vec<&str> = text.split(|ch: char| !ch.is_ascii_alphanumeric()).collect();
    assert!(!tokens.contains(&CVV), "{label} shows the CVV: {text}");
    assert!(!tokens.contains(&PIN), "{label} shows the PIN: {text}");
}

fn assert_error_clean(label: &str, error: &Error) {
    assert_clean(&format!("{label} Display"), &error.to_string());
    assert_clean(&format!("{label} Debug"), &format!("{error:?}"));
}

#[tokio::test(flavor = "current_thread")]
async fn card_secrets_stay_masked_in_results_and_logs() {
    let (logs, _guard) = LogCapture::install();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/card/virtual"))
        .respond_with(ResponseTemplate::new(200).set_body_json(card_secrets()))
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v1/card/details/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(card_secrets()))
        .mount(&server)
        .await;
    let client = client(&server);
    let pin = Pin::new(PIN).unwrap();

    let created = client
        .cards()
        .create_virtual("user-1", "Travel", &pin)
        .await
        .unwrap();
    let details = client.cards().details("user-1", "card-1").await.unwrap();

    assert_clean("created card Debug", &format!("{created:?}"));
    assert_clean("card details Debug", &format!("{details:?}"));
    assert_clean("PIN Debug", &format!("{pin:?}"));
    assert!(format!("{created:?}").contains("****1234"));
    assert_eq!(created.card_number.unwrap().reveal(), CARD_NUMBER);
    assert_eq!(details.cvv.unwrap().reveal(), CVV);
    assert_eq!(details.expiry.unwrap().reveal(), EXPIRY);
    assert_eq!(pin.reveal(), PIN);

    let received = server.received_requests().await.unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(sent["pin"], PIN, "the clear PIN is what goes on the wire");

    assert!(logs.text().contains("createVirtualCard"), "{}", logs.text());
    assert_clean("logs", &logs.text());
}

#[tokio::test(flavor = "current_thread")]
async fn echoed_secrets_are_removed_from_errors_and_logs() {
    let (logs, _guard) = LogCapture::install();
    let server = MockServer::start().await;
    Mock::given(path("/v1/card/pin"))
        .respond_with(EchoError {
            status: 400,
            code: "P403",
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/card/virtual"))
        .respond_with(EchoError {
            status: 400,
            code: "P451",
        })
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v1/card/limits/"))
        .respond_with(EchoError {
            status: 503,
            code: "P501",
        })
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v1/card/all/"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!("bad key {KEY}")))
        .mount(&server)
        .await;
    let client = client(&server);
    let pin = Pin::new(PIN).unwrap();

    let error = client
        .cards()
        .update_pin("user-1", "card-1", &pin)
        .await
        .unwrap_err();
    assert!(error.is_validation(), "{error:?}");
    assert_error_clean("validation error", &error);
    assert!(error.to_string().contains("<redacted>"), "{error}");

    let error = client
        .cards()
        .create_virtual("user-1", "Travel", &pin)
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(p100::ErrorCode::ForbiddenCountryCard));
    assert_error_clean("API error", &error);

    let error = client.cards().limits("user-1", "card-1").await.unwrap_err();
    assert!(error.is_retryable(), "{error:?}");
    assert_error_clean("retried server error", &error);

    let error = client.cards().list("user-1").await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized { .. }), "{error:?}");
    assert_error_clean("unauthorized error", &error);

    assert!(
        logs.text().contains("retrying P100 request"),
        "{}",
        logs.text()
    );
    assert_clean("logs", &logs.text());
}

#[tokio::test(flavor = "current_thread")]
async fn undecodable_bodies_are_masked() {
    let (logs, _guard) = LogCapture::install();
    let server = MockServer::start().await;
    let body =
        json!({"cardNumber": CARD_NUMBER, "cvv": CVV, "exp": EXPIRY, "pin": PIN, "x-api-key": KEY});
    Mock::given(path("/v1/card/virtual"))
        .respond_with(ResponseTemplate::new(201).set_body_json(body))
        .mount(&server)
        .await;
    let client = client(&server);
    let pin = Pin::new(PIN).unwrap();

    let error = client
        .cards()
        .create_virtual("user-1", "Travel", &pin)
        .await
        .unwrap_err();
    let Error::Decode { status, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(status.map(|s| s.as_u16()), Some(201));
    assert!(error.to_string().contains("cardId"), "{error}");
    assert_error_clean("decode error", &error);
    assert_clean("logs", &logs.text());
}

#[tokio::test(flavor = "current_thread")]
async fn transport_errors_do_not_show_the_key() {
    let (logs, _guard) = LogCapture::install();
    let url = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let client = Client::builder()
        .base_url(url)
        .api_key(KEY)
        .build()
        .unwrap();
    let pin = Pin::new(PIN).unwrap();

    let error = client
        .cards()
        .update_pin("user-1", "card-1", &pin)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_error_clean("transport error", &error);
    assert_clean("client Debug", &format!("{client:?}"));
    assert_clean("logs", &logs.text());
}

/// Returns the error of a balances call made with `api_key` to a server that answers 404
/// with `message`.
async fn balances_error_with_key(api_key: &str, message: &str) -> Error {
    let server = MockServer::start().await;
    Mock::given(path("/v1/partner/balances"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"errorCode": "P404", "errorMessage": message})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(api_key)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    client.partner().balances().await.unwrap_err()
}

#[tokio::test]
async fn short_key_does_not_mangle_messages() {
    let error = balances_error_with_key("k", "kyc-not-found").await;

    let text = error.to_string();
    assert!(text.contains("kyc-not-found"), "{text}");
    assert!(!text.contains("<redacted>"), "{text}");
}

#[tokio::test]
async fn short_key_after_key_name_is_masked() {
    let error = balances_error_with_key("k", "kyc-not-found, x-api-key: k").await;

    let text = error.to_string();
    assert!(text.contains("kyc-not-found"), "{text}");
    assert!(text.contains("x-api-key: <redacted>"), "{text}");
}

#[tokio::test]
async fn long_key_is_masked_by_value() {
    let message = format!("kyc-not-found, sent with {KEY}");
    let error = balances_error_with_key(KEY, &message).await;

    let text = error.to_string();
    assert!(!text.contains(KEY), "{text}");
    assert!(text.contains("sent with <redacted>"), "{text}");
    assert!(text.contains("kyc-not-found"), "{text}");
    assert!(!format!("{error:?}").contains(KEY), "{error:?}");
}
