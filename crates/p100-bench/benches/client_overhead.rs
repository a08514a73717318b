//! Per-request client overhead: the SDK's `partner().balances()` and
//! `exchange().exchange(..)` against hand-written `reqwest` + `serde_json` calls of the same
//! requests, both talking to the same fixed-response server on loopback. Each operation runs
//! one request at a time and as batches of 64 concurrent requests.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use futures::future::join_all;
use p100::types;
use p100_bench::baseline;
use p100_bench::fixed_server::FixedServer;
use p100_bench::fixtures::{API_KEY, Bodies, Spec};

/// Requests in flight at once in the concurrent benchmarks.
const CONCURRENCY: usize = 64;

struct Setup {
    // Kept alive for the clients below.
    _server: FixedServer,
    runtime: tokio::runtime::Runtime,
    sdk: p100::Client,
    baseline: baseline::Client,
    sdk_exchange: types::ExchangeRequest,
    baseline_exchange: baseline::ExchangeRequest,
}

fn setup() -> Setup {
    let spec = Spec::load().expect("spec loads");
    let bodies = Bodies::from_spec(&spec).expect("spec examples exist");
    let server = FixedServer::start(bodies.balances.clone(), bodies.exchange_created.clone())
        .expect("fixed server starts");
    let base_url = server.base_url();

    // One thread for the client under test; the server has its own thread.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime builds");
    let sdk = p100::Client::builder()
        .base_url(&base_url)
        .api_key(API_KEY)
        .build()
        .expect("SDK client builds for a loopback URL");
    let baseline = baseline::Client::new(&base_url);

    let sdk_exchange: types::ExchangeRequest =
        serde_json::from_value(bodies.exchange_request.clone())
            .expect("the spec's exchange example fits ExchangeRequest");
    let baseline_exchange = baseline::ExchangeRequest {
        amount: sdk_exchange.amount.0,
        currency_from: sdk_exchange.currency_from.as_str().to_string(),
        currency_to: sdk_exchange.currency_to.as_str().to_string(),
        lock_id: sdk_exchange.lock_id.clone(),
    };

    Setup {
        _server: server,
        runtime,
        sdk,
        baseline,
        sdk_exchange,
        baseline_exchange,
    }
}

/// Checks once that both clients get the same answers, so the benchmark compares equal work.
fn check_same_results(setup: &Setup) {
    setup.runtime.block_on(async {
        let sdk = setup.sdk.partner().balances().await.expect("SDK balances");
        let plain = setup
            .baseline
            .partner_balances()
            .await
            .expect("baseline balances");
        assert_eq!(sdk.crypto_balances.len(), plain.crypto_balances.len());
        assert_eq!(sdk.fiat_balances.len(), plain.fiat_balances.len());
        assert_eq!(
            sdk.crypto_balances[0].amount.0,
            plain.crypto_balances[0].amount
        );

        let sdk = setup
            .sdk
            .exchange()
            .exchange(setup.sdk_exchange.clone())
            .await
            .expect("SDK exchange");
        let plain = setup
            .baseline
            .create_partner_exchange(&setup.baseline_exchange)
            .await
            .expect("baseline exchange");
        assert_eq!(sdk.exchange_id, plain.exchange_id);

        let sdk_body = serde_json::to_string(&setup.sdk_exchange).expect("SDK body serializes");
        let plain_body =
            serde_json::to_string(&setup.baseline_exchange).expect("baseline body serializes");
        assert_eq!(sdk_body, plain_body, "both clients must send the same body");
    });
}

fn sequential(c: &mut Criterion, setup: &Setup) {
    let mut group = c.benchmark_group("client_balances_sequential");
    group.bench_function("sdk", |b| {
        b.to_async(&setup.runtime).iter(|| async {
            let balances = setup.sdk.partner().balances().await.expect("SDK balances");
            std::hint::black_box(balances);
        });
    });
    group.bench_function("baseline", |b| {
        b.to_async(&setup.runtime).iter(|| async {
            let balances = setup
                .baseline
                .partner_balances()
                .await
                .expect("baseline balances");
            std::hint::black_box(balances);
        });
    });
    group.finish();

    let mut group = c.benchmark_group("client_exchange_sequential");
    group.bench_function("sdk", |b| {
        b.to_async(&setup.runtime).iter(|| async {
            let request = setup.sdk_exchange.clone();
            let created = setup
                .sdk
                .exchange()
                .exchange(request)
                .await
                .expect("SDK exchange");
            std::hint::black_box(created);
        });
    });
    group.bench_function("baseline", |b| {
        b.to_async(&setup.runtime).iter(|| async {
            let request = setup.baseline_exchange.clone();
            let created = setup
                .baseline
                .create_partner_exchange(&request)
                .await
                .expect("baseline exchange");
            std::hint::black_box(created);
        });
    });
    group.finish();
}

/// Times `iterations` batches of [`CONCURRENCY`] concurrent calls made by `call`.
async fn batches<F, Fut>(iterations: u64, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let started = Instant::now();
    for _ in 0..iterations {
        join_all((0..CONCURRENCY).map(|_| call())).await;
    }
    started.elapsed()
}

fn concurrent(c: &mut Criterion, setup: &Setup) {
    let mut group = c.benchmark_group("client_balances_concurrent64");
    // A batch takes milliseconds; 30 samples keep the group within its measurement time.
    group.sample_size(30);
    group.bench_function("sdk", |b| {
        b.to_async(&setup.runtime).iter_custom(|iterations| {
            batches(iterations, || async {
                let balances = setup.sdk.partner().balances().await.expect("SDK balances");
                std::hint::black_box(balances);
            })
        });
    });
    group.bench_function("baseline", |b| {
        b.to_async(&setup.runtime).iter_custom(|iterations| {
            batches(iterations, || async {
                let balances = setup
                    .baseline
                    .partner_balances()
                    .await
                    .expect("baseline balances");
                std::hint::black_box(balances);
            })
        });
    });
    group.finish();

    let mut group = c.benchmark_group("client_exchange_concurrent64");
    group.sample_size(30);
    group.bench_function("sdk", |b| {
        b.to_async(&setup.runtime).iter_custom(|iterations| {
            batches(iterations, || async {
                let request = setup.sdk_exchange.clone();
                let created = setup
                    .sdk
                    .exchange()
                    .exchange(request)
                    .await
                    .expect("SDK exchange");
                std::hint::black_box(created);
            })
        });
    });
    group.bench_function("baseline", |b| {
        b.to_async(&setup.runtime).iter_custom(|iterations| {
            batches(iterations, || async {
                let request = setup.baseline_exchange.clone();
                let created = setup
                    .baseline
                    .create_partner_exchange(&request)
                    .await
                    .expect("baseline exchange");
                std::hint::black_box(created);
            })
        });
    });
    group.finish();
}

fn client_overhead(c: &mut Criterion) {
    let setup = setup();
    check_same_results(&setup);
    sequential(c, &setup);
    concurrent(c, &setup);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = client_overhead
}
criterion_main!(benches);
