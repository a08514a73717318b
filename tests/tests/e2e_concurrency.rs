//! Many tasks moving money at once through one SDK client: funding and collection
//! transfers between the partner and several users, and exchanges at partner and at user
//! level. Afterwards every request must have had a definite response (success or a
//! documented business error), and the sum of all balances per currency must equal the starting sum
//! moved by exactly the exchanges that succeeded, less their fees.

mod e2e_support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use futures::future::join_all;
use p100::enums::{Currency, ExchangeStatus, TransactionType};
use p100::{Client, Decimal, ErrorCode};
use rust_decimal::RoundingStrategy;
use serde_json::json;

use e2e_support::{self as support, dec};

const TASKS: usize = 32;
const OPERATIONS_PER_TASK: usize = 20;
const USERS: usize = 4;

/// Exchange fee of P100: 1.49 % of the converted amount, taken before crediting.
const EXCHANGE_FEE_RATE: &str = "0.0149";

/// Outcome counts of every request sent.
#[derive(Debug, Default)]
struct Tally {
    sent: usize,
    succeeded: usize,
    insufficient_funds: usize,
    transfers_succeeded: usize,
    unexpected: Vec<String>,
    exchanges: Vec<AcceptedExchange>,
}

/// An exchange P100 accepted, with the lock that priced it.
#[derive(Clone, Debug)]
struct AcceptedExchange {
    id: String,
    user_level: bool,
    from: &'static str,
    to: &'static str,
    amount: Decimal,
    rate: Decimal,
    converted: Decimal,
}

type SharedTally = Arc<Mutex<Tally>>;

fn lock(tally: &SharedTally) -> std::sync::MutexGuard<'_, Tally> {
    tally.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Records one request's result; `Some` on success.
fn record<T>(tally: &SharedTally, operation: &str, result: p100::Result<T>) -> Option<T> {
    let mut tally = lock(tally);
    tally.sent += 1;
    match result {
        Ok(value) => {
            tally.succeeded += 1;
            Some(value)
        }
        Err(error) if error.code() == Some(ErrorCode::InsufficientFunds) => {
            tally.insufficient_funds += 1;
            None
        }
        Err(error) => {
            tally.unexpected.push(format!("{operation}: {error}"));
            None
        }
    }
}

fn user_id(index: usize) -> String {
    format!("concurrent-user-{index}")
}

/// Runs one operation chosen by `step`: transfers both ways in EUR and USDT, and exchanges.
async fn run_step(client: &Client, tally: &SharedTally, task: usize, step: usize) {
    let user = user_id((task + step) % USERS);
    match (task * 7 + step * 3) % 6 {
        0 => transfer(client, tally, "12.34", "eur", Some(&user), None).await,
        1 => transfer(client, tally, "7.50", "eur", None, Some(&user)).await,
        2 => transfer(client, tally, "2.5", "usdt", Some(&user), None).await,
        3 => transfer(client, tally, "1.25", "usdt", None, Some(&user)).await,
        4 => {
            exchange(
                client,
                tally,
                Some(&user),
                "5.00",
                Currency::Eur,
                Currency::Usdt,
            )
            .await
        }
        _ => exchange(client, tally, None, "4.5", Currency::Usdt, Currency::Eur).await,
    }
}

async fn transfer(
    client: &Client,
    tally: &SharedTally,
    amount: &str,
    currency: &str,
    to_user: Option<&str>,
    from_user: Option<&str>,
) {
    let request = support::transfer(amount, currency, to_user, from_user);
    let result = client.transfers().create(request).await;
    if record(tally, "transfer", result).is_some() {
        lock(tally).transfers_succeeded += 1;
    }
}

async fn exchange(
    client: &Client,
    tally: &SharedTally,
    user: Option<&str>,
    amount: &str,
    from: Currency,
    to: Currency,
) {
    let value = dec(amount);
    let lock_result = match user {
        Some(user) => {
            client
                .user_exchange()
                .lock(user, value, from.clone(), to.clone())
                .await
        }
        None => {
            client
                .exchange()
                .lock(value, from.clone(), to.clone())
                .await
        }
    };
    let Some(rate_lock) = record(tally, "exchange lock", lock_result) else {
        return;
    };

    let mut body = json!({
        "amount": amount,
        "currencyFrom": from.as_str(),
        "currencyTo": to.as_str(),
        "lockId": rate_lock.lock_id
    });
    let result = match user {
        Some(user) => {
            body["externalUserId"] = json!(user);
            client.user_exchange().exchange(support::body(body)).await
        }
        None => client.exchange().exchange(support::body(body)).await,
    };
    let Some(created) = record(tally, "exchange", result) else {
        return;
    };
    let accepted = AcceptedExchange {
        id: created.exchange_id,
        user_level: user.is_some(),
        from: currency_code(&from),
        to: currency_code(&to),
        amount: value,
        rate: rate_lock.rate.expect("the lock has a rate").0,
        converted: rate_lock
            .converted_amount
            .expect("the lock has a converted amount")
            .0,
    };
    lock(tally).exchanges.push(accepted);
}

fn currency_code(currency: &Currency) -> &'static str {
    match currency {
        Currency::Eur => "eur",
        Currency::Usdt => "usdt",
        other => panic!("this test exchanges only EUR and USDT, not {other}"),
    }
}

fn decimals(currency: &str) -> u32 {
    match currency {
        "eur" => 2,
        "usdt" => 6,
        other => panic!("no decimals known for {other}"),
    }
}

