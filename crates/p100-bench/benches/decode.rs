//! Response decoding: `serde_json::from_slice` into the SDK's public types (what the
//! generated client does with a response body) against `serde_json::from_slice` into plain
//! hand-written structs, for a 1,000-item transaction history page and the spec's balances
//! example.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use p100::types;
use p100_bench::baseline;
use p100_bench::fixtures::{Bodies, Spec, transaction_page};

/// Items in the decoded transaction history page.
const PAGE_ITEMS: usize = 1_000;

fn decode(c: &mut Criterion) {
    let spec = Spec::load().expect("spec loads");
    let page = transaction_page(&spec, PAGE_ITEMS).expect("transaction page builds");
    let balances = Bodies::from_spec(&spec)
        .expect("spec examples exist")
        .balances;

    // Both decoders must accept the bodies and read the same amounts.
    let sdk_page: types::TransactionPage = serde_json::from_slice(&page).expect("SDK page");
    let plain_page: baseline::TransactionPage =
        serde_json::from_slice(&page).expect("baseline page");
    assert_eq!(sdk_page.transactions.len(), PAGE_ITEMS);
    assert_eq!(plain_page.transactions.len(), PAGE_ITEMS);
    for (sdk, plain) in sdk_page.transactions.iter().zip(&plain_page.transactions) {
        assert_eq!(sdk.amount.0, plain.amount);
        assert_eq!(sdk.fee.map(|fee| fee.0), plain.fee);
    }
    let sdk_balances: types::Balances = serde_json::from_slice(&balances).expect("SDK balances");
    let plain_balances: baseline::Balances =
        serde_json::from_slice(&balances).expect("baseline balances");
    assert_eq!(
        sdk_balances.crypto_balances.len(),
        plain_balances.crypto_balances.len()
    );

    let mut group = c.benchmark_group("decode_transaction_page_1000");
    // One page takes about a millisecond; 50 samples keep the group within its time.
    group.sample_size(50);
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("sdk", |b| {
        b.iter(|| {
            let decoded: types::TransactionPage =
                serde_json::from_slice(std::hint::black_box(&page)).expect("SDK page");
            decoded
        });
    });
    group.bench_function("baseline", |b| {
        b.iter(|| {
            let decoded: baseline::TransactionPage =
                serde_json::from_slice(std::hint::black_box(&page)).expect("baseline page");
            decoded
        });
    });
    group.finish();

    let mut group = c.benchmark_group("decode_balances");
    group.throughput(Throughput::Bytes(balances.len() as u64));
    group.bench_function("sdk", |b| {
        b.iter(|| {
            let decoded: types::Balances =
                serde_json::from_slice(std::hint::black_box(&balances)).expect("SDK balances");
            decoded
        });
    });
    group.bench_function("baseline", |b| {
        b.iter(|| {
            let decoded: baseline::Balances =
                serde_json::from_slice(std::hint::black_box(&balances)).expect("baseline balances");
            decoded
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = decode
}
criterion_main!(benches);
