//! Error messages keep ids whole, including UUIDs whose middle groups are all digits, while
//! card numbers in the same message are still masked.

use p100::enums::Currency;
use p100::{Client, Decimal, RetryPolicy, types};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOCK_ID: &str = "d57d8d4e-9412-4321-3414-deb41f8aa3c1";
const DIGIT_LOCK_ID: &str = "12345678-1234-5678-9012-34567890abcd";
const CARD_NUMBER: &str = "4929123412345678";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key("test-key-0123456789")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn exchange_error(lock_id: &str, message: String) -> String {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/partner/exchange"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"errorCode": "P418", "errorMessage": message})),
        )
        .mount(&server)
        .await;

    let request = types::ExchangeRequest {
        amount: Decimal::new(25, 0).into(),
        currency_from: Currency::Eur,
        currency_to: Currency::Usdt,
        lock_id: lock_id.to_string(),
    };
    let error = client(&server)
        .exchange()
        .exchange(request)
        .await
        .unwrap_err();
    format!("{error} {error:?}")
}

#[tokio::test(flavor = "current_thread")]
async fn lock_ids_survive_in_error_messages() {
    for lock_id in [LOCK_ID, DIGIT_LOCK_ID] {
        let text = exchange_error(lock_id, format!("lockId {lock_id} has expired")).await;
        assert!(text.contains(lock_id), "{text}");
        assert!(!text.contains("****"), "{text}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn card_number_next_to_lock_id_is_masked() {
    let message = format!("lock {LOCK_ID} card {CARD_NUMBER}");
    let text = exchange_error(LOCK_ID, message).await;
    assert!(text.contains(LOCK_ID), "{text}");
    assert!(!text.contains(CARD_NUMBER), "{text}");
    assert!(text.contains("****5678"), "{text}");
}