/// Computes the price of an exchange from its lock's rate: the converted amount rounded
/// down to the target's decimals (`gross`), and the 1.49 % fee that leaves the credited
/// amount, also rounded down. Returns `(gross, fee)`, so the credit is `gross - fee`.
fn exchange_price(exchange: &AcceptedExchange) -> (Decimal, Decimal) {
    let places = decimals(exchange.to);
    let gross =
        (exchange.amount * exchange.rate).round_dp_with_strategy(places, RoundingStrategy::ToZero);
    let share_after_fee = Decimal::ONE - dec(EXCHANGE_FEE_RATE);
    let received =
        (gross * share_after_fee).round_dp_with_strategy(places, RoundingStrategy::ToZero);
    (gross, gross - received)
}

/// Sums every balance (partner and all users) per currency.
async fn total_balances(client: &Client) -> BTreeMap<String, Decimal> {
    let mut totals = BTreeMap::new();
    let partner = client.partner().balances().await.expect("partner balances");
    let mut add = |name: &str, amount: Decimal| {
        assert!(
            amount >= Decimal::ZERO,
            "{name} balance is negative: {amount}"
        );
        *totals.entry(name.to_string()).or_insert(Decimal::ZERO) += amount;
    };
    for balance in &partner.fiat_balances {
        add(balance.name.as_str(), balance.amount.0);
    }
    for balance in &partner.crypto_balances {
        add(balance.name.as_str(), balance.amount.0);
    }
    for index in 0..USERS {
        let user = client
            .users()
            .balances(&user_id(index))
            .await
            .expect("user balances");
        for balance in &user.fiat_balances {
            add(balance.name.as_str(), balance.amount.0);
        }
        for balance in &user.crypto_balances {
            add(balance.name.as_str(), balance.amount.0);
        }
    }
    totals
}

async fn count_partner_transfers(client: &Client) -> usize {
    use futures::TryStreamExt;
    let items: Vec<_> = client
        .partner()
        .transactions(100)
        .items()
        .try_collect()
        .await
        .expect("partner history");
    items
        .iter()
        .filter(|item| item.type_ == TransactionType::Transfer)
        .count()
}

/// Time scale of the concurrency sandbox: lock expiry and exchange completion run 10× faster.
const CONCURRENCY_TIME_SCALE: f64 = 10.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_money_movement_keeps_the_books() {
    // A slower clock than the other e2e tests: at scale 100 a rate lock lives 0.3 s, which a
    // loaded 2-core machine can exceed between lock and exchange. At 10 it lives 3 s.
    let builder = p100_sandbox::Sandbox::builder()
        .time_scale(CONCURRENCY_TIME_SCALE)
        .seed("eur", dec("100000"))
        .seed("usdt", dec("100000"));
    let (sandbox, client) = support::start(builder).await;
    for index in 0..USERS {
        support::active_kyc_user(&client, &user_id(index)).await;
    }
    let before = total_balances(&client).await;
    let transfers_before = count_partner_transfers(&client).await;

    let tally: SharedTally = Arc::default();
    let tasks = (0..TASKS).map(|task| {
        let client = client.clone();
        let tally = tally.clone();
        tokio::spawn(async move {
            for step in 0..OPERATIONS_PER_TASK {
                run_step(&client, &tally, task, step).await;
            }
        })
    });
    for joined in join_all(tasks).await {
        joined.expect("no task panicked");
    }
    let tally = std::mem::take(&mut *lock(&tally));

    // Every request got a definite response: success or a documented business error.
    assert!(
        tally.unexpected.is_empty(),
        "unexpected errors: {:#?}",
        tally.unexpected
    );
    assert_eq!(tally.succeeded + tally.insufficient_funds, tally.sent);
    assert!(
        tally.sent >= TASKS * OPERATIONS_PER_TASK,
        "{} requests for {} operations",
        tally.sent,
        TASKS * OPERATIONS_PER_TASK
    );
    assert!(
        tally.insufficient_funds > 0,
        "collections from empty balances must occur"
    );
    assert!(!tally.exchanges.is_empty(), "some exchanges must succeed");

    // Wait for every accepted exchange to finish.
    for accepted in &tally.exchanges {
        let status = support::eventually("an exchange to finish", || async {
            let details = if accepted.user_level {
                client.user_exchange().details(&accepted.id).await
            } else {
                client.exchange().details(&accepted.id).await
            };
            let details = details.expect("exchange details");
            (details.status != ExchangeStatus::Pending).then_some(details.status)
        })
        .await;
        assert_eq!(
            status,
            ExchangeStatus::Completed,
            "exchange {}",
            accepted.id
        );
    }

    // Transfers move money between balances without changing any total. Each exchange
    // takes its amount out of one currency and adds the converted amount less the fee to
    // the other.
    let mut expected = before.clone();
    let mut fees: BTreeMap<&str, Decimal> = BTreeMap::new();
    for accepted in &tally.exchanges {
        let (gross, fee) = exchange_price(accepted);
        assert_eq!(
            gross - fee,
            accepted.converted,
            "the lock's converted amount is the rate-converted amount less 1.49 %"
        );
        *expected.get_mut(accepted.from).expect("currency listed") -= accepted.amount;
        *expected.get_mut(accepted.to).expect("currency listed") += gross - fee;
        *fees.entry(accepted.to).or_default() += fee;
    }
    let after = total_balances(&client).await;
    assert_eq!(
        after, expected,
        "per-currency totals; exchange fees taken: {fees:?}"
    );
    assert!(fees.values().all(|fee| *fee > Decimal::ZERO), "{fees:?}");

    // The partner's history shows exactly the transfers that succeeded.
    let transfers_after = count_partner_transfers(&client).await;
    assert_eq!(
        transfers_after - transfers_before,
        tally.transfers_succeeded
    );

    println!(
        "{} requests: {} succeeded, {} P433; {} exchanges, fees {fees:?}",
        tally.sent,
        tally.succeeded,
        tally.insufficient_funds,
        tally.exchanges.len()
    );
    sandbox.shutdown().await;
}
