//! Authentication failures, validation errors and hostile input: each returns the documented
//! status and body, and none changes the state.

mod common;

use common::{TestSandbox, d};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

#[tokio::test]
async fn missing_key_is_xo1() {
    let sandbox = TestSandbox::start().await;
    let response = sandbox
        .http
        .get(sandbox.url("/v1/partner/balances"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(response.text().await.unwrap(), "Access Denied. xo1");
}

#[tokio::test]
async fn wrong_key_is_xo2() {
    let sandbox = TestSandbox::start().await;
    let response = sandbox
        .http
        .post(sandbox.url("/v1/transfer"))
        .header("x-api-key", "not-the-key")
        .json(&json!({"destinationExternalUserId": "u", "amount": "1", "currency": "eur"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.text().await.unwrap(), "Access Denied. xo2");
}

#[tokio::test]
async fn unknown_path_is_404_api_error() {
    let sandbox = TestSandbox::start().await;
    let reply = sandbox.get("/v1/no-such-thing").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "P404");
    assert!(reply.message().contains("/v1/no-such-thing"));
}

#[tokio::test]
async fn wrong_method_is_405_api_error() {
    let sandbox = TestSandbox::start().await;
    let reply = sandbox.delete("/v1/partner/balances", None).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.code(), "P405");
}

#[tokio::test]
async fn malformed_json_is_p403() {
    let sandbox = TestSandbox::start().await;
    let response = sandbox
        .http
        .post(sandbox.url("/v1/transfer"))
        .header("x-api-key", sandbox.handle.api_key())
        .header(CONTENT_TYPE, "application/json")
        .body("{\"amount\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errorCode"], "P403");
    assert!(
        body.get("errorName").is_none(),
        "validation errors carry no errorName"
    );
    assert!(
        body["errorMessage"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
}

#[tokio::test]
async fn wrong_content_type_is_p403() {
    let sandbox = TestSandbox::start().await;
    let response = sandbox
        .http
        .post(sandbox.url("/v1/transfer"))
        .header("x-api-key", sandbox.handle.api_key())
        .header(CONTENT_TYPE, "text/plain")
        .body("amount=1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errorCode"], "P403");
    assert!(
        body["errorMessage"]
            .as_str()
            .unwrap()
            .contains("Content-Type")
    );
}

#[tokio::test]
async fn huge_body_is_p403_and_harmless() {
    let sandbox = TestSandbox::start().await;
    let before = sandbox.partner_balance("eur").await;
    let huge = format!(
        "{{\"destinationExternalUserId\": \"{}\"}}",
        "x".repeat(8 * 1024 * 1024)
    );
    let response = sandbox
        .http
        .post(sandbox.url("/v1/transfer"))
        .header("x-api-key", sandbox.handle.api_key())
        .header(CONTENT_TYPE, "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errorCode"], "P403");
    assert!(body["errorMessage"].as_str().unwrap().contains("too large"));
    assert_eq!(sandbox.partner_balance("eur").await, before);
}

#[tokio::test]
async fn missing_fields_are_joined() {
    let sandbox = TestSandbox::start().await;
    let reply = sandbox.post("/v1/partner/sepa-transfer", json!({})).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "P403");
    for field in ["amount", "currency", "destinationIban", "transferTitle"] {
        assert!(
            reply.message().contains(field),
            "{field} missing from {}",
            reply.message()
        );
    }
    assert_eq!(
        reply.message().matches(". ").count(),
        3,
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn bad_amounts_and_currency_are_p403() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("amounts").await;
    let cases = [
        (json!("0"), "eur", "greater than 0"),
        (json!("-5"), "eur", "greater than 0"),
        (json!("1.123456789"), "btc", "at most 8 decimal places"),
        (json!("1.001"), "eur", "at most 2 decimal places for eur"),
        (
            json!("10"),
            "xyz",
            "currency must be one of the following values",
        ),
    ];
    for (amount, currency, expected) in cases {
        let reply = sandbox
            .post(
                "/v1/transfer",
                json!({"destinationExternalUserId": "amounts", "amount": amount, "currency": currency}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{amount} {currency}");
        assert_eq!(reply.code(), "P403", "{amount} {currency}");
        assert!(
            reply.message().contains(expected),
            "{amount} {currency}: {}",
            reply.message()
        );
    }
    assert_eq!(sandbox.user_balance("amounts", "eur").await, d("0"));
}

#[tokio::test]
async fn amount_strings_must_be_plain_decimals() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("plain").await;
    for amount in [" 1", "1e2", "+1", "1."] {
        let reply = sandbox
            .post(
                "/v1/transfer",
                json!({"destinationExternalUserId": "plain", "amount": amount, "currency": "eur"}),
            )
            .await;
        assert_eq!(reply.code(), "P403", "{amount:?} was accepted");
    }
}

#[tokio::test]
async fn bad_iban_is_p403() {
    let sandbox = TestSandbox::start().await;
    let body = |iban: &str| json!({"amount": "100", "currency": "eur", "destinationIban": iban, "transferTitle": "Invoice"});
    let wrong_check_digits = sandbox
        .post("/v1/partner/sepa-transfer", body("DE89370400440532013001"))
        .await;
    assert_eq!(wrong_check_digits.code(), "P403");
    assert!(wrong_check_digits.message().contains("destinationIban"));
    let wrong_shape = sandbox
        .post("/v1/partner/sepa-transfer", body("not-an-iban"))
        .await;
    assert_eq!(wrong_shape.code(), "P403");
    let valid = sandbox
        .post("/v1/partner/sepa-transfer", body("DE89370400440532013000"))
        .await;
    assert_eq!(valid.status, StatusCode::CREATED, "{:?}", valid.body);
}

#[tokio::test]
async fn bad_query_parameters_are_p403() {
    let sandbox = TestSandbox::start().await;
    for query in ["page=0", "limit=101", "page=abc", "limit=1.5"] {
        let reply = sandbox
            .get(&format!("/v1/partner/transactions?{query}"))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.code(), "P403", "{query}");
    }
    let missing = sandbox
        .get("/v1/partner/exchange/get-lock?currencyFrom=eth")
        .await;
    assert_eq!(missing.code(), "P403");
    assert!(missing.message().contains("currencyTo is required"));
    assert!(missing.message().contains("amount is required"));
}

#[tokio::test]
async fn card_pin_never_echoed_in_validation_errors() {
    let sandbox = TestSandbox::start().await;
    let reply = sandbox
        .patch(
            "/v1/card/pin",
            Some(json!({"externalUserId": "u", "cardId": "c", "pin": "987654"})),
        )
        .await;
    assert_eq!(reply.code(), "P403");
    assert!(!reply.message().contains("987654"), "{}", reply.message());
}
