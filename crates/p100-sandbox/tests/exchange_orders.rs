//! Rate locks, exchanges (partner and user), orders and payment links.

mod common;

use common::{TestSandbox, d, dec};
use p100_sandbox::Sandbox;
use reqwest::StatusCode;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::json;

/// Lock lifetime 3 s and processing 200 ms: enough room for a loaded test machine.
async fn sandbox() -> TestSandbox {
    TestSandbox::start_with(Sandbox::builder().time_scale(10.0)).await
}

#[tokio::test]
async fn partner_exchange_moves_balances_at_locked_rate() {
    let sandbox = sandbox().await;
    let eth_before = sandbox.partner_balance("eth").await;
    let eur_before = sandbox.partner_balance("eur").await;

    let lock = sandbox
        .get("/v1/partner/exchange/get-lock?currencyFrom=eth&currencyTo=eur&amount=1.5")
        .await;
    assert_eq!(lock.status, StatusCode::OK, "{:?}", lock.body);
    let rate = dec(&lock.body["rate"]);
    assert_eq!(rate, d("2188.81"));
    // 1.5 ETH * 2188.81 = 3283.215 -> 3283.21 EUR; less 1.49 % = 3234.290171 -> 3234.29.
    let gross = (d("1.5") * rate).round_dp_with_strategy(2, RoundingStrategy::ToZero);
    let received = (gross * d("0.9851")).round_dp_with_strategy(2, RoundingStrategy::ToZero);
    assert_eq!(received, d("3234.29"));
    assert_eq!(dec(&lock.body["convertedAmount"]), received);

    let lock_id = lock.body["lockId"].as_str().unwrap();
    let created = sandbox
        .post(
            "/v1/partner/exchange",
            json!({"amount": 1.5, "currencyFrom": "eth", "currencyTo": "eur", "lockId": lock_id}),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    let exchange_id = created.body["exchangeId"].as_str().unwrap().to_string();
    assert_eq!(
        sandbox.partner_balance("eth").await,
        eth_before - d("1.5"),
        "source is debited at once"
    );

    let path = format!("/v1/partner/exchange/details/{exchange_id}");
    let done = sandbox
        .wait_for(&path, |body| body["status"] == "COMPLETED")
        .await;
    assert_eq!(dec(&done["fee"]), gross - received);
    assert_eq!(sandbox.partner_balance("eur").await, eur_before + received);
    assert_eq!(sandbox.partner_balance("eth").await, eth_before - d("1.5"));

    let reused = sandbox
        .post(
            "/v1/partner/exchange",
            json!({"amount": 1.5, "currencyFrom": "eth", "currencyTo": "eur", "lockId": lock_id}),
        )
        .await;
    assert_eq!(reused.code(), "P403");
    assert!(reused.message().contains("already used"));

    let ledger = sandbox.ledger().await;
    assert_eq!(ledger["consistent"], true);
    assert_eq!(
        dec(&ledger["currencies"]["eur"]["exchangeFees"]),
        gross - received
    );
}

#[tokio::test]
async fn lock_expires_after_scaled_lifetime() {
    let sandbox = TestSandbox::start_with(Sandbox::builder().time_scale(100.0)).await;
    let lock = sandbox
        .get("/v1/partner/exchange/get-lock?currencyFrom=eur&currencyTo=btc&amount=100")
        .await;
    let lock_id = lock.body["lockId"].as_str().unwrap().to_string();
    let expires_at = lock.body["expiresAt"].as_str().unwrap();
    assert!(expires_at.ends_with('Z'), "{expires_at}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let before = sandbox.partner_balance("eur").await;
    let reply = sandbox
        .post(
            "/v1/partner/exchange",
            json!({"amount": 100, "currencyFrom": "eur", "currencyTo": "btc", "lockId": lock_id}),
        )
        .await;
    assert_eq!(reply.code(), "P403");
    assert!(reply.message().contains("expired"), "{}", reply.message());
    assert_eq!(sandbox.partner_balance("eur").await, before);
}

#[tokio::test]
async fn exchange_must_match_lock() {
    let sandbox = sandbox().await;
    let lock = sandbox
        .get("/v1/partner/exchange/get-lock?currencyFrom=eur&currencyTo=eth&amount=10")
        .await;
    let lock_id = lock.body["lockId"].as_str().unwrap();
    let other_amount = sandbox
        .post(
            "/v1/partner/exchange",
            json!({"amount": 11, "currencyFrom": "eur", "currencyTo": "eth", "lockId": lock_id}),
        )
        .await;
    assert_eq!(other_amount.code(), "P403");
    assert!(other_amount.message().contains("must match lock"));

    let unknown = sandbox
        .post(
            "/v1/partner/exchange",
            json!({"amount": 10, "currencyFrom": "eur", "currencyTo": "eth", "lockId": "nope"}),
        )
        .await;
    assert_eq!(unknown.code(), "P403");

    let user_level = sandbox
        .post(
            "/v1/exchange",
            json!({"externalUserId": "x", "amount": 10, "currencyFrom": "eur", "currencyTo": "eth", "lockId": lock_id}),
        )
        .await;
    assert_eq!(user_level.code(), "P412");

    let same_pair = sandbox
        .get("/v1/partner/exchange/get-lock?currencyFrom=eur&currencyTo=eur&amount=10")
        .await;
    assert_eq!(same_pair.code(), "P403");
    let many_decimals = sandbox
        .get("/v1/partner/exchange/get-lock?currencyFrom=btc&currencyTo=eur&amount=0.123456789")
        .await;
    assert_eq!(many_decimals.code(), "P403");
}

#[tokio::test]
async fn user_exchange_with_insufficient_then_enough_funds() {
    let sandbox = sandbox().await;
    sandbox.create_active_user("xavier").await;
    let lock = sandbox
        .get("/v1/exchange/get-lock?currencyFrom=eur&currencyTo=usdc&amount=100&externalUserId=xavier")
        .await;
    assert_eq!(lock.status, StatusCode::OK, "{:?}", lock.body);
    let lock_id = lock.body["lockId"].as_str().unwrap().to_string();
    let received = dec(&lock.body["convertedAmount"]);
    let body = json!({"externalUserId": "xavier", "amount": 100, "currencyFrom": "eur", "currencyTo": "usdc", "lockId": lock_id});

    let short = sandbox.post("/v1/exchange", body.clone()).await;
    assert_eq!(short.code(), "P433");
    sandbox.fund("xavier", "eur", "150").await;
    let created = sandbox.post("/v1/exchange", body).await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    let id = created.body["exchangeId"].as_str().unwrap();
    let done = sandbox
        .wait_for(&format!("/v1/exchange/details/{id}"), |body| {
            body["status"] == "COMPLETED"
        })
        .await;
    assert_eq!(done["externalUserId"], "xavier");
    assert_eq!(sandbox.user_balance("xavier", "eur").await, d("50"));
    assert_eq!(sandbox.user_balance("xavier", "usdc").await, received);
    assert_eq!(received.scale(), 6, "usdc has 6 decimals");
    assert_eq!(
        sandbox
            .get(&format!("/v1/partner/exchange/details/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn rates_cover_every_currency() {
    let sandbox = sandbox().await;
    for path in [
        "/v1/partner/exchange/get-rate",
        "/v1/exchange/get-rate",
        "/v1/order/rates",
    ] {
        let rates = sandbox.get(path).await;
        assert_eq!(rates.status, StatusCode::OK);
        for code in [
            "eur", "btc", "eth", "ltc", "pol", "usdc", "usdt", "doge", "eurt",
        ] {
            assert!(dec(&rates.body[code]) > Decimal::ZERO, "{path} {code}");
        }
    }
}

#[tokio::test]
async fn order_gets_wallet_after_delay() {
    let sandbox = sandbox().await;
    let lock = sandbox
        .post(
            "/v1/order/lock-rate",
            json!({"currency": "usdc", "amount": "346.59", "network": "polygon"}),
        )
        .await;
    assert_eq!(lock.status, StatusCode::OK, "{:?}", lock.body);
    // 346.59 / 0.8523 = 406.6525871..., rounded up to the 6 decimals of usdc.
    assert_eq!(dec(&lock.body["amount"]), d("406.652588"));
    assert_eq!(lock.body["destinationCurrency"], "eur");
    let lock_id = lock.body["lockId"].as_str().unwrap();

    let order = sandbox.post("/v1/order", json!({"lockId": lock_id})).await;
    assert_eq!(order.status, StatusCode::OK);
    let order_id = order.body["orderId"].as_str().unwrap();

    let path = format!("/v1/order/details/{order_id}");
    let first = sandbox.get(&path).await;
    assert_eq!(first.body["lockId"], lock_id);
    let ready = sandbox
        .wait_for(&path, |body| body["status"] == "WAITING_FOR_CONFIRMATION")
        .await;
    assert!(ready["walletAddress"].as_str().unwrap().starts_with("0x"));
    assert_eq!(ready["network"], "polygon");

    assert_eq!(
        sandbox
            .post("/v1/order", json!({"lockId": lock_id}))
            .await
            .code(),
        "P403"
    );
    let bad_network = sandbox
        .post(
            "/v1/order/lock-rate",
            json!({"currency": "btc", "amount": "10", "network": "polygon"}),
        )
        .await;
    assert_eq!(bad_network.code(), "P403");
}

#[tokio::test]
async fn payment_link_round_trip() {
    let sandbox = sandbox().await;
    let link = sandbox
        .post(
            "/v1/payment-link",
            json!({"amount": "25.00", "currency": "eur"}),
        )
        .await;
    assert_eq!(link.status, StatusCode::OK);
    let id = link.body["paymentLinkId"].as_str().unwrap();
    let url = link.body["url"].as_str().unwrap();
    assert!(url.starts_with(sandbox.handle.base_url()));
    let page = sandbox.http.get(url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let details = sandbox.get(&format!("/v1/payment-link/details/{id}")).await;
    assert_eq!(details.body["status"], "ACTIVE");
    let checkout = sandbox
        .post("/v1/payment-link/hosted-checkout", json!({}))
        .await;
    assert!(checkout.body["paymentLinkId"].is_string());
    assert_eq!(
        sandbox.get("/v1/payment-link/details/nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn partner_wallet_is_stable() {
    let sandbox = sandbox().await;
    let first = sandbox
        .post(
            "/v1/partner/wallet",
            json!({"currency": "usdc", "network": "polygon"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let second = sandbox
        .post("/v1/partner/wallet", json!({"currency": "usdc"}))
        .await;
    assert_eq!(first.body["wallet"], second.body["wallet"]);
    assert_eq!(second.body["network"], "ethereum");
    assert_eq!(
        sandbox
            .post("/v1/partner/wallet", json!({"currency": "eur"}))
            .await
            .code(),
        "P403"
    );
}
