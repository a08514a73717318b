//! Many clients moving money at once: no update is lost, no balance goes negative, and the
//! balances add up to the start less the fees and the money sent out.

mod common;

use common::{TestSandbox, d, dec};
use futures::future::join_all;
use p100_sandbox::Sandbox;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::json;

const USERS: usize = 8;
const ROUNDS: usize = 25;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_transfers_keep_the_books() {
    let sandbox =
        TestSandbox::start_with(Sandbox::builder().seed("eur", d("10000")).time_scale(100.0)).await;
    for index in 0..USERS {
        sandbox.create_active_user(&format!("user-{index}")).await;
    }
    let start_total = d("10000");

    // Each task funds its user, collects part back and sends a SEPA transfer, in a loop.
    let tasks = (0..USERS).map(|index| {
        let sandbox = &sandbox;
        async move {
            let user = format!("user-{index}");
            let mut accepted_sepa = Decimal::ZERO;
            for _ in 0..ROUNDS {
                let funded = sandbox
                    .post("/v1/transfer", json!({"destinationExternalUserId": user, "amount": "10.00", "currency": "eur"}))
                    .await;
                assert!(
                    funded.status == StatusCode::CREATED || funded.code() == "P433",
                    "{:?}",
                    funded.body
                );
                let collected = sandbox
                    .post("/v1/transfer", json!({"sourceExternalUserId": user, "amount": "3.00", "currency": "eur"}))
                    .await;
                assert!(
                    collected.status == StatusCode::CREATED || collected.code() == "P433",
                    "{:?}",
                    collected.body
                );
                let sepa = sandbox
                    .post(
                        "/v1/sepa-transfer",
                        json!({"sourceExternalUserId": user, "currency": "eur", "amount": "2.00",
                               "destinationIban": "DE89370400440532013000", "transferTitle": "Payout"}),
                    )
                    .await;
                if sepa.status == StatusCode::CREATED {
                    accepted_sepa += d("2.00");
                } else {
                    assert_eq!(sepa.code(), "P433", "{:?}", sepa.body);
                }
            }
            accepted_sepa
        }
    });
    let sent: Decimal = join_all(tasks).await.into_iter().sum();
    // Every accepted SEPA transfer of 2.00 costs the 1.00 minimum fee.
    let fees = sent / d("2");

    let mut total = sandbox.partner_balance("eur").await;
    for index in 0..USERS {
        let balance = sandbox.user_balance(&format!("user-{index}"), "eur").await;
        assert!(
            balance >= Decimal::ZERO,
            "user-{index} went negative: {balance}"
        );
        total += balance;
    }
    assert_eq!(total, start_total - sent - fees);

    let ledger = sandbox.ledger().await;
    assert_eq!(ledger["consistent"], true);
    let eur = &ledger["currencies"]["eur"];
    assert_eq!(dec(&eur["total"]), total);
    assert_eq!(dec(&eur["sent"]), sent);
    assert_eq!(dec(&eur["fees"]), fees);
    assert!(sent > Decimal::ZERO, "some SEPA transfers went through");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_overdraft_attempts_never_go_negative() {
    let sandbox = TestSandbox::start_with(Sandbox::builder().time_scale(100.0)).await;
    sandbox.create_active_user("target").await;
    sandbox.fund("target", "btc", "1").await;

    // 40 collections of 0.1 BTC race for a balance of 1 BTC: exactly 10 may succeed.
    let attempts = (0..40).map(|_| {
        sandbox.post(
            "/v1/transfer",
            json!({"sourceExternalUserId": "target", "amount": "0.1", "currency": "btc"}),
        )
    });
    let replies = join_all(attempts).await;
    let succeeded = replies
        .iter()
        .filter(|reply| reply.status == StatusCode::CREATED)
        .count();
    let refused = replies
        .iter()
        .filter(|reply| reply.code() == "P433")
        .count();
    assert_eq!(succeeded, 10);
    assert_eq!(refused, 30);
    assert_eq!(sandbox.user_balance("target", "btc").await, Decimal::ZERO);
}
