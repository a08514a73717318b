//! The SDK against the in-process sandbox: every operation's happy path through the SDK's
//! area methods, with the state changes each one must cause (balances, statuses, fees,
//! history pages).
//!
//! The scenario runs through a recording proxy, so the test can prove at the end that every
//! operation of the spec got a 2xx response at least once.

mod e2e_support;

use std::collections::BTreeSet;

use futures::TryStreamExt;
use p100::enums::{
    CardStatus, Currency, ExchangeStatus, KycAttemptStatus, KycVerificationStatus, Network,
    SepaTransferStatus, TransferStatus,
};
use p100::upload::{UploadFile, UploadOutcome};
use p100::{Client, Decimal, Pin};
use p100_workspace_tests::prism::{RecordingProxy, operation_for};

use e2e_support::{self as support, balance_of, dec};

#[tokio::test]
async fn every_operation_succeeds_through_the_sdk() {
    let (sandbox, _) = support::start_default().await;
    let proxy = RecordingProxy::spawn(sandbox.base_url())
        .await
        .expect("the recording proxy starts");
    let client = support::client(&proxy.base_url(), sandbox.api_key());

    users_and_kyc(&client).await;
    transfers_and_sepa(&client).await;
    exchanges(&client).await;
    crypto(&client).await;
    cards(&client).await;
    orders_and_payment_links(&client).await;
    uploads(&client).await;
    history_pages(&client).await;

    let succeeded: BTreeSet<&str> = proxy
        .exchanges()
        .iter()
        .filter(|exchange| (200..300).contains(&exchange.status))
        .filter_map(|exchange| operation_for(&exchange.method, &exchange.path))
        .map(|operation| operation.operation_id)
        .collect();
    let all: BTreeSet<&str> = p100::operations::OPERATIONS
        .iter()
        .map(|operation| operation.operation_id)
        .collect();
    let missing: Vec<_> = all.difference(&succeeded).collect();
    assert!(
        missing.is_empty(),
        "operations never answered 2xx: {missing:?}"
    );

    sandbox.shutdown().await;
}

async fn users_and_kyc(client: &Client) {
    let users = client.users();
    let created = users
        .create(support::create_user("kyc-user"))
        .await
        .expect("create user");
    assert!(!created.user_id.is_empty());

    // A KYC user waits for activation: no IBAN yet.
    let balances = users.balances("kyc-user").await.expect("balances");
    assert_eq!(balances.user_id.as_deref(), Some(created.user_id.as_str()));
    let eur = &balances.fiat_balances[0];
    assert_eq!(eur.amount.0, Decimal::ZERO);
    assert!(
        eur.iban.is_none(),
        "IBAN before verification: {:?}",
        eur.iban
    );

    users
        .extend("kyc-user", support::body(serde_json::json!({})))
        .await
        .expect("extend user");
    users
        .update("kyc-user", support::update_user("changed@example.com"))
        .await
        .expect("update user");
    client
        .kyc()
        .add_verification("kyc-user", support::user_verification())
        .await
        .expect("add user verification");
    let balances = users.balances("kyc-user").await.expect("balances");
    assert!(
        balances.fiat_balances[0].iban.is_some(),
        "verification gives the user an IBAN"
    );
    let deposit_info = client
        .sepa()
        .user_deposit_info("kyc-user")
        .await
        .expect("user SEPA deposit info");
    let info = serde_json::to_value(&deposit_info).expect("deposit info serializes");
    assert!(
        info.to_string()
            .contains(balances.fiat_balances[0].iban.as_deref().unwrap()),
        "deposit info names the user's IBAN: {info}"
    );

    let without_kyc = users
        .create_without_kyc(support::create_user_without_kyc("crypto-user"))
        .await
        .expect("create user without KYC");
    assert!(!without_kyc.balances.is_empty());
    assert!(
        without_kyc
            .balances
            .iter()
            .all(|balance| balance.amount.0.is_zero())
    );
    users.suspend("crypto-user").await.expect("suspend");
    users.unsuspend("crypto-user").await.expect("unsuspend");
    users.delete("crypto-user").await.expect("delete");
    let deleted = users.balances("crypto-user").await.unwrap_err();
    assert!(deleted.is_not_found(), "deleted user: {deleted}");

    // Method B: a verification hosted by P100, completed after the processing delay.
    users
        .create(support::create_user("hosted-kyc-user"))
        .await
        .expect("create user");
    let kyc = client.kyc();
    let verification = kyc
        .create_verification(support::kyc_verification("hosted-kyc-user"))
        .await
        .expect("create KYC verification");
    let verification_id = verification.verification_id.expect("verificationId is set");
    let url = kyc.verification_url("hosted-kyc-user", &verification_id);
    assert!(url.as_str().ends_with(&format!(
        "/v1/kyc/verification/hosted-kyc-user/{verification_id}"
    )));
    let page = kyc
        .verification_page("hosted-kyc-user", &verification_id)
        .await
        .expect("verification page");
    assert!(page.to_ascii_lowercase().contains("<html"), "{page}");
    let status = support::eventually("the hosted verification to finish", || async {
        let status = kyc.status("hosted-kyc-user").await.expect("KYC status");
        (status.verification_status == Some(KycVerificationStatus::Verified)).then_some(status)
    })
    .await;
    assert_eq!(status.external_user_id.as_deref(), Some("hosted-kyc-user"));
    assert_eq!(status.attempt_status, Some(KycAttemptStatus::Successful));
}

