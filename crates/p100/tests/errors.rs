//! Error mapping against a wiremock server: authentication messages, `P403` validation
//! failures, `P`-codes, rate limits, unexpected statuses, undecodable bodies and requests the
//! SDK rejects before sending.

mod support;

use std::time::Duration;

use p100::{Decimal, Error, ErrorCode, RetryPolicy, enums::Currency};
use reqwest::StatusCode;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

async fn balances_error(response: ResponseTemplate) -> Error {
    let server = server_answering("/v1/partner/balances", response).await;
    let client = support::client(&server.uri(), RetryPolicy::none());
    client.partner().balances().await.unwrap_err()
}

fn text(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_string(body)
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

#[tokio::test]
async fn access_denied_messages_name_the_cause() {
    let error = balances_error(text(401, "Access Denied. xo1")).await;
    assert!(matches!(error, Error::MissingApiKey), "{error:?}");
    assert!(error.to_string().contains("P100_API_KEY"));

    let error = balances_error(text(401, "Access Denied. xo2")).await;
    assert!(matches!(error, Error::InvalidApiKey), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("staging and production keys differ")
    );

    let error = balances_error(text(401, "Access Denied. xo3")).await;
    assert!(matches!(error, Error::IpNotAllowed), "{error:?}");
    assert!(error.to_string().contains("allow-list"));
    assert!(error.is_auth());
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn access_denied_inside_json_is_recognised() {
    let body = r#"{"errorCode":"P401","errorMessage":"Access Denied. xo2"}"#;
    assert!(matches!(
        balances_error(json(401, body)).await,
        Error::InvalidApiKey
    ));

    let body = r#"{"message":"Access Denied. xo3","statusCode":401}"#;
    assert!(matches!(
        balances_error(json(401, body)).await,
        Error::IpNotAllowed
    ));
}

#[tokio::test]
async fn other_unauthorized_keeps_the_message() {
    let error = balances_error(text(401, "token expired")).await;
    let Error::Unauthorized { message } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(message, "token expired");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn validation_failures_are_split() {
    let body = r#"{"errorCode":"P403","errorMessage":"currency must be one of the following values: btc, eth, usdt. Amount can have at most 8 decimal places. amount must not be less than 0.5."}"#;
    let error = balances_error(json(400, body)).await;

    assert!(error.is_validation());
    assert_eq!(error.code(), Some(ErrorCode::ValidationFailed));
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(
        error.validation_failures(),
        [
            "currency must be one of the following values: btc, eth, usdt",
            "Amount can have at most 8 decimal places",
            "amount must not be less than 0.5",
        ]
    );
    assert!(error.to_string().contains("P403"));
}

#[tokio::test]
async fn business_codes_are_typed() {
    let body = r#"{"errorCode":"P433","errorName":"insufficient-funds","errorMessage":"Insufficient funds"}"#;
    let server = server_answering("/v1/transfer", json(400, body)).await;
    let client = support::client(&server.uri(), RetryPolicy::none());
    let request = serde_json::from_value(serde_json::json!({
        "amount": "5", "currency": "eur", "destinationExternalUserId": "u1"
    }))
    .unwrap();
    let error = client.transfers().create(request).await.unwrap_err();

    assert_eq!(error.code(), Some(ErrorCode::InsufficientFunds));
    let failure = error.api_failure().unwrap();
    assert_eq!(failure.status, StatusCode::BAD_REQUEST);
    assert_eq!(failure.name.as_deref(), Some("insufficient-funds"));
    assert_eq!(failure.message.as_deref(), Some("Insufficient funds"));
    assert!(!error.is_not_found());
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "P100 returned HTTP 400 with error P433 (insufficient-funds): Insufficient funds"
    );
}

#[tokio::test]
async fn not_found_codes_and_statuses() {
    let body = r#"{"errorCode":"P428","errorName":"sepa-transfer-not-found"}"#;
    let server = server_answering("/v1/sepa-transfer/details/t-1", json(404, body)).await;
    let client = support::client(&server.uri(), RetryPolicy::none());
    let error = client.sepa().details("t-1").await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::SepaTransferNotFound));
    assert!(error.is_not_found());

    let body = r#"{"errorCode":"P434","errorName":"invalid-card"}"#;
    let server = server_answering("/v1/card/limits/u-1/c-1", json(400, body)).await;
    let client = support::client(&server.uri(), RetryPolicy::none());
    let error = client.cards().limits("u-1", "c-1").await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::CardNotFound));
    assert!(error.is_not_found());
}

