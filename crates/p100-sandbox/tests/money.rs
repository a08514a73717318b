//! Money movement: internal transfers, SEPA transfers, crypto withdrawals, crypto deposits
//! with Travel Rule data, and the transaction history.

mod common;

use common::{TestSandbox, d, dec};
use p100_sandbox::{SANDBOX_FAIL_ADDRESS, SANDBOX_FAIL_TITLE, SEED_DEPOSIT_ID, Sandbox};
use reqwest::StatusCode;
use serde_json::json;

/// Time scale of the tests that read a transfer or withdrawal while it is `PENDING`: the 2 s
/// processing delay becomes 500 ms, long enough for the reads that follow its creation.
const SLOW: f64 = 4.0;

#[tokio::test]
async fn funding_and_collection_move_exact_amounts() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("alice").await;
    let partner_before = sandbox.partner_balance("eur").await;

    let funding = sandbox
        .post(
            "/v1/transfer",
            json!({"destinationExternalUserId": "alice", "amount": "100.10", "currency": "eur"}),
        )
        .await;
    assert_eq!(funding.status, StatusCode::CREATED);
    let transfer_id = funding.body["transferId"].as_str().unwrap().to_string();
    let collection = sandbox
        .post(
            "/v1/partner/transfer",
            json!({"sourceExternalUserId": "alice", "amount": "0.15", "currency": "eur"}),
        )
        .await;
    assert_eq!(collection.status, StatusCode::CREATED);

    assert_eq!(sandbox.user_balance("alice", "eur").await, d("99.95"));
    assert_eq!(
        sandbox.partner_balance("eur").await,
        partner_before - d("99.95")
    );

    let details = sandbox
        .get(&format!("/v1/transfer/details/{transfer_id}"))
        .await;
    assert_eq!(details.body["status"], "SUCCESSFUL");
    assert_eq!(dec(&details.body["amount"]), d("100.10"));
    assert_eq!(details.body["destinationEmail"], "alice@example.com");
    assert_eq!(
        sandbox.get("/v1/transfer/details/none").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn number_amounts_keep_every_digit() {
    let sandbox = TestSandbox::start_with(
        Sandbox::builder()
            .time_scale(common::FAST)
            .seed("btc", d("10000000000")),
    )
    .await;
    sandbox.create_active_user("exact").await;
    // 18 significant digits: an f64 keeps about 16, so a detour through f64 would change the
    // amount. The body is sent as text because `json!` would store the number as an f64.
    let body = r#"{"destinationExternalUserId": "exact", "amount": 1234567890.12345678, "currency": "btc"}"#;
    let response = sandbox
        .http
        .post(sandbox.url("/v1/transfer"))
        .header("x-api-key", sandbox.handle.api_key())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        sandbox.user_balance("exact", "btc").await,
        d("1234567890.12345678")
    );

    let short = sandbox
        .post(
            "/v1/transfer",
            json!({"sourceExternalUserId": "exact", "amount": "1234567890.12345679", "currency": "btc"}),
        )
        .await;
    assert_eq!(short.code(), "P433");
    assert_eq!(
        short.message(),
        "Insufficient funds: the btc balance is 1234567890.12345678."
    );
}

#[tokio::test]
async fn transfer_business_errors() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("bob").await;
    let neither = sandbox
        .post("/v1/transfer", json!({"amount": "1", "currency": "eur"}))
        .await;
    assert_eq!(neither.code(), "P424");
    assert_eq!(neither.message(), "Source or destination must be provided.");

    let both = sandbox
        .post(
            "/v1/transfer",
            json!({"sourceExternalUserId": "bob", "destinationExternalUserId": "bob", "amount": "1", "currency": "eur"}),
        )
        .await;
    assert_eq!(both.code(), "P424");

    let short = sandbox
        .post(
            "/v1/transfer",
            json!({"sourceExternalUserId": "bob", "amount": "1", "currency": "eur"}),
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert_eq!(short.code(), "P433");
    assert_eq!(short.body["errorName"], "insufficient-funds");

    let unknown = sandbox
        .post(
            "/v1/partner/transfer",
            json!({"destinationExternalUserId": "nobody", "amount": "1", "currency": "eur"}),
        )
        .await;
    assert_eq!(unknown.code(), "P412");
    assert_eq!(sandbox.user_balance("bob", "eur").await, d("0"));
}