async fn transfers_and_sepa(client: &Client) {
    let partner = client.partner();
    let before = partner.balances().await.expect("partner balances");
    let partner_eur = balance_of(&before.fiat_balances, &before.crypto_balances, "eur");

    support::active_kyc_user(client, "payer").await;
    let funding = client
        .transfers()
        .create(support::transfer("500.00", "eur", Some("payer"), None))
        .await
        .expect("funding transfer");
    let details = client
        .transfers()
        .details(&funding.transfer_id)
        .await
        .expect("transfer details");
    assert_eq!(details.amount.0, dec("500.00"));
    assert_eq!(details.status, TransferStatus::Successful);
    assert_eq!(details.currency, Currency::Eur);

    partner
        .master_transfer(support::master_transfer("100", "eur", Some("payer"), None))
        .await
        .expect("master transfer to the user");
    client
        .transfers()
        .create(support::transfer("50", "eur", None, Some("payer")))
        .await
        .expect("collection transfer");

    // 0.1 % of 100 EUR is below the 1 EUR minimum fee.
    let sepa = client.sepa();
    let sent = sepa
        .create(support::user_sepa("payer", "100.00", "Rent"))
        .await
        .expect("user SEPA transfer");
    let details = support::eventually("the user SEPA transfer to finish", || async {
        let details = sepa.details(&sent.transfer_id).await.expect("SEPA details");
        (details.status != SepaTransferStatus::Pending).then_some(details)
    })
    .await;
    assert_eq!(details.amount.0, dec("100.00"));
    assert_eq!(details.fee.map(|fee| fee.0), Some(dec("1.00")));
    assert_eq!(details.status, SepaTransferStatus::Successful);
    assert_eq!(
        details.destination_iban.as_deref(),
        Some(support::DESTINATION_IBAN)
    );

    let user = client.users().balances("payer").await.expect("balances");
    let expected_user = dec("500") + dec("100") - dec("50") - dec("100") - dec("1.00");
    assert_eq!(
        balance_of(&user.fiat_balances, &user.crypto_balances, "eur"),
        expected_user
    );

    // 0.1 % of 2500 EUR is 2.50 EUR.
    let partner_sent = sepa
        .create_for_partner(support::partner_sepa("2500", "Invoice 7"))
        .await
        .expect("partner SEPA transfer");
    let details = sepa
        .details(&partner_sent.transfer_id)
        .await
        .expect("partner SEPA details");
    assert_eq!(details.fee.map(|fee| fee.0), Some(dec("2.50")));

    let after = partner.balances().await.expect("partner balances");
    let expected_partner =
        partner_eur - dec("500") - dec("100") + dec("50") - dec("2500") - dec("2.50");
    assert_eq!(
        balance_of(&after.fiat_balances, &after.crypto_balances, "eur"),
        expected_partner
    );

    let info = partner
        .sepa_deposit_info()
        .await
        .expect("partner deposit info");
    assert!(
        !serde_json::to_value(&info)
            .unwrap()
            .as_object()
            .unwrap()
            .is_empty()
    );
    let contacts = partner
        .sepa_deposit_contacts(None)
        .await
        .expect("SEPA deposit contacts");
    let contacts = serde_json::to_value(&contacts).unwrap().to_string();
    assert!(
        contacts.contains("PL06109027500000000148911547"),
        "{contacts}"
    );
}