#[tokio::test]
async fn unknown_codes_are_kept() {
    let error = balances_error(json(400, r#"{"errorCode":"P999","errorName":"brand-new"}"#)).await;
    assert_eq!(error.code(), Some(ErrorCode::Unknown("P999".into())));
}

#[tokio::test]
async fn unlisted_status_keeps_its_body() {
    let body = r#"{"errorCode":"P418","errorName":"partner-not-found"}"#;
    let error = balances_error(json(403, body)).await;
    assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(error.code(), Some(ErrorCode::PartnerNotFound));
}

#[tokio::test]
async fn server_errors_with_html_are_retryable() {
    let error = balances_error(text(502, "<html>bad gateway</html>")).await;
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(error.code(), Some(ErrorCode::Unknown("HTTP502".into())));
    assert!(error.is_retryable());
    assert!(error.to_string().contains("bad gateway"), "{error}");

    let error = balances_error(json(400, r#"{"errorCode":"P501"}"#)).await;
    assert_eq!(error.code(), Some(ErrorCode::ServiceUnavailable));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn rate_limit_reports_retry_after() {
    let response = text(429, "slow down").insert_header("retry-after", "3");
    let error = balances_error(response).await;
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
    assert!(error.to_string().contains("retry after 3 s"), "{error}");
}

#[tokio::test]
async fn undecodable_success_keeps_status_and_masks_the_body() {
    let body = r#"{"cardNumber":"4111111111111111","cvv":"321","unexpected":true}"#;
    let error = balances_error(json(200, body)).await;
    let Error::Decode {
        status,
        body,
        reason,
    } = &error
    else {
        panic!("{error:?}")
    };

    assert_eq!(*status, Some(StatusCode::OK));
    assert!(body.contains("unexpected"), "{body}");
    assert!(!body.contains("4111111111111111"), "{body}");
    assert!(!body.contains("321"), "{body}");
    assert!(reason.contains("missing field"), "{reason}");
}

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = support::client(&server.uri(), RetryPolicy::none());

    let nine_places = Decimal::new(1, 9);
    let error = client
        .exchange()
        .lock(nine_places, Currency::Eur, Currency::Btc)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    let negative = Decimal::new(-5, 0);
    let error = client
        .exchange()
        .lock(negative, Currency::Eur, Currency::Btc)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    let error = client.partner().transaction_page(0, 10).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn timeout_is_reported_as_timeout() {
    let response = ResponseTemplate::new(200).set_delay(Duration::from_secs(3));
    let error = balances_error(response).await;
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
}

#[tokio::test]
async fn refused_connection_names_the_cause() {
    let url = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let client = support::client(&url, RetryPolicy::none());

    let error = client.partner().balances().await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let text = error.to_string().to_ascii_lowercase();
    assert!(text.contains("refused"), "{text}");
    assert!(text.contains("p100_base_url"), "{text}");
}

#[tokio::test]
async fn invalid_lock_amounts_name_the_value() {
    let server = MockServer::start().await;
    let client = support::client(&server.uri(), RetryPolicy::none());

    let error = client
        .exchange()
        .lock(Decimal::new(-25, 1), Currency::Eur, Currency::Btc)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("-2.5"), "{error}");
    assert!(
        error.to_string().contains("must be greater than 0"),
        "{error}"
    );

    let error = client
        .user_exchange()
        .lock("user-1", Decimal::new(1, 9), Currency::Eur, Currency::Btc)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("0.000000001"), "{error}");
    assert!(error.to_string().contains("8 decimal places"), "{error}");

    assert!(server.received_requests().await.unwrap().is_empty());
}
