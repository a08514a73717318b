//! Webhook round trip: the sandbox posts each event kind to the SDK's axum receiver
//! (`p100::webhook::axum::router`) on another loopback port, and the receiver's handler gets
//! typed events whose fields match the API calls that caused them. With a wrong token the
//! receiver returns 401 and the sandbox retries on P100's schedule, divided by the time
//! scale.

mod e2e_support;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use p100::enums::{
    CryptoDepositStatus, Currency, KycAttemptStatus, SepaTransferStatus, TransferStatus, UserStatus,
};
use p100::upload::UploadFile;
use p100::webhook::{Event, Verifier, WebhookKind};
use p100::{Client, Pin};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use e2e_support::{self as support, dec};

/// One delivery attempt as the receiver saw it.
#[derive(Clone, Debug)]
struct Attempt {
    path: String,
    status: u16,
    at: Instant,
}

type Attempts = Arc<Mutex<Vec<Attempt>>>;

/// The SDK's webhook router on an ephemeral port, with a record of every attempt.
struct Receiver {
    base_url: String,
    events: mpsc::UnboundedReceiver<Event>,
    attempts: Attempts,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Receiver {
    fn attempts(&self) -> Vec<Attempt> {
        self.attempts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

async fn record_attempt(
    State(attempts): State<Attempts>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let at = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    attempts
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Attempt { path, status, at });
    response
}

async fn start_receiver(token: &str) -> Receiver {
    let (sender, events) = mpsc::unbounded_channel();
    let attempts: Attempts = Arc::default();
    let router = p100::webhook::axum::router(Verifier::new(token), move |event: Event| {
        let sender = sender.clone();
        async move {
            // The test may have stopped listening; a dropped event is then irrelevant.
            let _ = sender.send(event);
        }
    })
    .layer(axum::middleware::from_fn_with_state(
        attempts.clone(),
        record_attempt,
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("the receiver binds a loopback port");
    let address = listener.local_addr().expect("local address");
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            eprintln!("webhook receiver stopped: {error}");
        }
    });
    Receiver {
        base_url: format!("http://{address}"),
        events,
        attempts,
        task,
    }
}

/// Calls a sandbox-only route (`/sandbox/...`) that simulates something from outside the
/// API, such as an incoming deposit.
async fn sandbox_admin(sandbox: &p100_sandbox::SandboxHandle, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .header("x-api-key", sandbox.api_key())
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|error| panic!("POST {path} failed: {error}"));
    let status = response.status();
    let text = response.text().await.expect("admin response body");
    assert!(status.is_success(), "POST {path}: HTTP {status}: {text}");
    serde_json::from_str(&text).expect("admin responses are JSON")
}

/// What the API calls returned, to compare with the events.
struct Caused {
    transfer_id: String,
    card_id: String,
    three_ds_code: String,
    sepa_transfer_id: String,
    exchange_id: String,
    withdrawal_id: String,
    order_id: String,
}