async fn exchanges(client: &Client) {
    let exchange = client.exchange();
    let rates = exchange.rates().await.expect("partner rates");
    assert!(rates.0.contains_key("btc"), "{:?}", rates.0.keys());

    let before = client.partner().balances().await.expect("balances");
    let amount = dec("100");
    let lock = exchange
        .lock(amount, Currency::Eur, Currency::Usdt)
        .await
        .expect("partner lock");
    let received = lock.converted_amount.expect("convertedAmount is set").0;
    assert!(received > Decimal::ZERO);
    let created = exchange
        .exchange(support::body(serde_json::json!({
            "amount": "100",
            "currencyFrom": "eur",
            "currencyTo": "usdt",
            "lockId": lock.lock_id
        })))
        .await
        .expect("partner exchange");
    let details = support::eventually("the partner exchange to complete", || async {
        let details = exchange
            .details(&created.exchange_id)
            .await
            .expect("exchange details");
        (details.status != ExchangeStatus::Pending).then_some(details)
    })
    .await;
    assert_eq!(details.status, ExchangeStatus::Completed);
    assert_eq!(
        details.converted_amount.map(|value| value.0),
        Some(received)
    );

    let after = client.partner().balances().await.expect("balances");
    let eur = |balances: &p100::types::Balances| {
        balance_of(&balances.fiat_balances, &balances.crypto_balances, "eur")
    };
    let usdt = |balances: &p100::types::Balances| {
        balance_of(&balances.fiat_balances, &balances.crypto_balances, "usdt")
    };
    assert_eq!(eur(&after), eur(&before) - amount);
    assert_eq!(usdt(&after), usdt(&before) + received);

    // The same lock cannot be used twice.
    let reused = exchange
        .exchange(support::body(serde_json::json!({
            "amount": "100",
            "currencyFrom": "eur",
            "currencyTo": "usdt",
            "lockId": lock.lock_id
        })))
        .await
        .unwrap_err();
    assert!(reused.is_validation(), "{reused}");

    support::active_kyc_user(client, "trader").await;
    client
        .transfers()
        .create(support::transfer("200", "eur", Some("trader"), None))
        .await
        .expect("fund the trader");
    let user_exchange = client.user_exchange();
    user_exchange.rates().await.expect("user rates");
    let lock = user_exchange
        .lock("trader", dec("50"), Currency::Eur, Currency::Usdt)
        .await
        .expect("user lock");
    let created = user_exchange
        .exchange(support::body(serde_json::json!({
            "externalUserId": "trader",
            "amount": "50",
            "currencyFrom": "eur",
            "currencyTo": "usdt",
            "lockId": lock.lock_id
        })))
        .await
        .expect("user exchange");
    let details = support::eventually("the user exchange to complete", || async {
        let details = user_exchange
            .details(&created.exchange_id)
            .await
            .expect("exchange details");
        (details.status != ExchangeStatus::Pending).then_some(details)
    })
    .await;
    assert_eq!(details.status, ExchangeStatus::Completed);
    assert_eq!(details.external_user_id.as_deref(), Some("trader"));
    let balances = client.users().balances("trader").await.expect("balances");
    assert_eq!(
        balance_of(&balances.fiat_balances, &balances.crypto_balances, "eur"),
        dec("150")
    );
    assert_eq!(
        balance_of(&balances.fiat_balances, &balances.crypto_balances, "usdt"),
        lock.converted_amount.unwrap().0
    );
}

