//! Builders of webhook deliveries for tests of a partner's receiver.
//!
//! Each builder returns the `http::Request` that P100 would send: a POST to the kind's delivery
//! path with the token in `Authorization` and a JSON body. Convert it for axum with
//! `request.map(axum::body::Body::from)`.
//!
//! ```
//! use p100::webhook::{Event, Verifier, WebhookKind, testing};
//!
//! let request = testing::request(&testing::sample(WebhookKind::CryptoDeposit), "test-token");
//! let verifier = Verifier::new("test-token");
//! let event = verifier
//!     .parse(request.uri().path(), request.headers(), request.body())
//!     .unwrap();
//! assert!(matches!(event, Event::CryptoDeposit(_)));
//! ```

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{Method, Request};
use serde_json::{Value, json};

use super::event::Event;
use super::kind::WebhookKind;

/// Builds the delivery of `event` to its documented path, carrying `token`.
///
/// [`Event::Unknown`] is posted to the path it stores.
///
/// # Panics
/// When `token` is not a valid HTTP header value (for example, it contains a line break).
pub fn request(event: &Event, token: &str) -> Request<Vec<u8>> {
    request_with_prefix("", event, token)
}

/// Builds the delivery of `event` to its documented path under `prefix` (such as `/p100`),
/// for receivers mounted under a prefix.
///
/// # Panics
/// When `token` is not a valid HTTP header value.
pub fn request_with_prefix(prefix: &str, event: &Event, token: &str) -> Request<Vec<u8>> {
    let path = match (event.kind(), event) {
        (Some(kind), _) => kind.delivery_path().to_string(),
        (None, Event::Unknown { path, .. }) => path.clone(),
        (None, _) => "/".to_string(),
    };
    let uri = format!("{}{path}", prefix.trim_end_matches('/'));
    post_json(&uri, token, &event.to_payload())
}

/// Builds a delivery in the envelope form `{"event_type": .., "data": ..}` to `path`.
///
/// # Panics
/// When `token` is not a valid HTTP header value or `path` is not a valid URI path.
pub fn envelope_request(
    path: &str,
    event_type: &str,
    data: Value,
    token: &str,
) -> Request<Vec<u8>> {
    let body = json!({ "event_type": event_type, "data": data });
    post_json(path, token, &body)
}

/// Returns a valid event of `kind` with made-up ids and amounts.
///
/// Kinds whose fields are not documented get an empty payload object.
pub fn sample(kind: WebhookKind) -> Event {
    Event::from_payload(kind, sample_payload(kind))
}

/// Returns a valid flat JSON payload of `kind` with made-up ids and amounts.
pub fn sample_payload(kind: WebhookKind) -> Value {
    const USER: &str = "user-0001";
    const CARD: &str = "card-0001";
    match kind {
        WebhookKind::Card3dsCode => {
            json!({"externalUserId": USER, "code": "123456", "cardId": CARD})
        }
        WebhookKind::CardActivationCode => {
            json!({"externalUserId": USER, "cardId": CARD, "code": "654321"})
        }
        WebhookKind::CryptoDeposit => json!({
            "externalUserId": USER,
            "cryptoDepositId": "deposit-0001",
            "amount": "0.001",
            "currency": "eth",
            "status": "WAITING_FOR_TR_DATA",
            "transactionHash": "0x0000000000000000000000000000000000000000000000000000000000000001",
            "createdAt": "2025-03-20T11:34:37.646Z"
        }),
        WebhookKind::CryptoWithdrawal => json!({
            "id": "withdrawal-0001",
            "amount": "0.005",
            "fee": "0.0003",
            "destination": "tb1qtestaddress",
            "status": "SUCCESSFUL"
        }),
        WebhookKind::IbanStatus => json!({"status": "PENDING"}),
        WebhookKind::KycFileAdded => json!({"externalUserId": USER, "status": "ADDED"}),
        WebhookKind::KycVerificationStatus => json!({
            "externalUserId": USER,
            "verificationStatus": "VERIFIED",
            "attemptStatus": "SUCCESSFUL"
        }),
        WebhookKind::PoaVerificationStatus => json!({"externalUserId": USER, "status": "WAITING"}),
        WebhookKind::SepaTransfer => json!({
            "id": "sepa-0001",
            "type": "external",
            "amount": "3.80",
            "transferTitle": "Invoice 42",
            "destinationIban": "DE89370400440532013000",
            "status": "SUCCESSFUL",
            "currency": "eur",
            "fee": "0",
            "createdAt": "2025-08-05T10:33:54.730Z"
        }),
        WebhookKind::Transfer => json!({
            "id": "transfer-0001",
            "sourceExternalUserId": USER,
            "destinationExternalUserId": null,
            "amount": "10",
            "currency": "eur",
            "status": "SUCCESSFUL",
            "createdAt": "2025-01-20T11:04:29.719Z"
        }),
        WebhookKind::UserBalanceGeneration => json!({"externalUserId": USER, "status": "ACTIVE"}),
        WebhookKind::CardTransaction
        | WebhookKind::Exchange
        | WebhookKind::OrderStatus
        | WebhookKind::PaymentLink
        | WebhookKind::SepaDeposit => json!({}),
    }
}

fn post_json(uri: &str, token: &str, body: &Value) -> Request<Vec<u8>> {
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(CONTENT_TYPE, "application/json")
        .header(AUTHORIZATION, token)
        .body(body.to_string().into_bytes())
        .expect(
            "webhook test request: the token must be a valid header value and the path a valid URI",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_is_typed() {
        for &kind in WebhookKind::ALL {
            let event = sample(kind);
            assert_eq!(event.kind(), Some(kind));
            assert!(
                !matches!(event, Event::Unparsed { .. }),
                "{kind}: {event:?}"
            );
        }
    }

    #[test]
    fn request_round_trips_through_parse() {
        for &kind in WebhookKind::ALL {
            let event = sample(kind);
            let request = request_with_prefix("/p100/", &event, "token");
            assert!(request.uri().path().starts_with("/p100/"));
            let parsed = Event::parse(request.uri().path(), request.body()).unwrap();
            assert_eq!(parsed, event);
        }
    }
}