#[tokio::test]
async fn sepa_transfer_charges_fee() {
    let sandbox = TestSandbox::start_with(Sandbox::builder().time_scale(SLOW)).await;
    sandbox.create_active_user("carol").await;
    sandbox.fund("carol", "eur", "2600").await;

    let reply = sandbox
        .post(
            "/v1/sepa-transfer",
            json!({"sourceExternalUserId": "carol", "currency": "eur", "amount": "2500",
                   "destinationIban": "LT601010012345678901", "transferTitle": "Rent",
                   "receiverType": "NATURAL", "receiverFirstName": "John", "receiverLastName": "Doe"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let id = reply.body["transferId"].as_str().unwrap().to_string();
    // 0.1 % of 2500 is 2.50, above the 1 EUR minimum.
    assert_eq!(sandbox.user_balance("carol", "eur").await, d("97.50"));

    let path = format!("/v1/sepa-transfer/details/{id}");
    let details = sandbox.get(&path).await;
    assert_eq!(details.body["status"], "PENDING");
    assert_eq!(dec(&details.body["fee"]), d("2.50"));
    assert_eq!(details.body["user"]["externalUserId"], "carol");
    let done = sandbox
        .wait_for(&path, |body| body["status"] == "SUCCESSFUL")
        .await;
    assert_eq!(dec(&done["fee"]), d("2.50"));
    assert!(done.get("error").is_none_or(|error| error == &json!({})));
    assert_eq!(sandbox.user_balance("carol", "eur").await, d("97.50"));

    let small = sandbox
        .post(
            "/v1/sepa-transfer",
            json!({"sourceExternalUserId": "carol", "currency": "eur", "amount": "10",
                   "destinationIban": "LT601010012345678901", "transferTitle": "Small"}),
        )
        .await;
    assert_eq!(small.status, StatusCode::CREATED);
    assert_eq!(
        sandbox.user_balance("carol", "eur").await,
        d("86.50"),
        "minimum fee is 1 EUR"
    );

    let too_much = sandbox
        .post(
            "/v1/sepa-transfer",
            json!({"sourceExternalUserId": "carol", "currency": "eur", "amount": "86",
                   "destinationIban": "LT601010012345678901", "transferTitle": "Too much"}),
        )
        .await;
    assert_eq!(too_much.code(), "P433", "86 + 1 fee exceeds 86.50");

    let missing_names = sandbox
        .post(
            "/v1/sepa-transfer",
            json!({"sourceExternalUserId": "carol", "currency": "eur", "amount": "1",
                   "destinationIban": "LT601010012345678901", "transferTitle": "x", "receiverType": "LEGAL"}),
        )
        .await;
    assert_eq!(missing_names.code(), "P403");
    assert!(missing_names.message().contains("companyName"));
}

#[tokio::test]
async fn sepa_failure_trigger_and_not_found() {
    let sandbox = TestSandbox::start_with(Sandbox::builder().time_scale(SLOW)).await;
    let before = sandbox.partner_balance("eur").await;
    let reply = sandbox
        .post(
            "/v1/partner/sepa-transfer",
            json!({"amount": "50", "currency": "eur", "destinationIban": "PL06109027500000000148911547",
                   "transferTitle": SANDBOX_FAIL_TITLE}),
        )
        .await;
    let id = reply.body["transferId"].as_str().unwrap().to_string();
    let path = format!("/v1/sepa-transfer/details/{id}");
    let pending = sandbox.get(&path).await;
    assert_eq!(pending.body["status"], "PENDING");
    assert_eq!(dec(&pending.body["fee"]), d("1.00"));
    assert_eq!(
        sandbox.partner_balance("eur").await,
        before - d("51.00"),
        "amount and fee are reserved while the transfer is pending"
    );

    let failed = sandbox
        .wait_for(&path, |body| body["status"] == "FAILED")
        .await;
    assert!(failed["error"]["description"].is_string());
    assert_eq!(dec(&failed["fee"]), d("0"));
    assert_eq!(
        sandbox.partner_balance("eur").await,
        before,
        "failed transfers are refunded"
    );
    assert_eq!(sandbox.ledger().await["consistent"], true);

    let missing = sandbox.get("/v1/sepa-transfer/details/unknown").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "P428");
}

#[tokio::test]
async fn crypto_withdrawal_fees_and_minimum() {
    let sandbox = TestSandbox::start_with(Sandbox::builder().time_scale(SLOW)).await;
    let config = sandbox.get("/v1/partner/balances").await;
    let usdc = config.body["cryptoBalances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|balance| balance["name"] == "usdc")
        .unwrap()
        .clone();
    let polygon = &usdc["networkConfig"]["polygon"]["withdrawal"];
    let service_fee = dec(&polygon["feeWithdrawal"]);
    let network_fee = dec(&sandbox
        .get("/v1/crypto-withdrawal/get-network-fee?currency=usdc&network=polygon")
        .await
        .body["networkFee"]);
    let before = dec(&usdc["amount"]);

    let below = sandbox
        .post(
            "/v1/partner/crypto-withdrawal",
            json!({"currency": "usdc", "network": "polygon", "amount": 0.5, "walletAddress": "0xabc",
                   "name": "Example Ltd", "walletType": "CUSTODIAL", "receiverType": "LEGAL"}),
        )
        .await;
    assert_eq!(below.code(), "P403");
    assert!(below.message().contains("at least"));

    let reply = sandbox
        .post(
            "/v1/partner/crypto-withdrawal",
            json!({"currency": "usdc", "network": "polygon", "amount": 25.5, "walletAddress": "0xabc",
                   "name": "Example Ltd", "walletType": "CUSTODIAL", "receiverType": "LEGAL"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let id = reply.body["withdrawalId"].as_str().unwrap().to_string();
    assert_eq!(
        sandbox.partner_balance("usdc").await,
        before - d("25.5") - service_fee - network_fee
    );

    let path = format!("/v1/partner/crypto-withdrawal/details/{id}");
    assert_eq!(sandbox.get(&path).await.body["status"], "PENDING");
    let done = sandbox
        .wait_for(&path, |body| body["status"] == "SUCCESSFUL")
        .await;
    assert_eq!(dec(&done["fee"]), service_fee + network_fee);
    assert_eq!(
        sandbox
            .get(&format!("/v1/crypto-withdrawal/details/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn failed_withdrawal_is_refunded() {
    let sandbox = TestSandbox::start_with(Sandbox::builder().time_scale(SLOW)).await;
    sandbox.create_active_user("dave").await;
    sandbox.fund("dave", "btc", "0.01").await;
    let reply = sandbox
        .post(
            "/v1/crypto-withdrawal",
            json!({"sourceExternalUserId": "dave", "currency": "btc", "amount": 0.005,
                   "walletAddress": SANDBOX_FAIL_ADDRESS, "name": "Dave", "walletType": "OTHER", "receiverType": "NATURAL"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert!(sandbox.user_balance("dave", "btc").await < d("0.005"));
    let id = reply.body["withdrawalId"].as_str().unwrap().to_string();
    let path = format!("/v1/crypto-withdrawal/details/{id}");
    assert_eq!(sandbox.get(&path).await.body["status"], "PENDING");
    sandbox
        .wait_for(&path, |body| body["status"] == "FAILED")
        .await;
    assert_eq!(sandbox.user_balance("dave", "btc").await, d("0.01"));
    assert_eq!(sandbox.ledger().await["consistent"], true);
}

#[tokio::test]
async fn network_fee_errors() {
    let sandbox = TestSandbox::start().await;
    let fiat = sandbox
        .get("/v1/crypto-withdrawal/get-network-fee?currency=eur")
        .await;
    assert_eq!(fiat.code(), "P410");
    assert_eq!(fiat.body["errorName"], "invalid-currency");
    let wrong_network = sandbox
        .get("/v1/crypto-withdrawal/get-network-fee?currency=btc&network=polygon")
        .await;
    assert_eq!(wrong_network.code(), "P403");
    let missing = sandbox.get("/v1/crypto-withdrawal/get-network-fee").await;
    assert_eq!(missing.code(), "P403");
}

#[tokio::test]
async fn seeded_deposit_is_released_by_travel_rule() {
    let sandbox = TestSandbox::start().await;
    let before = sandbox.partner_balance("eth").await;
    let path = format!("/v1/crypto-deposit/update-travel-rule/{SEED_DEPOSIT_ID}");
    let incomplete = sandbox
        .patch(
            &path,
            Some(json!({"walletType": "SELF_CUSTODY", "details": {}})),
        )
        .await;
    assert_eq!(incomplete.code(), "P403");

    let body = json!({"walletType": "SELF_CUSTODY", "details": {"iAmOwnerOfWallet": true}});
    let released = sandbox.patch(&path, Some(body.clone())).await;
    assert_eq!(released.status, StatusCode::OK, "{:?}", released.body);
    assert_eq!(sandbox.partner_balance("eth").await, before + d("0.05"));
    let again = sandbox.patch(&path, Some(body)).await;
    assert_eq!(
        again.code(),
        "P403",
        "a released deposit cannot be released twice"
    );
    let unknown = sandbox
        .patch(
            "/v1/crypto-deposit/update-travel-rule/unknown",
            Some(json!({"walletType": "CUSTODIAL", "details": {"iAmOwnerOfWallet": true}})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn simulated_deposits_credit_users() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("erin").await;
    let held = sandbox
        .post(
            "/sandbox/deposits",
            json!({"externalUserId": "erin", "currency": "eth", "amount": "0.25"}),
        )
        .await;
    assert_eq!(held.status, StatusCode::CREATED, "{:?}", held.body);
    assert_eq!(held.body["status"], "WAITING_FOR_TR_DATA");
    assert_eq!(sandbox.user_balance("erin", "eth").await, d("0"));
    let id = held.body["cryptoDepositId"].as_str().unwrap();
    let wrong_owner = sandbox
        .patch(
            &format!("/v1/crypto-deposit/update-travel-rule/{id}"),
            Some(json!({"walletType": "CUSTODIAL", "externalUserId": "someone-else", "details": {"companyName": "Exchange Ltd"}})),
        )
        .await;
    assert_eq!(wrong_owner.code(), "P403");
    let released = sandbox
        .patch(
            &format!("/v1/crypto-deposit/update-travel-rule/{id}"),
            Some(json!({"walletType": "CUSTODIAL", "externalUserId": "erin", "details": {"companyName": "Exchange Ltd"}})),
        )
        .await;
    assert_eq!(released.status, StatusCode::OK);
    assert_eq!(sandbox.user_balance("erin", "eth").await, d("0.25"));

    let sepa = sandbox
        .post(
            "/sandbox/sepa-deposits",
            json!({"externalUserId": "erin", "amount": "12.34", "senderIban": "DE89370400440532013000", "senderName": "Erin"}),
        )
        .await;
    assert_eq!(sepa.status, StatusCode::CREATED);
    assert_eq!(sandbox.user_balance("erin", "eur").await, d("12.34"));
    let contacts = sandbox
        .get("/v1/partner/sepa-deposit/contact-list?externalUserId=erin")
        .await;
    assert_eq!(
        contacts.body["contacts"][0]["iban"],
        "DE89370400440532013000"
    );
    assert_eq!(sandbox.ledger().await["consistent"], true);
}

#[tokio::test]
async fn history_pages_newest_first() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("frank").await;
    for amount in ["1", "2", "3"] {
        sandbox.fund("frank", "eur", amount).await;
    }
    let page = sandbox
        .get("/v1/user/transactions/frank?page=1&limit=2")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let items = page.body["transactions"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(dec(&items[0]["amount"]), d("3"));
    assert_eq!(page.body["total"], 3);
    let last = sandbox
        .get("/v1/user/transactions/frank?page=2&limit=2")
        .await;
    assert_eq!(last.body["transactions"].as_array().unwrap().len(), 1);
    let partner = sandbox.get("/v1/partner/transactions").await;
    assert_eq!(partner.body["limit"], 50);
    assert_eq!(partner.body["transactions"][0]["type"], "TRANSFER");
}

#[tokio::test]
async fn deposit_info_of_partner_and_user() {
    let sandbox = TestSandbox::start().await;
    let partner = sandbox.get("/v1/partner/sepa-deposit/info").await;
    assert!(partner.body["iban"].as_str().unwrap().starts_with("LT"));
    sandbox.create_user("gina", "PL").await;
    assert_eq!(
        sandbox.get("/v1/sepa-deposit/info/gina").await.code(),
        "P459"
    );
    sandbox
        .post(
            "/v1/user/verification/gina",
            json!({"documentType": "ID_CARD", "documentNumber": "1"}),
        )
        .await;
    let user = sandbox.get("/v1/sepa-deposit/info/gina").await;
    assert_eq!(user.body["accountHolder"], "Jan Kowalski");
    let balances = sandbox.get("/v1/user/balances/gina").await;
    assert_eq!(user.body["iban"], balances.body["fiatBalances"][0]["iban"]);
}