async fn crypto(client: &Client) {
    let withdrawals = client.crypto_withdrawals();
    let fee = withdrawals
        .network_fee(Currency::Usdt, Network::Polygon)
        .await
        .expect("network fee");
    assert!(fee.network_fee.0 > Decimal::ZERO);

    // The withdrawal fee is the balance's `feeWithdrawal` plus the network fee.
    let before = client.partner().balances().await.expect("balances");
    let usdt_before = balance_of(&before.fiat_balances, &before.crypto_balances, "usdt");
    let config = before
        .crypto_balances
        .iter()
        .find(|balance| balance.name == Currency::Usdt)
        .and_then(|balance| balance.network_config.get("polygon"))
        .expect("usdt has a polygon network config");
    let wallet = client
        .partner()
        .create_wallet(support::partner_wallet("usdt", "polygon"))
        .await
        .expect("partner wallet");
    let listed = before
        .crypto_balances
        .iter()
        .find(|balance| balance.name == Currency::Usdt)
        .and_then(|balance| balance.wallet.clone());
    assert_eq!(
        Some(wallet.wallet),
        listed,
        "the wallet is the balance's deposit address"
    );
    assert_eq!(wallet.network, Some(Network::Polygon));

    let service_fee = config
        .withdrawal
        .as_ref()
        .and_then(|withdrawal| withdrawal.fee_withdrawal)
        .expect("the polygon network has a withdrawal fee")
        .0;
    let created = withdrawals
        .create_for_partner(support::partner_withdrawal(
            "usdt",
            "polygon",
            "20",
            support::EVM_ADDRESS,
        ))
        .await
        .expect("partner withdrawal");
    let details = withdrawals
        .partner_details(&created.withdrawal_id)
        .await
        .expect("partner withdrawal details");
    assert_eq!(details.amount.map(|value| value.0), Some(dec("20")));
    assert_eq!(
        details.fee.map(|value| value.0),
        Some(service_fee + fee.network_fee.0)
    );
    let after = client.partner().balances().await.expect("balances");
    assert_eq!(
        balance_of(&after.fiat_balances, &after.crypto_balances, "usdt"),
        usdt_before - dec("20") - service_fee - fee.network_fee.0
    );

    support::active_kyc_user(client, "withdrawer").await;
    client
        .transfers()
        .create(support::transfer("30", "usdt", Some("withdrawer"), None))
        .await
        .expect("fund the withdrawer");
    let created = withdrawals
        .create(support::user_withdrawal(
            "withdrawer",
            "usdt",
            "polygon",
            "5",
            support::EVM_ADDRESS,
        ))
        .await
        .expect("user withdrawal");
    let details = support::eventually("the user withdrawal to finish", || async {
        let details = withdrawals
            .details(&created.withdrawal_id)
            .await
            .expect("withdrawal details");
        let finished = details
            .status
            .as_ref()
            .is_some_and(|status| status.as_str() != "PENDING");
        finished.then_some(details)
    })
    .await;
    assert_eq!(
        details.status.map(|status| status.to_string()).as_deref(),
        Some("SUCCESSFUL")
    );
    assert_eq!(details.destination.as_deref(), Some(support::EVM_ADDRESS));

    // The deposit every sandbox starts with waits for Travel Rule data.
    // Once it has the data, the deposit is credited to the partner's ETH balance.
    let eth = |balances: &p100::types::Balances| {
        balance_of(&balances.fiat_balances, &balances.crypto_balances, "eth")
    };
    let eth_before = eth(&client.partner().balances().await.expect("balances"));
    let deposits = client.crypto_deposits();
    deposits
        .update_travel_rule(p100_sandbox::SEED_DEPOSIT_ID, support::travel_rule(None))
        .await
        .expect("update Travel Rule");
    let eth_after = eth(&client.partner().balances().await.expect("balances"));
    assert!(
        eth_after > eth_before,
        "{eth_after} after, {eth_before} before"
    );
    let again = deposits
        .update_travel_rule(p100_sandbox::SEED_DEPOSIT_ID, support::travel_rule(None))
        .await
        .unwrap_err();
    assert!(
        again.is_validation(),
        "a credited deposit takes no more data: {again}"
    );
}