async fn cause_every_event(client: &Client, sandbox: &p100_sandbox::SandboxHandle) -> Caused {
    let users = client.users();
    users
        .create_without_kyc(support::create_user_without_kyc("hook-crypto"))
        .await
        .expect("create user without KYC");
    support::active_kyc_user(client, "hook-kyc").await;

    let transfer_id = client
        .transfers()
        .create(support::transfer("100", "eur", Some("hook-kyc"), None))
        .await
        .expect("transfer")
        .transfer_id;

    let pin = Pin::new("9753").expect("valid PIN");
    let card_id = client
        .cards()
        .create_virtual("hook-kyc", "Webhooks", &pin)
        .await
        .expect("card")
        .card_id;
    let three_ds = sandbox_admin(
        sandbox,
        "/sandbox/cards/3ds-code",
        json!({"externalUserId": "hook-kyc", "cardId": card_id}),
    )
    .await;
    let three_ds_code = three_ds["code"].as_str().expect("3DS code").to_string();

    let sepa_transfer_id = client
        .sepa()
        .create(support::user_sepa("hook-kyc", "10.00", "Webhook test"))
        .await
        .expect("SEPA transfer")
        .transfer_id;

    let lock = client
        .user_exchange()
        .lock("hook-kyc", dec("20"), Currency::Eur, Currency::Usdt)
        .await
        .expect("user lock");
    let exchange_id = client
        .user_exchange()
        .exchange(support::body(json!({
            "externalUserId": "hook-kyc",
            "amount": "20",
            "currencyFrom": "eur",
            "currencyTo": "usdt",
            "lockId": lock.lock_id
        })))
        .await
        .expect("user exchange")
        .exchange_id;

    let withdrawal_id = client
        .crypto_withdrawals()
        .create_for_partner(support::partner_withdrawal(
            "usdt",
            "polygon",
            "20",
            support::EVM_ADDRESS,
        ))
        .await
        .expect("partner withdrawal")
        .withdrawal_id;

    client
        .crypto_deposits()
        .update_travel_rule(p100_sandbox::SEED_DEPOSIT_ID, support::travel_rule(None))
        .await
        .expect("Travel Rule");
    sandbox_admin(
        sandbox,
        "/sandbox/sepa-deposits",
        json!({
            "externalUserId": "hook-kyc",
            "amount": "40.00",
            "senderIban": support::DESTINATION_IBAN,
            "senderName": "Anna Nowak"
        }),
    )
    .await;

    users
        .create(support::create_user("hook-hosted"))
        .await
        .expect("create user");
    client
        .kyc()
        .create_verification(support::kyc_verification("hook-hosted"))
        .await
        .expect("hosted verification");
    let front = UploadFile::from_bytes("front.png", "image/png", png_bytes());
    client
        .kyc()
        .add_kyc_files("hook-hosted", vec![front])
        .await
        .expect("KYC upload");
    let bill = UploadFile::from_bytes("bill.png", "image/png", png_bytes());
    client
        .kyc()
        .add_poa_files("hook-hosted", vec![bill])
        .await
        .expect("POA upload");

    let order_lock = client
        .orders()
        .lock(support::order_lock("usdc", "polygon", "50"))
        .await
        .expect("order lock");
    let order_id = client
        .orders()
        .create(support::order(&order_lock.lock_id))
        .await
        .expect("order")
        .order_id;

    Caused {
        transfer_id,
        card_id,
        three_ds_code,
        sepa_transfer_id,
        exchange_id,
        withdrawal_id,
        order_id,
    }
}

/// Kinds the sandbox emits; `CardTransaction` and `PaymentLink` have no sandbox trigger.
const EMITTED: &[WebhookKind] = &[
    WebhookKind::Card3dsCode,
    WebhookKind::CardActivationCode,
    WebhookKind::CryptoDeposit,
    WebhookKind::CryptoWithdrawal,
    WebhookKind::Exchange,
    WebhookKind::IbanStatus,
    WebhookKind::KycFileAdded,
    WebhookKind::KycVerificationStatus,
    WebhookKind::OrderStatus,
    WebhookKind::PoaVerificationStatus,
    WebhookKind::SepaDeposit,
    WebhookKind::SepaTransfer,
    WebhookKind::Transfer,
    WebhookKind::UserBalanceGeneration,
];

/// Receives events until `done` holds for the received list, for at most 10 s.
async fn receive_until(receiver: &mut Receiver, done: impl Fn(&[Event]) -> bool) -> Vec<Event> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut events = Vec::new();
    while !done(&events) {
        match tokio::time::timeout_at(deadline, receiver.events.recv()).await {
            Ok(Some(event)) => events.push(event),
            Ok(None) => panic!("the receiver stopped"),
            Err(_) => {
                let kinds: BTreeSet<_> = events.iter().filter_map(Event::kind).collect();
                panic!("timed out after 10 s; received kinds {kinds:?}");
            }
        }
    }
    events
}

