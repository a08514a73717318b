//! Money-moving calls check their amounts before sending: a value that is 0 or negative, or
//! has more than 8 decimal places, fails with `Error::InvalidRequest` and the server receives
//! nothing.

use std::str::FromStr;

use p100::enums::{Currency, Network, ReceiverType, WithdrawalWalletType};
use p100::{Client, Decimal, Error, Result, RetryPolicy, types};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Amounts every money-moving call must reject.
const INVALID: [&str; 3] = ["1.123456789", "0", "-1"];

/// Starts a server that responds to every request with a P100 error, so a request that
/// gets through shows up both as a received request and as an API error.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"errorCode": "P433", "errorMessage": "insufficient funds"})),
        )
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key("test-key-0123456789")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn decimal(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// Asserts that `result` is an `InvalidRequest` naming the operation, field and value.
fn assert_rejected<T: std::fmt::Debug>(
    result: Result<T>,
    operation: &str,
    field: &str,
    value: &str,
) {
    let error = result.unwrap_err();
    assert!(
        matches!(error, Error::InvalidRequest(_)),
        "{operation} {value}: {error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains(&format!("{operation} {field} {value}")),
        "{message}"
    );
    let advice = if value.contains('.') {
        "Round it to at most 8 decimal places."
    } else {
        "must be greater than 0"
    };
    assert!(message.contains(advice), "{message}");
}

async fn assert_nothing_sent(server: &MockServer) {
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received.len(),
        0,
        "requests reached the server: {received:?}"
    );
}

fn transfer(amount: Decimal) -> types::TransferRequest {
    types::TransferRequest {
        amount: amount.into(),
        currency: Currency::Eur,
        destination_external_user_id: Some("user-1".into()),
        source_external_user_id: None,
    }
}

fn user_sepa(amount: Decimal) -> types::UserSepaTransferRequest {
    types::UserSepaTransferRequest {
        amount: amount.into(),
        company_name: None,
        currency: Currency::Eur,
        destination_iban: types::SepaIban::from("DE89370400440532013000".to_string()),
        receiver_first_name: Some("Ada".into()),
        receiver_last_name: Some("Lovelace".into()),
        receiver_type: Some(ReceiverType::Natural),
        source_external_user_id: "user-1".into(),
        transfer_title: "rent".into(),
    }
}

fn partner_sepa(amount: Decimal) -> types::PartnerSepaTransferRequest {
    types::PartnerSepaTransferRequest {
        amount: amount.into(),
        company_name: Some("Example GmbH".into()),
        currency: Currency::Eur,
        destination_iban: types::SepaIban::from("DE89370400440532013000".to_string()),
        receiver_first_name: None,
        receiver_last_name: None,
        receiver_type: Some(ReceiverType::Legal),
        transfer_title: "invoice 7".into(),
    }
}

fn user_withdrawal(amount: Decimal) -> types::UserCryptoWithdrawalRequest {
    types::UserCryptoWithdrawalRequest {
        amount: amount.into(),
        currency: Currency::Usdt,
        memo: None,
        name: "Ada Lovelace".into(),
        network: Some(Network::Polygon),
        receiver_type: ReceiverType::Natural,
        source_external_user_id: "user-1".into(),
        wallet_address: "0x52908400098527886E0F7030069857D2E4169EE7".into(),
        wallet_type: WithdrawalWalletType::NonCustodial,
    }
}

fn partner_withdrawal(amount: Decimal) -> types::PartnerCryptoWithdrawalRequest {
    types::PartnerCryptoWithdrawalRequest {
        amount: amount.into(),
        currency: Currency::Btc,
        memo: None,
        name: "Treasury".into(),
        network: None,
        receiver_type: ReceiverType::Legal,
        wallet_address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into(),
        wallet_type: WithdrawalWalletType::Custodial,
    }
}

fn partner_exchange(amount: Decimal) -> types::ExchangeRequest {
    types::ExchangeRequest {
        amount: amount.into(),
        currency_from: Currency::Eur,
        currency_to: Currency::Usdt,
        lock_id: "d57d8d4e-9412-4321-3414-deb41f8aa3c1".into(),
    }
}