async fn cards(client: &Client) {
    support::active_kyc_user(client, "card-holder").await;
    let cards = client.cards();
    let pin = Pin::new("2468").expect("valid PIN");
    let card = cards
        .create_virtual("card-holder", "Travel", &pin)
        .await
        .expect("create card");
    let number = card
        .card_number
        .clone()
        .expect("the card number is returned");
    let debug = format!("{card:?}");
    assert!(
        !debug.contains(number.reveal()),
        "Debug shows the card number: {debug}"
    );

    let list = cards.list("card-holder").await.expect("list cards");
    let summary = list
        .cards
        .iter()
        .find(|summary| summary.card_id == card.card_id)
        .expect("the new card is listed");
    assert_eq!(summary.label.as_deref(), Some("Travel"));
    assert_eq!(
        summary.card_last_digits.as_deref(),
        Some(number.last_four().as_str())
    );

    let details = cards
        .details("card-holder", &card.card_id)
        .await
        .expect("details");
    assert_eq!(
        details.card_number.as_ref().map(|n| n.reveal()),
        Some(number.reveal())
    );
    assert_eq!(details.status, Some(CardStatus::Active));

    let new_pin = Pin::new("1357").expect("valid PIN");
    cards
        .update_pin("card-holder", &card.card_id, &new_pin)
        .await
        .expect("update PIN");
    cards
        .block("card-holder", &card.card_id)
        .await
        .expect("block");
    let blocked = cards
        .details("card-holder", &card.card_id)
        .await
        .expect("details");
    assert_eq!(blocked.status, Some(CardStatus::LockedByUser));
    cards
        .unblock("card-holder", &card.card_id)
        .await
        .expect("unblock");
    let unblocked = cards
        .details("card-holder", &card.card_id)
        .await
        .expect("details");
    assert_eq!(unblocked.status, Some(CardStatus::Active));

    cards
        .limits("card-holder", &card.card_id)
        .await
        .expect("limits");
    cards
        .update_limits(support::card_limits("card-holder", &card.card_id))
        .await
        .expect("update limits");
    let limits = cards
        .limits("card-holder", &card.card_id)
        .await
        .expect("limits");
    assert_eq!(
        limits.monthly_trx_all.map(|value| value.0),
        Some(dec("5000"))
    );
    assert_eq!(limits.daily_trx_atm.map(|value| value.0), Some(dec("200")));

    // A user with an active card cannot be suspended (P454).
    let blocked_suspension = client.users().suspend("card-holder").await.unwrap_err();
    assert_eq!(
        blocked_suspension
            .code()
            .map(|code| code.as_str().to_string())
            .as_deref(),
        Some("P454")
    );

    cards
        .delete("card-holder", &card.card_id)
        .await
        .expect("delete card");
    let remaining = cards.list("card-holder").await.expect("list cards");
    let status = remaining
        .cards
        .iter()
        .find(|summary| summary.card_id == card.card_id)
        .and_then(|summary| summary.status.clone());
    assert!(
        status.is_none() || status == Some(CardStatus::Deleted),
        "a deleted card is gone or marked deleted: {status:?}"
    );
    let suspended = client.users().suspend("card-holder").await;
    assert!(suspended.is_ok(), "no active card is left: {suspended:?}");
}

async fn orders_and_payment_links(client: &Client) {
    let orders = client.orders();
    orders.rates().await.expect("order rates");
    let lock = orders
        .lock(support::order_lock("usdc", "polygon", "346.59"))
        .await
        .expect("order lock");
    // The lock prices 346.59 EUR in USDC: the EUR amount over the rate, rounded up to
    // USDC's 6 decimals so that the payment covers the EUR amount.
    let rate = lock.rate.expect("the lock has a rate").0;
    let expected = (dec("346.59") / rate)
        .round_dp_with_strategy(6, rust_decimal::RoundingStrategy::AwayFromZero);
    assert_eq!(
        lock.amount.map(|value| value.0.normalize()),
        Some(expected.normalize())
    );
    assert!(expected * rate >= dec("346.59"));
    let order = orders
        .create(support::order(&lock.lock_id))
        .await
        .expect("create order");
    let details = orders
        .details(&order.order_id)
        .await
        .expect("order details");
    assert_eq!(details.order_id, order.order_id);
    assert_eq!(details.lock_id, lock.lock_id);
    let reused = orders
        .create(support::order(&lock.lock_id))
        .await
        .unwrap_err();
    assert!(
        reused.is_validation(),
        "an order lock is used once: {reused}"
    );

    let links = client.payment_links();
    let link = links
        .create(support::payment_link("25.00", "eur"))
        .await
        .expect("payment link");
    let link_id = link.payment_link_id.expect("paymentLinkId is set");
    let details = links.details(&link_id).await.expect("payment link details");
    assert_eq!(details.payment_link_id.as_deref(), Some(link_id.as_str()));
    assert_eq!(details.url, link.url);
    let checkout = links
        .create_hosted_checkout(support::hosted_checkout("10.00", "eur"))
        .await
        .expect("hosted checkout");
    assert!(
        checkout
            .url
            .is_some_and(|url| url.starts_with("http://127.0.0.1:"))
    );
}