/// True once the KYC verification reached its final state and every emitted kind arrived.
fn all_kinds_and_final_states(events: &[Event]) -> bool {
    let kinds: BTreeSet<WebhookKind> = events.iter().filter_map(Event::kind).collect();
    let verified = events.iter().any(|event| {
        matches!(event, Event::KycVerificationStatus(status)
            if status.attempt_status == KycAttemptStatus::Successful)
    });
    let exchanged = events
        .iter()
        .any(|event| matches!(event, Event::Exchange(_)));
    EMITTED.iter().all(|kind| kinds.contains(kind)) && verified && exchanged
}

#[tokio::test]
async fn webhooks_arrive_typed_with_the_token() {
    let token = "whsec-e2e-right-token";
    let mut receiver = start_receiver(token).await;
    let builder = p100_sandbox::Sandbox::builder()
        .time_scale(support::TIME_SCALE)
        .webhook(receiver.base_url.clone(), token);
    let (sandbox, client) = support::start(builder).await;

    let caused = cause_every_event(&client, &sandbox).await;
    let events = receive_until(&mut receiver, all_kinds_and_final_states).await;

    let statuses: BTreeSet<(String, u16)> = receiver
        .attempts()
        .into_iter()
        .map(|attempt| (attempt.path, attempt.status))
        .collect();
    assert!(
        statuses.iter().all(|(_, status)| *status == 200),
        "every delivery with the right token is accepted: {statuses:?}"
    );
    assert!(
        !events
            .iter()
            .any(|event| matches!(event, Event::Unknown { .. } | Event::Unparsed { .. })),
        "every delivery parses into its typed payload: {events:?}"
    );

    let active_users: BTreeSet<&str> = events
        .iter()
        .filter_map(|event| match event {
            Event::UserBalanceGeneration(user) if user.status == UserStatus::Active => {
                Some(user.external_user_id.as_str())
            }
            _ => None,
        })
        .collect();
    assert!(active_users.contains("hook-crypto"), "{active_users:?}");
    assert!(active_users.contains("hook-kyc"), "{active_users:?}");

    let transfer = events
        .iter()
        .find_map(|event| match event {
            Event::Transfer(transfer) if transfer.id == caused.transfer_id => Some(transfer),
            _ => None,
        })
        .expect("the transfer's event");
    assert_eq!(transfer.amount.0, dec("100"));
    assert_eq!(transfer.currency, Currency::Eur);
    assert_eq!(
        transfer.destination_external_user_id.as_deref(),
        Some("hook-kyc")
    );
    assert_eq!(transfer.status, TransferStatus::Successful);

    let activation = events.iter().find_map(|event| match event {
        Event::CardActivationCode(code) => Some(code),
        _ => None,
    });
    let activation = activation.expect("the card activation code");
    assert_eq!(activation.card_id, caused.card_id);
    assert_eq!(activation.code.len(), 6);
    let three_ds = events.iter().find_map(|event| match event {
        Event::Card3dsCode(code) => Some(code),
        _ => None,
    });
    let three_ds = three_ds.expect("the 3-D Secure code");
    assert_eq!(three_ds.card_id.as_deref(), Some(caused.card_id.as_str()));
    assert_eq!(three_ds.code, caused.three_ds_code);

    let sepa = events.iter().find_map(|event| match event {
        Event::SepaTransfer(sepa) => Some(sepa),
        _ => None,
    });
    let sepa = sepa.expect("the SEPA transfer's event");
    assert_eq!(sepa.id.as_deref(), Some(caused.sepa_transfer_id.as_str()));
    assert_eq!(sepa.amount.map(|amount| amount.0), Some(dec("10.00")));
    assert_eq!(sepa.fee.map(|fee| fee.0), Some(dec("1.00")));
    assert_eq!(sepa.status, SepaTransferStatus::Successful);

    let exchange = events.iter().find_map(|event| match event {
        Event::Exchange(exchange) => Some(exchange),
        _ => None,
    });
    let exchange = exchange.expect("the exchange's event");
    assert_eq!(exchange.0.get("id"), Some(&json!(caused.exchange_id)));
    assert_eq!(exchange.0.get("status"), Some(&json!("COMPLETED")));

    let withdrawal = events.iter().find_map(|event| match event {
        Event::CryptoWithdrawal(withdrawal) => Some(withdrawal),
        _ => None,
    });
    let withdrawal = withdrawal.expect("the withdrawal's event");
    assert_eq!(withdrawal.id, caused.withdrawal_id);
    assert_eq!(withdrawal.amount.0, dec("20"));
    assert_eq!(withdrawal.destination, support::EVM_ADDRESS);

    let deposit = events.iter().find_map(|event| match event {
        Event::CryptoDeposit(deposit)
            if deposit.crypto_deposit_id == p100_sandbox::SEED_DEPOSIT_ID =>
        {
            Some(deposit)
        }
        _ => None,
    });
    let deposit = deposit.expect("the credited deposit's event");
    assert_eq!(deposit.status, CryptoDepositStatus::Successful);
    assert_eq!(deposit.currency, Currency::Eth);

    let order = events.iter().find_map(|event| match event {
        Event::OrderStatus(order) => Some(order),
        _ => None,
    });
    let order = order.expect("the order's event");
    let order_text = serde_json::to_string(&order.0).expect("order payload serializes");
    assert!(order_text.contains(&caused.order_id), "{order_text}");

    let hosted: Vec<_> = events
        .iter()
        .filter_map(|event| match event {
            Event::KycVerificationStatus(status) => Some(status),
            _ => None,
        })
        .collect();
    assert!(
        hosted
            .iter()
            .all(|status| status.external_user_id == "hook-hosted")
    );
    assert!(
        hosted
            .iter()
            .any(|status| status.attempt_status == KycAttemptStatus::Successful)
    );
    let kyc_file = events.iter().find_map(|event| match event {
        Event::KycFileAdded(file) => Some(file),
        _ => None,
    });
    assert_eq!(
        kyc_file.expect("the KYC file event").external_user_id,
        "hook-hosted"
    );
    let poa = events.iter().find_map(|event| match event {
        Event::PoaVerificationStatus(poa) => Some(poa),
        _ => None,
    });
    assert_eq!(
        poa.expect("the POA event").external_user_id.as_deref(),
        Some("hook-hosted")
    );

    sandbox.shutdown().await;
}

