//! Webhook delivery to a local partner server: paths, token, payload types, and retries on
//! the time-scaled schedule.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use common::TestSandbox;
use p100_raw::types::{TransferWebhook, UserBalanceGenerationWebhook};
use p100_sandbox::Sandbox;
use serde_json::{Value, json};

const TOKEN: &str = "partner-webhook-token";

/// One received webhook.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    authorization: Option<String>,
    body: Value,
    at: Instant,
}

#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<Received>>>,
    /// Number of attempts to fail with HTTP 503 before returning 200.
    failures_left: Arc<Mutex<usize>>,
}

async fn receive(
    State(receiver): State<Receiver>,
    uri: Uri,
    headers: HeaderMap,
    body: axum::Json<Value>,
) -> StatusCode {
    receiver.received.lock().unwrap().push(Received {
        path: uri.path().to_string(),
        authorization: headers
            .get("authorization")
            .map(|value| value.to_str().unwrap().to_string()),
        body: body.0,
        at: Instant::now(),
    });
    let mut failures_left = receiver.failures_left.lock().unwrap();
    if *failures_left > 0 {
        *failures_left -= 1;
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    StatusCode::OK
}

async fn start_receiver(failures: usize) -> (String, Receiver) {
    let receiver = Receiver::default();
    *receiver.failures_left.lock().unwrap() = failures;
    let app = Router::new()
        .fallback(post(receive))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, receiver)
}

async fn wait_for(receiver: &Receiver, count: usize, limit: Duration) -> Vec<Received> {
    let started = Instant::now();
    while started.elapsed() < limit {
        let received = receiver.received.lock().unwrap().clone();
        if received.len() >= count {
            return received;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "expected {count} deliveries, got {:?}",
        receiver.received.lock().unwrap()
    );
}

#[tokio::test]
async fn events_arrive_at_their_paths_with_token() {
    let (url, receiver) = start_receiver(0).await;
    let sandbox =
        TestSandbox::start_with(Sandbox::builder().webhook(url, TOKEN).time_scale(100.0)).await;
    sandbox.create_active_user("hooked").await;
    sandbox.fund("hooked", "eur", "5").await;

    let received = wait_for(&receiver, 2, Duration::from_secs(2)).await;
    let status = received
        .iter()
        .find(|hook| hook.path == "/hooks/webhook/user/status")
        .expect("user status webhook");
    assert_eq!(status.authorization.as_deref(), Some(TOKEN));
    let status: UserBalanceGenerationWebhook = serde_json::from_value(status.body.clone()).unwrap();
    assert_eq!(status.external_user_id, "hooked");
    assert_eq!(status.status.as_str(), "ACTIVE");

    let transfer = received
        .iter()
        .find(|hook| hook.path == "/hooks/transfer-webhook")
        .expect("transfer webhook");
    let transfer: TransferWebhook = serde_json::from_value(transfer.body.clone()).unwrap();
    assert_eq!(
        transfer.destination_external_user_id.as_deref(),
        Some("hooked")
    );
    assert_eq!(transfer.amount.0.to_string(), "5");
}

#[tokio::test]
async fn failed_deliveries_are_retried_on_schedule() {
    // Four failures, then success: five attempts 8, 16, 32 and 64 s apart, divided by 100.
    let (url, receiver) = start_receiver(4).await;
    let sandbox =
        TestSandbox::start_with(Sandbox::builder().webhook(url, TOKEN).time_scale(100.0)).await;
    let started = Instant::now();
    let reply = sandbox
        .post(
            "/sandbox/deposits",
            json!({"currency": "btc", "amount": "0.001", "holdForTravelRule": true}),
        )
        .await;
    assert_eq!(reply.status, reqwest::StatusCode::CREATED);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "the response does not wait for delivery"
    );

    let received = wait_for(&receiver, 5, Duration::from_secs(2)).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        received
            .iter()
            .all(|hook| hook.path == "/hooks/crypto-deposit-webhook")
    );
    assert!(
        received
            .iter()
            .all(|hook| hook.body["status"] == "WAITING_FOR_TR_DATA")
    );
    let gaps: Vec<Duration> = received
        .windows(2)
        .map(|pair| pair[1].at - pair[0].at)
        .collect();
    for (gap, expected_ms) in gaps.iter().zip([80u64, 160, 320, 640]) {
        assert!(
            *gap >= Duration::from_millis(expected_ms),
            "gap {gap:?} shorter than {expected_ms} ms"
        );
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        receiver.received.lock().unwrap().len(),
        5,
        "no attempt after a success"
    );
}

