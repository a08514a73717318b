//! Every non-upload operation of the spec is reachable through the SDK.
//!
//! A wiremock server returns the spec's own response example on each operation's path. The
//! test calls every area method once with the spec's request examples. Then it checks that
//! the operations the server received, and the operations the SDK traced, both equal the
//! spec's set.

mod support;

use std::collections::BTreeSet;

use p100::operations::{OPERATIONS, OperationInfo};
use p100::{Decimal, Pin, enums::Currency, enums::Network};
use serde::de::DeserializeOwned;
use serde_json::Value;
use support::LogCapture;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SPEC: &str = include_str!("../../../spec/p100.yaml");

struct Spec(Value);

impl Spec {
    fn load() -> Self {
        Self(serde_yaml_ng::from_str(SPEC).expect("spec/p100.yaml parses"))
    }

    fn operation(&self, info: &OperationInfo) -> &Value {
        &self.0["paths"][info.path][info.method.to_ascii_lowercase()]
    }

    /// Returns the `200` example and its content type.
    fn response_example(&self, info: &OperationInfo) -> (String, Value) {
        let content = self.operation(info)["responses"]["200"]["content"]
            .as_object()
            .unwrap();
        let (content_type, media) = content.iter().next().unwrap();
        (content_type.clone(), media["example"].clone())
    }

    /// Deserializes the request body example of `operation_id` into the SDK's request type.
    fn request<T: DeserializeOwned>(&self, operation_id: &str) -> T {
        let info = p100::operations::find(operation_id).unwrap();
        let example =
            &self.operation(info)["requestBody"]["content"]["application/json"]["example"];
        serde_json::from_value(example.clone())
            .unwrap_or_else(|error| panic!("request example of {operation_id}: {error}"))
    }
}

/// Turns `/v1/card/details/{externalUserId}/{cardId}` into an anchored regex.
fn path_pattern(template: &str) -> String {
    let mut pattern = String::from("^");
    for part in template.split('/').filter(|part| !part.is_empty()) {
        pattern.push('/');
        if part.starts_with('{') {
            pattern.push_str("[^/]+");
        } else {
            pattern.push_str(&regex_escape(part));
        }
    }
    pattern.push('$');
    pattern
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(
            |ch| match ch.is_ascii_alphanumeric() || ch == '/' || ch == '_' {
                true => vec![ch],
                false => vec!['\\', ch],
            },
        )
        .collect()
}

fn non_upload_operations() -> impl Iterator<Item = &'static OperationInfo> {
    OPERATIONS.iter().filter(|info| !info.upload)
}

async fn mock_every_operation(spec: &Spec) -> MockServer {
    let server = MockServer::start().await;
    for info in non_upload_operations() {
        let (content_type, example) = spec.response_example(info);
        let response = match example {
            Value::String(text) => ResponseTemplate::new(200).set_body_raw(text, &content_type),
            json => ResponseTemplate::new(200).set_body_json(json),
        };
        Mock::given(method(info.method))
            .and(path_regex(path_pattern(info.path)))
            .respond_with(response)
            .mount(&server)
            .await;
    }
    server
}

/// Identifies the spec operation of a received request by method and path.
fn operation_of(request: &wiremock::Request) -> &'static str {
    let path = request.url.path();
    let matches: Vec<_> = non_upload_operations()
        .filter(|info| info.method == request.method.as_str())
        .filter(|info| regex_matches(info.path, path))
        .collect();
    assert_eq!(
        matches.len(),
        1,
        "{} {path} matches {matches:?}",
        request.method
    );
    matches[0].operation_id
}

fn regex_matches(template: &str, path: &str) -> bool {
    let template: Vec<_> = template.split('/').collect();
    let path: Vec<_> = path.split('/').collect();
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(want, got)| want.starts_with('{') || want == got)
}