#[tokio::test]
async fn wrong_token_is_rejected_and_retried() {
    let mut receiver = start_receiver("the-partner-token").await;
    let builder = p100_sandbox::Sandbox::builder()
        .time_scale(support::TIME_SCALE)
        .webhook(receiver.base_url.clone(), "a-stale-token");
    let (sandbox, client) = support::start(builder).await;

    client
        .users()
        .create_without_kyc(support::create_user_without_kyc("retried"))
        .await
        .expect("create user without KYC");

    // P100 makes 5 attempts, 8, 16, 32 and 64 s apart; at time scale 100 that is 80 to
    // 640 ms, about 1.2 s in all.
    let attempts = support::eventually("5 delivery attempts", || async {
        let attempts = receiver.attempts();
        (attempts.len() >= 5).then_some(attempts)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(receiver.attempts().len(), 5, "no attempt after the fifth");

    assert!(
        attempts.iter().all(|attempt| attempt.status == 401),
        "{attempts:?}"
    );
    let path = WebhookKind::UserBalanceGeneration.delivery_path();
    assert!(
        attempts.iter().all(|attempt| attempt.path == path),
        "{attempts:?}"
    );
    assert!(
        receiver.events.try_recv().is_err(),
        "the handler never sees a delivery with a wrong token"
    );

    let scheduled = [80u64, 160, 320, 640].map(Duration::from_millis);
    for (index, pair) in attempts.windows(2).enumerate() {
        let gap = pair[1].at.duration_since(pair[0].at);
        let expected = scheduled[index];
        assert!(
            gap >= expected.mul_f64(0.95),
            "gap {index} is {gap:?}, shorter than the scheduled {expected:?}"
        );
        assert!(
            gap < expected + Duration::from_secs(2),
            "gap {index} is {gap:?}, far beyond the scaled {expected:?}"
        );
    }

    sandbox.shutdown().await;
}

fn png_bytes() -> Vec<u8> {
    b"\x89PNG\r\n\x1a\n\0\0\0\0IEND\xaeB`\x82".to_vec()
}