#[tokio::test]
async fn delivery_gives_up_after_five_attempts() {
    let (url, receiver) = start_receiver(usize::MAX).await;
    let sandbox =
        TestSandbox::start_with(Sandbox::builder().webhook(url, TOKEN).time_scale(100.0)).await;
    sandbox.create_active_user("unlucky").await;
    wait_for(&receiver, 5, Duration::from_secs(2)).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(receiver.received.lock().unwrap().len(), 5);
}

#[tokio::test]
async fn exchange_and_card_events() {
    let (url, receiver) = start_receiver(0).await;
    let sandbox =
        TestSandbox::start_with(Sandbox::builder().webhook(url, TOKEN).time_scale(100.0)).await;
    sandbox.create_active_user("events").await;
    let card = sandbox
        .post(
            "/v1/card/virtual",
            json!({"externalUserId": "events", "label": "Events", "pin": "1234"}),
        )
        .await;
    let card_id = card.body["cardId"].as_str().unwrap().to_string();
    let lock = sandbox
        .get("/v1/partner/exchange/get-lock?currencyFrom=eur&currencyTo=btc&amount=100")
        .await;
    let lock_id = lock.body["lockId"].as_str().unwrap();
    sandbox
        .post(
            "/v1/partner/exchange",
            json!({"amount": 100, "currencyFrom": "eur", "currencyTo": "btc", "lockId": lock_id}),
        )
        .await;

    let received = wait_for(&receiver, 3, Duration::from_secs(2)).await;
    let activation = received
        .iter()
        .find(|hook| hook.path == "/hooks/card-activation-code-webhook")
        .unwrap();
    assert_eq!(activation.body["cardId"], card_id.as_str());
    assert_eq!(activation.body["code"].as_str().unwrap().len(), 6);
    let exchange = received
        .iter()
        .find(|hook| hook.path == "/hooks/exchange-webhook")
        .unwrap();
    assert_eq!(exchange.body["status"], "COMPLETED");
    assert_eq!(exchange.body["lockId"], lock_id);
}

#[tokio::test]
async fn sepa_and_withdrawal_events_are_final() {
    let (url, receiver) = start_receiver(0).await;
    let sandbox =
        TestSandbox::start_with(Sandbox::builder().webhook(url, TOKEN).time_scale(100.0)).await;
    for title in ["Invoice", p100_sandbox::SANDBOX_FAIL_TITLE] {
        let reply = sandbox
            .post(
                "/v1/partner/sepa-transfer",
                json!({"amount": "50", "currency": "eur", "destinationIban": "PL06109027500000000148911547",
                       "transferTitle": title}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    }
    let withdrawal = sandbox
        .post(
            "/v1/partner/crypto-withdrawal",
            json!({"currency": "btc", "amount": 0.01, "walletAddress": "tb1qexample",
                   "name": "Example Ltd", "walletType": "CUSTODIAL", "receiverType": "LEGAL"}),
        )
        .await;
    assert_eq!(withdrawal.status, StatusCode::OK, "{:?}", withdrawal.body);

    let received = wait_for(&receiver, 3, Duration::from_secs(2)).await;
    let sepa: Vec<&Received> = received
        .iter()
        .filter(|hook| hook.path == "/hooks/sepa-transfer-webhook")
        .collect();
    assert_eq!(sepa.len(), 2, "one webhook per SEPA transfer: {received:?}");
    let succeeded = sepa
        .iter()
        .find(|hook| hook.body["transferTitle"] == "Invoice")
        .unwrap();
    assert_eq!(succeeded.body["status"], "SUCCESSFUL");
    let failed = sepa
        .iter()
        .find(|hook| hook.body["transferTitle"] == p100_sandbox::SANDBOX_FAIL_TITLE)
        .unwrap();
    assert_eq!(failed.body["status"], "FAILED");
    assert!(failed.body["error"]["description"].is_string());

    let withdrawal_hook = received
        .iter()
        .find(|hook| hook.path == "/hooks/crypto-withdrawal-webhook")
        .expect("crypto withdrawal webhook");
    assert_eq!(withdrawal_hook.body["status"], "SUCCESSFUL");
    assert_eq!(withdrawal_hook.body["id"], withdrawal.body["withdrawalId"]);
}