async fn uploads(client: &Client) {
    client
        .users()
        .create(support::create_user("uploader"))
        .await
        .expect("create user");
    let kyc = client.kyc();
    let front = UploadFile::from_bytes("front.jpg", "image/jpeg", jpeg_bytes());
    let back = UploadFile::from_bytes("back.png", "image/png", png_bytes());
    let outcome = kyc
        .add_kyc_files("uploader", vec![front, back])
        .await
        .expect("KYC upload");
    assert!(
        matches!(outcome, UploadOutcome::Accepted { .. }),
        "{outcome:?}"
    );

    let bill = || UploadFile::from_bytes("bill.pdf", "application/pdf", pdf_bytes());
    let outcome = kyc
        .add_poa_files("uploader", vec![bill()])
        .await
        .expect("POA upload");
    assert!(
        matches!(outcome, UploadOutcome::Accepted { .. }),
        "{outcome:?}"
    );

    // A second upload while the check runs is `P211`, or `P447` once it approved.
    match kyc.add_poa_files("uploader", vec![bill()]).await {
        Ok(outcome) => assert!(outcome.is_pending(), "{outcome:?}"),
        Err(error) => assert_eq!(
            error.code().map(|c| c.as_str().to_string()).as_deref(),
            Some("P447")
        ),
    }

    // A file whose bytes are not the declared type is rejected by the server (P426).
    let fake = UploadFile::from_bytes("fake.jpg", "image/jpeg", b"plain text".to_vec());
    let error = kyc.add_kyc_files("uploader", vec![fake]).await.unwrap_err();
    assert_eq!(
        error.code().map(|c| c.as_str().to_string()).as_deref(),
        Some("P426")
    );
}

async fn history_pages(client: &Client) {
    support::active_kyc_user(client, "history-user").await;
    let transfers = client.transfers();
    for cents in 1..=7 {
        let amount = format!("1.{cents:02}");
        transfers
            .create(support::transfer(
                &amount,
                "eur",
                Some("history-user"),
                None,
            ))
            .await
            .expect("funding transfer");
    }

    let pages: Vec<_> = client
        .users()
        .transactions("history-user", 3)
        .pages()
        .try_collect()
        .await
        .expect("user history pages");
    let sizes: Vec<usize> = pages.iter().map(|page| page.items.len()).collect();
    assert_eq!(sizes, [3, 3, 1], "7 transactions in pages of 3");
    let numbers: Vec<u64> = pages.iter().map(|page| page.page).collect();
    assert_eq!(numbers, [1, 2, 3]);

    let items: Vec<_> = client
        .users()
        .transactions("history-user", 3)
        .items()
        .try_collect()
        .await
        .expect("user history items");
    assert_eq!(items.len(), 7);
    let ids: BTreeSet<&str> = items.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(ids.len(), 7, "no transaction appears twice");
    let total: Decimal = items.iter().map(|item| item.amount.0).sum();
    assert_eq!(total, dec("7.28"), "1.01 + 1.02 + ... + 1.07");

    // With 6 transactions in pages of 3, the end shows only as an empty third page.
    support::active_kyc_user(client, "even-history-user").await;
    for _ in 0..6 {
        transfers
            .create(support::transfer(
                "2.00",
                "eur",
                Some("even-history-user"),
                None,
            ))
            .await
            .expect("funding transfer");
    }
    let even: Vec<_> = client
        .users()
        .transactions("even-history-user", 3)
        .items()
        .try_collect()
        .await
        .expect("user history items");
    assert_eq!(even.len(), 6);

    let page = client
        .users()
        .transaction_page("history-user", 2, 5)
        .await
        .expect("one page");
    assert_eq!(page.transactions.len(), 2);

    // The partner's history contains these transfers and everything before them.
    let partner_items: Vec<_> = client
        .partner()
        .transactions(10)
        .items()
        .try_collect()
        .await
        .expect("partner history");
    let partner_ids: BTreeSet<&str> = partner_items.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(
        partner_ids.len(),
        partner_items.len(),
        "no duplicates across pages"
    );
    assert!(
        ids.is_subset(&partner_ids),
        "the user's transfers are in the partner's history"
    );
    let first = client
        .partner()
        .transaction_page(1, 100)
        .await
        .expect("partner page");
    if let Some(total) = first.total {
        assert_eq!(total, partner_items.len() as u64);
    }
}

fn jpeg_bytes() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(b"\0\x10JFIF\0");
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

fn png_bytes() -> Vec<u8> {
    b"\x89PNG\r\n\x1a\n\0\0\0\0IEND\xaeB`\x82".to_vec()
}

fn pdf_bytes() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec()
}
