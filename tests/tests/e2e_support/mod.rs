//! Request bodies and client set-up shared by the end-to-end tests (`e2e_*.rs`).
//!
//! Bodies are written as JSON in the spec's wire format and parsed into the generated
//! request types, so each one reads like the API reference and the parse itself checks
//! that the generated types accept the documented shape. Amounts are given as decimal
//! strings, which `Amount` and `AmountNumber` read exactly (no `f64` on the way).

// Each test binary includes this module and uses a different subset of it.
#![allow(dead_code)]

use std::time::Duration;

use p100::types;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A valid IBAN (check digits correct) used as a SEPA destination.
pub const DESTINATION_IBAN: &str = "PL06109027500000000148911547";

/// A valid Polygon/Ethereum address used as a crypto withdrawal destination.
pub const EVM_ADDRESS: &str = "0x2e90ca5bbe46d5ae23f2df90457d020391b92673";

/// Builds an SDK client for `base_url` that never retries, so each call is one request.
pub fn client(base_url: &str, api_key: &str) -> p100::Client {
    p100::Client::builder()
        .base_url(base_url)
        .api_key(api_key)
        .retry_policy(p100::RetryPolicy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client configuration is valid")
}

/// Parses a JSON value into a generated request type, panicking with the serde message.
pub fn body<T: DeserializeOwned>(value: Value) -> T {
    let text = value.to_string();
    serde_json::from_value(value)
        .unwrap_or_else(|error| panic!("request body {text} does not parse: {error}"))
}

/// Body of Create User (KYC model) for `external_user_id`.
pub fn create_user(external_user_id: &str) -> types::CreateUserRequest {
    body(json!({
        "externalUserId": external_user_id,
        "email": format!("{external_user_id}@example.com"),
        "phone": "486012334567",
        "firstName": "Jan",
        "lastName": "Kowalski",
        "street": "Marszalkowska",
        "number": "123/5",
        "city": "Warszawa",
        "postCode": "00-001",
        "country": "PL",
        "citizenship": "PL",
        "nationality": "PL",
        "birthCountry": "PL",
        "birthDate": "1990-05-15",
        "userIdentificationNumber": "123456789"
    }))
}

/// Body of Create User without KYC for `external_user_id`.
pub fn create_user_without_kyc(external_user_id: &str) -> types::CreateUserWithoutKycRequest {
    body(json!({
        "externalUserId": external_user_id,
        "email": format!("{external_user_id}@example.com"),
        "firstName": "John",
        "lastName": "Doe",
        "address": "Adama Matuszczaka 51/4",
        "city": "Rzeszow",
        "country": "PL",
        "documentType": "PASSPORT",
        "documentNumber": "CEV124630",
        "pesel": "12345678901",
        "birthCountry": "PL",
        "birthDate": "2000-01-01"
    }))
}

/// Body of Update User: a new e-mail address and phone number.
pub fn update_user(email: &str) -> types::UserUpdateRequest {
    body(json!({"email": email, "phone": "486012334599"}))
}

/// Body of Add User Verification (KYC Method A).
pub fn user_verification() -> types::UserVerificationRequest {
    body(json!({"documentType": "ID_CARD", "documentNumber": "CEV12630"}))
}

/// Body of Create KYC Verification (Method B) for `external_user_id`.
pub fn kyc_verification(external_user_id: &str) -> types::KycVerificationRequest {
    body(json!({
        "externalUserId": external_user_id,
        "documentType": "ID_CARD",
        "country": "PL",
        "incomeSource": "SALARY",
        "openAccountReason": "INVESTMENTS_OR_CRYPTOCURRENCIE",
        "occupation": "IT",
        "additionalInfo": "software engineer"
    }))
}

/// Body of Create Partner Wallet for a currency and network.
pub fn partner_wallet(currency: &str, network: &str) -> types::PartnerWalletRequest {
    body(json!({"currency": currency, "network": network}))
}

/// Body of a partner master transfer to (`to_user`) or from (`from_user`) a user.
pub fn master_transfer(
    amount: &str,
    currency: &str,
    to_user: Option<&str>,
    from_user: Option<&str>,
) -> types::PartnerMasterTransferRequest {
    let mut value = json!({"amount": amount, "currency": currency});
    if let Some(user) = to_user {
        value["destinationExternalUserId"] = json!(user);
    }
    if let Some(user) = from_user {
        value["sourceExternalUserId"] = json!(user);
    }
    body(value)
}

/// Body of an internal transfer: funding a user (`to_user`) or collecting from one
/// (`from_user`).
pub fn transfer(
    amount: &str,
    currency: &str,
    to_user: Option<&str>,
    from_user: Option<&str>,
) -> types::TransferRequest {
    let mut value = json!({"amount": amount, "currency": currency});
    if let Some(user) = to_user {
        value["destinationExternalUserId"] = json!(user);
    }
    if let Some(user) = from_user {
        value["sourceExternalUserId"] = json!(user);
    }
    body(value)
}

/// Body of Update Travel Rule for a self-custody wallet owned by the depositor.
pub fn travel_rule(external_user_id: Option<&str>) -> types::TravelRuleUpdate {
    let mut value = json!({
        "walletType": "SELF_CUSTODY",
        "details": {
            "iAmOwnerOfWallet": true,
            "firstName": "Will",
            "lastName": "Hahn",
            "city": "Warsaw",
            "street": "Polaninska 19",
            "postCode": "02-123",
            "country": "PL"
        }
    });
    if let Some(user) = external_user_id {
        value["externalUserId"] = json!(user);
    }
    body(value)
}

/// Body of a user crypto withdrawal of `amount` `currency` over `network`.
pub fn user_withdrawal(
    external_user_id: &str,
    currency: &str,
    network: &str,
    amount: &str,
    address: &str,
) -> types::UserCryptoWithdrawalRequest {
    body(json!({
        "sourceExternalUserId": external_user_id,
        "currency": currency,
        "network": network,
        "amount": amount,
        "walletAddress": address,
        "name": "John Doe",
        "walletType": "CUSTODIAL",
        "receiverType": "NATURAL"
    }))
}

/// Body of a partner crypto withdrawal of `amount` `currency` over `network`.
pub fn partner_withdrawal(
    currency: &str,
    network: &str,
    amount: &str,
    address: &str,
) -> types::PartnerCryptoWithdrawalRequest {
    body(json!({
        "currency": currency,
        "network": network,
        "amount": amount,
        "walletAddress": address,
        "name": "Example Trading Ltd",
        "walletType": "CUSTODIAL",
        "receiverType": "LEGAL"
    }))
}

/// Body of a SEPA transfer from a user's EUR balance.
pub fn user_sepa(
    external_user_id: &str,
    amount: &str,
    title: &str,
) -> types::UserSepaTransferRequest {
    body(json!({
        "sourceExternalUserId": external_user_id,
        "currency": "eur",
        "amount": amount,
        "receiverFirstName": "John",
        "receiverLastName": "Doe",
        "receiverType": "NATURAL",
        "destinationIban": DESTINATION_IBAN,
        "transferTitle": title
    }))
}

/// Body of a SEPA transfer from the partner account.
pub fn partner_sepa(amount: &str, title: &str) -> types::PartnerSepaTransferRequest {
    body(json!({
        "amount": amount,
        "currency": "eur",
        "destinationIban": DESTINATION_IBAN,
        "transferTitle": title
    }))
}

/// Body of Update Card Limits.
pub fn card_limits(external_user_id: &str, card_id: &str) -> types::CardLimitsUpdate {
    body(json!({
        "externalUserId": external_user_id,
        "cardId": card_id,
        "monthlyTrxAll": 5000,
        "dailyTrxAll": 1000,
        "monthlyTrxAtm": 1000,
        "dailyTrxAtm": 200,
        "monthlyTrxEcom": 3000,
        "dailyTrxEcom": 500
    }))
}

/// Body of Lock Order Rate for `amount` `currency` over `network`.
pub fn order_lock(currency: &str, network: &str, amount: &str) -> types::OrderLockRequest {
    body(json!({"currency": currency, "amount": amount, "network": network}))
}

/// Body of Create Order for a lock.
pub fn order(lock_id: &str) -> types::OrderRequest {
    body(json!({"lockId": lock_id}))
}

/// Body of Create Payment Link (its fields are undocumented, so the spec allows any object).
pub fn payment_link(amount: &str, currency: &str) -> types::PaymentLinkRequest {
    body(json!({"amount": amount, "currency": currency}))
}

/// Body of Create Hosted Checkout (its fields are undocumented too).
pub fn hosted_checkout(amount: &str, currency: &str) -> types::HostedCheckoutRequest {
    body(json!({"amount": amount, "currency": currency}))
}

/// Speed-up of the sandboxes these tests start: a 2 s processing delay takes 20 ms, and the
/// webhook retry delays of 8, 16, 32 and 64 s take 80 to 640 ms.
pub const TIME_SCALE: f64 = 100.0;

/// Starts a sandbox with `builder` on an ephemeral loopback port and returns it with an
/// SDK client that uses its API key.
pub async fn start(
    builder: p100_sandbox::SandboxBuilder,
) -> (p100_sandbox::SandboxHandle, p100::Client) {
    let sandbox = builder.spawn().await.expect("the sandbox starts");
    let client = client(sandbox.base_url(), sandbox.api_key());
    (sandbox, client)
}

/// Starts a time-scaled sandbox with default settings.
pub async fn start_default() -> (p100_sandbox::SandboxHandle, p100::Client) {
    start(p100_sandbox::Sandbox::builder().time_scale(TIME_SCALE)).await
}

/// Creates a user of the KYC model and verifies it (Method A), so that it is `ACTIVE` and
/// may move money.
pub async fn active_kyc_user(client: &p100::Client, external_user_id: &str) {
    client
        .users()
        .create(create_user(external_user_id))
        .await
        .expect("the KYC user is created");
    client
        .kyc()
        .add_verification(external_user_id, user_verification())
        .await
        .expect("the KYC user is verified");
}

/// Polls `probe` every 10 ms until it returns `Some`, for at most 5 s.
pub async fn eventually<T, F, Fut>(description: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..500 {
        if let Some(value) = probe().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out after 5 s waiting for {description}");
}

/// Returns the amount of `currency` in a `Balances`-shaped body (fiat and crypto lists).
pub fn balance_of(
    fiat: &[types::FiatBalance],
    crypto: &[types::CryptoBalance],
    currency: &str,
) -> rust_decimal::Decimal {
    let fiat = fiat
        .iter()
        .find(|balance| balance.name.as_str() == currency)
        .map(|balance| balance.amount.0);
    let crypto = crypto
        .iter()
        .find(|balance| balance.name.as_str() == currency)
        .map(|balance| balance.amount.0);
    fiat.or(crypto)
        .unwrap_or_else(|| panic!("no {currency} balance in the response"))
}

/// Parses a decimal literal of a test.
pub fn dec(text: &str) -> rust_decimal::Decimal {
    rust_decimal::Decimal::from_str_exact(text)
        .unwrap_or_else(|error| panic!("{text} is not a decimal: {error}"))
}