fn user_exchange(amount: Decimal) -> types::UserExchangeRequest {
    types::UserExchangeRequest {
        amount: amount.into(),
        currency_from: Currency::Eur,
        currency_to: Currency::Btc,
        external_user_id: "user-1".into(),
        lock_id: "d57d8d4e-9412-4321-3414-deb41f8aa3c1".into(),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn transfers_reject_invalid_amounts() {
    let server = server().await;
    let client = client(&server);
    for value in INVALID {
        let result = client.transfers().create(transfer(decimal(value))).await;
        assert_rejected(result, "createTransfer", "amount", value);

        let request = types::PartnerMasterTransferRequest {
            amount: decimal(value).into(),
            currency: Currency::Eur,
            destination_external_user_id: Some("user-1".into()),
            source_external_user_id: None,
        };
        let result = client.partner().master_transfer(request).await;
        assert_rejected(result, "createPartnerMasterTransfer", "amount", value);
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test(flavor = "current_thread")]
async fn sepa_transfers_reject_invalid_amounts() {
    let server = server().await;
    let client = client(&server);
    for value in INVALID {
        let result = client.sepa().create(user_sepa(decimal(value))).await;
        assert_rejected(result, "createSepaTransfer", "amount", value);

        let result = client
            .sepa()
            .create_for_partner(partner_sepa(decimal(value)))
            .await;
        assert_rejected(result, "createPartnerSepaTransfer", "amount", value);
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test(flavor = "current_thread")]
async fn withdrawals_reject_invalid_amounts() {
    let server = server().await;
    let client = client(&server);
    for value in INVALID {
        let result = client
            .crypto_withdrawals()
            .create(user_withdrawal(decimal(value)))
            .await;
        assert_rejected(result, "createCryptoWithdrawal", "amount", value);

        let result = client
            .crypto_withdrawals()
            .create_for_partner(partner_withdrawal(decimal(value)))
            .await;
        assert_rejected(result, "createPartnerCryptoWithdrawal", "amount", value);
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test(flavor = "current_thread")]
async fn exchanges_and_locks_reject_invalid_amounts() {
    let server = server().await;
    let client = client(&server);
    for value in INVALID {
        let result = client
            .exchange()
            .exchange(partner_exchange(decimal(value)))
            .await;
        assert_rejected(result, "createPartnerExchange", "amount", value);

        let result = client
            .user_exchange()
            .exchange(user_exchange(decimal(value)))
            .await;
        assert_rejected(result, "createUserExchange", "amount", value);

        let result = client
            .exchange()
            .lock(decimal(value), Currency::Eur, Currency::Usdt)
            .await;
        assert_rejected(result, "createPartnerExchangeLock", "amount", value);

        let result = client
            .user_exchange()
            .lock("user-1", decimal(value), Currency::Eur, Currency::Btc)
            .await;
        assert_rejected(result, "createUserExchangeLock", "amount", value);
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test(flavor = "current_thread")]
async fn order_lock_rejects_invalid_amounts() {
    let server = server().await;
    let client = client(&server);
    for value in INVALID {
        let request = types::OrderLockRequest {
            amount: decimal(value).into(),
            currency: Currency::Usdc,
            network: Network::Polygon,
        };
        let result = client.orders().lock(request).await;
        assert_rejected(result, "createOrderLock", "amount", value);
    }
    assert_nothing_sent(&server).await;
}

fn card_limits(daily_atm: Decimal) -> types::CardLimitsUpdate {
    types::CardLimitsUpdate {
        card_id: "card-1".into(),
        daily_trx_all: decimal("1000").into(),
        daily_trx_atm: daily_atm.into(),
        daily_trx_ecom: decimal("500").into(),
        external_user_id: "user-1".into(),
        monthly_trx_all: decimal("5000").into(),
        monthly_trx_atm: decimal("1000").into(),
        monthly_trx_ecom: decimal("3000").into(),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn card_limits_reject_negative_and_long_values() {
    let server = server().await;
    let client = client(&server);

    let result = client
        .cards()
        .update_limits(card_limits(decimal("-1")))
        .await;
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("updateCardLimits dailyTrxAtm -1 must not be negative"),
        "{message}"
    );

    let result = client
        .cards()
        .update_limits(card_limits(decimal("0.123456789")))
        .await;
    assert_rejected(result, "updateCardLimits", "dailyTrxAtm", "0.123456789");
    assert_nothing_sent(&server).await;
}

#[tokio::test(flavor = "current_thread")]
async fn card_limit_of_zero_is_sent() {
    let server = server().await;
    let client = client(&server);

    let result = client
        .cards()
        .update_limits(card_limits(Decimal::ZERO))
        .await;
    assert!(matches!(result, Err(Error::Api(_))), "{result:?}");

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let body: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(body["dailyTrxAtm"], json!(0));
}

/// Valid amounts are sent, with trailing zeros past 8 decimal places dropped.
#[tokio::test(flavor = "current_thread")]
async fn valid_amounts_reach_server() {
    let server = server().await;
    let client = client(&server);

    let result = client
        .transfers()
        .create(transfer(decimal("1.500000000")))
        .await;
    assert!(matches!(result, Err(Error::Api(_))), "{result:?}");
    let result = client
        .exchange()
        .exchange(partner_exchange(decimal("0.00000001")))
        .await;
    assert!(matches!(result, Err(Error::Api(_))), "{result:?}");

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    let transfer: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(transfer["amount"], json!("1.50000000"));
    let exchange = String::from_utf8(received[1].body.clone()).unwrap();
    assert!(exchange.contains(r#""amount":0.00000001"#), "{exchange}");
}
