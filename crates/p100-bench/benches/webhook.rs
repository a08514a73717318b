//! Webhook handling: the SDK's `Verifier::parse` (token check, then typed parsing chosen by
//! the delivery path) against `serde_json::from_slice` of the same body into the same
//! generated payload type, for every webhook kind with the sample payloads of
//! `p100::webhook::testing`.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use http::HeaderMap;
use http::header::AUTHORIZATION;
use p100::types;
use p100::webhook::{Event, Verifier, WebhookKind, testing};
use serde::de::DeserializeOwned;

const TOKEN: &str = "bench-webhook-token-0123456789abcdef";

/// Decodes `body` into `T`, the baseline for one kind.
fn decode_as<T: DeserializeOwned>(body: &[u8]) {
    let payload: T = serde_json::from_slice(body).expect("baseline payload decodes");
    std::hint::black_box(&payload);
}

/// Returns the baseline decoder of `kind`: plain `from_slice` into the kind's payload type.
fn baseline_decoder(kind: WebhookKind) -> fn(&[u8]) {
    match kind {
        WebhookKind::Card3dsCode => decode_as::<types::Card3dsCodeWebhook>,
        WebhookKind::CardActivationCode => decode_as::<types::CardActivationCodeWebhook>,
        WebhookKind::CardTransaction => decode_as::<types::CardTransactionWebhook>,
        WebhookKind::CryptoDeposit => decode_as::<types::CryptoDepositWebhook>,
        WebhookKind::CryptoWithdrawal => decode_as::<types::CryptoWithdrawalWebhook>,
        WebhookKind::Exchange => decode_as::<types::ExchangeWebhook>,
        WebhookKind::IbanStatus => decode_as::<types::IbanStatusWebhook>,
        WebhookKind::KycFileAdded => decode_as::<types::KycFileAddedWebhook>,
        WebhookKind::KycVerificationStatus => decode_as::<types::KycVerificationStatusWebhook>,
        WebhookKind::OrderStatus => decode_as::<types::OrderStatusWebhook>,
        WebhookKind::PaymentLink => decode_as::<types::PaymentLinkWebhook>,
        WebhookKind::PoaVerificationStatus => decode_as::<types::PoaVerificationStatusWebhook>,
        WebhookKind::SepaDeposit => decode_as::<types::SepaDepositWebhook>,
        WebhookKind::SepaTransfer => decode_as::<types::SepaTransferWebhook>,
        WebhookKind::Transfer => decode_as::<types::TransferWebhook>,
        WebhookKind::UserBalanceGeneration => decode_as::<types::UserBalanceGenerationWebhook>,
        other => panic!("no baseline decoder for webhook kind {other:?}"),
    }
}

/// One delivery: its kind, path, body and baseline decoder.
struct Delivery {
    kind: WebhookKind,
    path: &'static str,
    body: Vec<u8>,
    baseline: fn(&[u8]),
}

fn deliveries() -> Vec<Delivery> {
    WebhookKind::ALL
        .iter()
        .map(|&kind| Delivery {
            kind,
            path: kind.delivery_path(),
            body: testing::sample_payload(kind).to_string().into_bytes(),
            baseline: baseline_decoder(kind),
        })
        .collect()
}

fn webhook(c: &mut Criterion) {
    let verifier = Verifier::new(TOKEN);
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        TOKEN.parse().expect("token is a header value"),
    );
    let deliveries = deliveries();

    // Every sample must verify and parse into its typed variant, or the comparison is void.
    for delivery in &deliveries {
        let event = verifier
            .parse(delivery.path, &headers, &delivery.body)
            .expect("sample delivery verifies");
        assert_eq!(event.kind(), Some(delivery.kind));
        assert!(
            !matches!(event, Event::Unparsed { .. } | Event::Unknown { .. }),
            "{:?} sample parsed as {event:?}",
            delivery.kind
        );
        (delivery.baseline)(&delivery.body);
    }

    let mut group = c.benchmark_group("webhook_all_kinds");
    group.bench_function("sdk", |b| {
        b.iter(|| {
            for delivery in &deliveries {
                let event = verifier
                    .parse(
                        delivery.path,
                        &headers,
                        std::hint::black_box(&delivery.body),
                    )
                    .expect("delivery verifies");
                std::hint::black_box(&event);
            }
        });
    });
    group.bench_function("baseline", |b| {
        b.iter(|| {
            for delivery in &deliveries {
                (delivery.baseline)(std::hint::black_box(&delivery.body));
            }
        });
    });
    group.finish();

    for delivery in &deliveries {
        let mut group = c.benchmark_group(format!("webhook_{}", delivery.kind.name()));
        group
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_millis(700));
        group.bench_function("sdk", |b| {
            b.iter(|| {
                let event = verifier
                    .parse(
                        delivery.path,
                        &headers,
                        std::hint::black_box(&delivery.body),
                    )
                    .expect("delivery verifies");
                std::hint::black_box(&event);
            });
        });
        group.bench_function("baseline", |b| {
            b.iter(|| (delivery.baseline)(std::hint::black_box(&delivery.body)));
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = webhook
}
criterion_main!(benches);