#[tokio::test(flavor = "current_thread")]
async fn every_operation_is_reachable() {
    let (logs, _guard) = LogCapture::install();
    let spec = Spec::load();
    let server = mock_every_operation(&spec).await;
    let client = support::client(&server.uri(), p100::RetryPolicy::none());
    let user = "user-1";
    let pin = Pin::new("1234").unwrap();
    let amount = Decimal::new(1050, 2);

    let partner = client.partner();
    assert!(!partner.balances().await.unwrap().crypto_balances.is_empty());
    partner.transaction_page(1, 20).await.unwrap();
    partner
        .create_wallet(spec.request("createPartnerWallet"))
        .await
        .unwrap();
    partner
        .master_transfer(spec.request("createPartnerMasterTransfer"))
        .await
        .unwrap();
    partner.sepa_deposit_info().await.unwrap();
    partner.sepa_deposit_contacts(Some(user)).await.unwrap();

    let exchange = client.exchange();
    exchange.rates().await.unwrap();
    let lock = exchange
        .lock(amount, Currency::Eur, Currency::Usdt)
        .await
        .unwrap();
    assert!(!lock.lock_id.is_empty());
    exchange
        .exchange(spec.request("createPartnerExchange"))
        .await
        .unwrap();
    exchange.details("exchange-1").await.unwrap();

    let user_exchange = client.user_exchange();
    user_exchange.rates().await.unwrap();
    user_exchange
        .lock(user, amount, Currency::Btc, Currency::Eur)
        .await
        .unwrap();
    user_exchange
        .exchange(spec.request("createUserExchange"))
        .await
        .unwrap();
    user_exchange.details("exchange-2").await.unwrap();

    let users = client.users();
    users.create(spec.request("createUser")).await.unwrap();
    users
        .create_without_kyc(spec.request("createUserWithoutKyc"))
        .await
        .unwrap();
    users
        .extend(user, spec.request("extendUser"))
        .await
        .unwrap();
    users
        .update(user, spec.request("updateUser"))
        .await
        .unwrap();
    users.delete(user).await.unwrap();
    users.suspend(user).await.unwrap();
    users.unsuspend(user).await.unwrap();
    users.balances(user).await.unwrap();
    users.transaction_page(user, 2, 10).await.unwrap();

    let kyc = client.kyc();
    kyc.add_verification(user, spec.request("addUserVerification"))
        .await
        .unwrap();
    kyc.create_verification(spec.request("createKycVerification"))
        .await
        .unwrap();
    assert!(
        kyc.verification_page(user, "verification-1")
            .await
            .unwrap()
            .contains('<')
    );
    kyc.status(user).await.unwrap();

    let deposits = client.crypto_deposits();
    deposits
        .update_travel_rule("deposit-1", spec.request("updateTravelRule"))
        .await
        .unwrap();

    let withdrawals = client.crypto_withdrawals();
    withdrawals
        .network_fee(Currency::Usdt, Network::Ethereum)
        .await
        .unwrap();
    withdrawals
        .create(spec.request("createCryptoWithdrawal"))
        .await
        .unwrap();
    withdrawals.details("withdrawal-1").await.unwrap();
    withdrawals
        .create_for_partner(spec.request("createPartnerCryptoWithdrawal"))
        .await
        .unwrap();
    withdrawals.partner_details("withdrawal-2").await.unwrap();

    let transfers = client.transfers();
    transfers
        .create(spec.request("createTransfer"))
        .await
        .unwrap();
    transfers.details("transfer-1").await.unwrap();

    let sepa = client.sepa();
    sepa.create(spec.request("createSepaTransfer"))
        .await
        .unwrap();
    sepa.create_for_partner(spec.request("createPartnerSepaTransfer"))
        .await
        .unwrap();
    sepa.details("sepa-1").await.unwrap();
    sepa.user_deposit_info(user).await.unwrap();

    let cards = client.cards();
    let created = cards.create_virtual(user, "Travel", &pin).await.unwrap();
    assert!(!created.card_id.is_empty());
    cards.list(user).await.unwrap();
    cards.details(user, "card-1").await.unwrap();
    cards.update_pin(user, "card-1", &pin).await.unwrap();
    cards.block(user, "card-1").await.unwrap();
    cards.unblock(user, "card-1").await.unwrap();
    cards.limits(user, "card-1").await.unwrap();
    cards
        .update_limits(spec.request("updateCardLimits"))
        .await
        .unwrap();
    cards.delete(user, "card-1").await.unwrap();

    let orders = client.orders();
    orders.rates().await.unwrap();
    orders.lock(spec.request("createOrderLock")).await.unwrap();
    orders.create(spec.request("createOrder")).await.unwrap();
    orders.details("order-1").await.unwrap();

    let links = client.payment_links();
    links
        .create(spec.request("createPaymentLink"))
        .await
        .unwrap();
    links
        .create_hosted_checkout(spec.request("createHostedCheckout"))
        .await
        .unwrap();
    links.details("link-1").await.unwrap();

    let expected: BTreeSet<&str> = non_upload_operations()
        .map(|info| info.operation_id)
        .collect();

    let received = server.received_requests().await.unwrap();
    let hit: BTreeSet<&str> = received.iter().map(operation_of).collect();
    assert_eq!(hit, expected, "operations the server saw");
    assert_eq!(
        received.len(),
        expected.len(),
        "each operation is sent once"
    );

    let traced: BTreeSet<String> = logs
        .lines_containing("P100 responded")
        .iter()
        .filter_map(|line| line.split("operation_id=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    let expected_owned: BTreeSet<String> = expected.iter().map(|id| id.to_string()).collect();
    assert_eq!(traced, expected_owned, "operations the SDK traced");
}

#[tokio::test]
async fn requests_carry_the_key_and_no_api_version() {
    let spec = Spec::load();
    let server = mock_every_operation(&spec).await;
    let client = support::client(&server.uri(), p100::RetryPolicy::none());
    client.users().balances("user-9").await.unwrap();

    let received = server.received_requests().await.unwrap();
    let request = &received[0];
    assert_eq!(request.url.path(), "/v1/user/balances/user-9");
    assert_eq!(request.headers.get("x-api-key").unwrap(), "test-key");
    assert!(request.headers.get("api-version").is_none());
    let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(agent.starts_with("p100-rust/"), "{agent}");
}

#[tokio::test]
async fn lock_sends_the_amount_and_pair_as_query() {
    let spec = Spec::load();
    let server = mock_every_operation(&spec).await;
    let client = support::client(&server.uri(), p100::RetryPolicy::none());
    let amount = Decimal::new(123_456_789, 8);
    client
        .user_exchange()
        .lock("user-3", amount, Currency::Eth, Currency::Eur)
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let query: Vec<(String, String)> = received[0].url.query_pairs().into_owned().collect();
    assert!(
        query.contains(&("amount".into(), "1.23456789".into())),
        "{query:?}"
    );
    assert!(
        query.contains(&("currencyFrom".into(), "eth".into())),
        "{query:?}"
    );
    assert!(
        query.contains(&("currencyTo".into(), "eur".into())),
        "{query:?}"
    );
    assert!(
        query.contains(&("externalUserId".into(), "user-3".into())),
        "{query:?}"
    );
}

#[test]
fn verification_url_needs_no_request() {
    let client = support::client("http://127.0.0.1:9/base", p100::RetryPolicy::none());
    let url = client.kyc().verification_url("user 1", "v-2");
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:9/base/v1/kyc/verification/user%201/v-2"
    );
}
