//! Generated body builders work with the SDK: only the named fields are sent, and a missing
//! required field fails at `try_into()` with `Error::InvalidRequest`.

use p100::types::{CountryCode, CreateUserRequest, TransferRequest};
use p100::{Client, Decimal, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key("test-key-0123456789")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn user_builder() -> p100::types::builder::CreateUserRequest {
    let germany = CountryCode::from("DE".to_string());
    CreateUserRequest::builder()
        .external_user_id("user-42")
        .first_name("Ada")
        .last_name("Lovelace")
        .email("ada@example.com")
        .phone("4915112345678")
        .city("Berlin")
        .post_code("10115")
        .country(germany.clone())
        .citizenship(germany)
        .street("Unter den Linden".to_string())
}

#[tokio::test(flavor = "current_thread")]
async fn built_user_request_sends_named_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/user/balances/crypto-and-fiat"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"errorCode": "P403", "errorMessage": "phone must be a valid number"}),
        ))
        .mount(&server)
        .await;

    let request: CreateUserRequest = user_builder().try_into().unwrap();
    let error = client(&server).users().create(request).await.unwrap_err();
    assert!(matches!(error, Error::Validation { .. }), "{error:?}");

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let body: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(body["externalUserId"], "user-42");
    assert_eq!(body["postCode"], "10115");
    assert_eq!(body["country"], "DE");
    assert_eq!(body["street"], "Unter den Linden");
    let object = body.as_object().unwrap();
    assert!(!object.contains_key("number"), "{body}");
    assert!(!object.contains_key("birthDate"), "{body}");
    assert!(!object.contains_key("documentNumber"), "{body}");
}

#[test]
fn missing_required_field_is_invalid_request() {
    fn build() -> p100::Result<CreateUserRequest> {
        let request = CreateUserRequest::builder()
            .external_user_id("user-42")
            .first_name("Ada")
            .try_into()?;
        Ok(request)
    }

    let error = build().unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("no value supplied for"), "{message}");
    assert!(message.contains("Set every required field"), "{message}");
}

#[test]
fn builder_takes_decimal_for_amount() {
    let request: TransferRequest = TransferRequest::builder()
        .amount(Decimal::new(1050, 2))
        .currency(p100::enums::Currency::Eur)
        .destination_external_user_id("user-42".to_string())
        .try_into()
        .unwrap();
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["amount"], "10.50");
    assert_eq!(body["destinationExternalUserId"], "user-42");
    assert!(body.get("sourceExternalUserId").is_none(), "{body}");
}
