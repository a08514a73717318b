//! Conformance of the SDK's requests and response parsing, checked by an independent
//! implementation of the spec: a Prism mock server (`prism mock spec/p100.yaml --errors`).
//!
//! Every operation is called once through the SDK's area methods. Prism validates each
//! request against the spec (path, query, headers, security, body) and returns 422 with an
//! `sl-violations` header for an invalid one, or 401 when the API key is missing. For a valid
//! request it returns the spec's example of the first success response, which the SDK must
//! parse into its typed result.
//!
//! The test runs only when `P100_PRISM_URL` points at a running Prism; the check script
//! `scripts/checks/50-prism.sh` installs Prism, starts it and sets that variable.

mod e2e_support;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use p100::enums::{Currency, Network};
use p100::upload::{UploadFile, UploadOutcome};
use p100::{Decimal, Pin};
use p100_workspace_tests::prism::{RecordingProxy, operation_for};

use e2e_support as support;

/// Operations called so far and the failures found, by operation id.
#[derive(Default)]
struct Report {
    called: Vec<&'static str>,
    failures: Vec<String>,
}

impl Report {
    /// Records the result of calling `operation_id`: an SDK error is a failure.
    fn record<T: Debug>(
        &mut self,
        operation_id: &'static str,
        result: p100::Result<T>,
    ) -> Option<T> {
        self.called.push(operation_id);
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.failures.push(format!(
                    "{operation_id}: the SDK returned an error (status {:?}): {error}",
                    error.status()
                ));
                None
            }
        }
    }

    /// Records a failed expectation about a parsed response.
    fn expect(&mut self, operation_id: &str, condition: bool, description: &str) {
        if !condition {
            self.failures.push(format!("{operation_id}: {description}"));
        }
    }
}

fn non_upload_operations() -> BTreeSet<&'static str> {
    p100::operations::OPERATIONS
        .iter()
        .filter(|operation| !operation.upload)
        .map(|operation| operation.operation_id)
        .collect()
}

#[tokio::test]
async fn sdk_requests_pass_prism_validation() {
    let Ok(prism_url) = std::env::var("P100_PRISM_URL") else {
        eprintln!(
            "skipped: P100_PRISM_URL is not set; run scripts/checks/50-prism.sh to start Prism \
             and run this test"
        );
        return;
    };
    let proxy = RecordingProxy::spawn(&prism_url)
        .await
        .expect("the recording proxy starts");
    let client = support::client(&proxy.base_url(), "prism-api-key");
    let mut report = Report::default();

    call_partner_and_users(&client, &mut report).await;
    call_kyc_and_exchange(&client, &mut report).await;
    call_money_movement(&client, &mut report).await;
    call_cards_orders_and_links(&client, &mut report).await;
    let uploads_called = call_uploads(&client, &mut report).await;

    // Every non-upload operation of the spec was called exactly once through the SDK, so a
    // new operation in the spec makes this test fail until it gets a call here.
    let expected = non_upload_operations();
    let mut called_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for operation_id in report
        .called
        .iter()
        .filter(|id| !uploads_called.contains(*id))
    {
        *called_counts.entry(operation_id).or_default() += 1;
    }
    let repeated: Vec<_> = called_counts
        .iter()
        .filter(|(_, count)| **count > 1)
        .collect();
    assert!(
        repeated.is_empty(),
        "operations called more than once: {repeated:?}"
    );
    let called: BTreeSet<&str> = called_counts.keys().copied().collect();
    assert_eq!(
        called.len(),
        expected.len(),
        "number of operations called differs from the non-upload operations of the spec; \
         missing: {:?}, unknown: {:?}",
        expected.difference(&called).collect::<Vec<_>>(),
        called.difference(&expected).collect::<Vec<_>>()
    );
    assert_eq!(called, expected);

    // What Prism saw: one request per call, each to the operation the SDK method names,
    // each accepted without any violation.
    let exchanges = proxy.exchanges();
    assert_eq!(
        exchanges.len(),
        report.called.len(),
        "Prism received {} requests for {} SDK calls",
        exchanges.len(),
        report.called.len()
    );
    let mut seen_by_prism = BTreeSet::new();
    for exchange in &exchanges {
        let Some(operation) = operation_for(&exchange.method, &exchange.path) else {
            report.failures.push(format!(
                "{} {} matches no operation of the spec",
                exchange.method, exchange.path
            ));
            continue;
        };
        seen_by_prism.insert(operation.operation_id);
        if operation.upload && only_multipart_array_violation(exchange.violations.as_deref()) {
            println!(
                "{}: Prism cannot read repeated multipart parts as an array (HTTP {}); \
                 the rest of the request passed",
                operation.operation_id, exchange.status
            );
            continue;
        }
        if !(200..300).contains(&exchange.status) {
            report.failures.push(format!(
                "{} ({} {}): Prism returned HTTP {}",
                operation.operation_id, exchange.method, exchange.path, exchange.status
            ));
        }
        if let Some(violations) = &exchange.violations {
            report.failures.push(format!(
                "{} ({} {}): Prism reported violations: {violations}",
                operation.operation_id, exchange.method, exchange.path
            ));
        }
    }
    let called_all: BTreeSet<&str> = report.called.iter().copied().collect();
    assert_eq!(
        seen_by_prism, called_all,
        "operations Prism saw differ from those called"
    );

    assert!(
        report.failures.is_empty(),
        "{} problems:\n{}",
        report.failures.len(),
        report.failures.join("\n")
    );
    println!(
        "Prism validated {} requests covering {} operations ({} non-upload, uploads: {:?})",
        exchanges.len(),
        called_all.len(),
        expected.len(),
        uploads_called
    );
}

async fn call_partner_and_users(client: &p100::Client, report: &mut Report) {
    let partner = client.partner();
    if let Some(balances) = report.record("getPartnerBalances", partner.balances().await) {
        report.expect(
            "getPartnerBalances",
            !balances.fiat_balances.is_empty() && !balances.crypto_balances.is_empty(),
            "the example has fiat and crypto balances",
        );
    }
    if let Some(page) = report.record(
        "getPartnerTransactionHistory",
        partner.transaction_page(1, 50).await,
    ) {
        report.expect(
            "getPartnerTransactionHistory",
            page.page.get() == 1,
            "the example is page 1",
        );
    }
    let wallet = partner
        .create_wallet(support::partner_wallet("usdc", "polygon"))
        .await;
    if let Some(wallet) = report.record("createPartnerWallet", wallet) {
        report.expect(
            "createPartnerWallet",
            !wallet.wallet.is_empty(),
            "the wallet address is not empty",
        );
    }
    let master = partner
        .master_transfer(support::master_transfer("100", "eur", Some("user-1"), None))
        .await;
    report.record("createPartnerMasterTransfer", master);
    report.record(
        "getPartnerSepaDepositInfo",
        partner.sepa_deposit_info().await,
    );
    report.record(
        "getPartnerSepaDepositContactList",
        partner.sepa_deposit_contacts(Some("user-1")).await,
    );

    let users = client.users();
    let created = users.create(support::create_user("user-1")).await;
    if let Some(created) = report.record("createUser", created) {
        report.expect("createUser", !created.user_id.is_empty(), "userId is set");
    }
    let created = users
        .create_without_kyc(support::create_user_without_kyc("user-2"))
        .await;
    report.record("createUserWithoutKyc", created);
    let extend = users
        .extend("user-1", support::body(serde_json::json!({})))
        .await;
    report.record("extendUser", extend);
    let update = users
        .update("user-1", support::update_user("new@example.com"))
        .await;
    report.record("updateUser", update);
    report.record("suspendUser", users.suspend("user-1").await);
    report.record("unsuspendUser", users.unsuspend("user-1").await);
    report.record("getUserBalances", users.balances("user-1").await);
    report.record(
        "getUserTransactionHistory",
        users.transaction_page("user-1", 2, 10).await,
    );
    report.record("deleteUser", users.delete("user-2").await);
}

async fn call_kyc_and_exchange(client: &p100::Client, report: &mut Report) {
    let kyc = client.kyc();
    let verification = kyc
        .add_verification("user-1", support::user_verification())
        .await;
    report.record("addUserVerification", verification);
    let created = kyc
        .create_verification(support::kyc_verification("user-1"))
        .await;
    report.record("createKycVerification", created);
    report.record("getKycStatus", kyc.status("user-1").await);
    if let Some(page) = report.record(
        "getKycVerificationPage",
        kyc.verification_page("user-1", "verification-1").await,
    ) {
        report.expect(
            "getKycVerificationPage",
            !page.trim().is_empty(),
            "the verification page has content",
        );
    }

    let amount = Decimal::new(105, 1); // 10.5
    let exchange = client.exchange();
    report.record("getPartnerExchangeRates", exchange.rates().await);
    let lock = exchange.lock(amount, Currency::Eth, Currency::Eur).await;
    if let Some(lock) = report.record("createPartnerExchangeLock", lock) {
        report.expect(
            "createPartnerExchangeLock",
            !lock.lock_id.is_empty(),
            "lockId is set",
        );
    }
    let request = support::body(serde_json::json!({
        "amount": "10.5",
        "currencyFrom": "eth",
        "currencyTo": "eur",
        "lockId": "ee7b2f0f-0ffb-4fce-8fb3-66db2ca1f461"
    }));
    report.record("createPartnerExchange", exchange.exchange(request).await);
    report.record(
        "getPartnerExchangeDetails",
        exchange
            .details("3f0aeaa7-1177-4d77-9985-0cb987809801")
            .await,
    );

    let user_exchange = client.user_exchange();
    report.record("getUserExchangeRates", user_exchange.rates().await);
    let lock = user_exchange
        .lock("user-1", amount, Currency::Usdt, Currency::Eur)
        .await;
    report.record("createUserExchangeLock", lock);
    let request = support::body(serde_json::json!({
        "externalUserId": "user-1",
        "amount": "10.5",
        "currencyFrom": "usdt",
        "currencyTo": "eur",
        "lockId": "67f4f364-e6f4-4b93-8b71-1576cbc50e0b"
    }));
    report.record("createUserExchange", user_exchange.exchange(request).await);
    report.record(
        "getUserExchangeDetails",
        user_exchange
            .details("3f0aeaa7-1177-4d77-9985-0cb987809801")
            .await,
    );
}

async fn call_money_movement(client: &p100::Client, report: &mut Report) {
    let deposits = client.crypto_deposits();
    let travel_rule = deposits
        .update_travel_rule(
            "facc5951-bdc8-46bc-a01c-9b36f25be6af",
            support::travel_rule(Some("user-1")),
        )
        .await;
    report.record("updateTravelRule", travel_rule);

    let withdrawals = client.crypto_withdrawals();
    if let Some(fee) = report.record(
        "getNetworkFee",
        withdrawals
            .network_fee(Currency::Usdt, Network::Polygon)
            .await,
    ) {
        report.expect(
            "getNetworkFee",
            !fee.network_fee.0.is_sign_negative(),
            "the network fee is not negative",
        );
    }
    let request =
        support::user_withdrawal("user-1", "usdc", "polygon", "25.5", support::EVM_ADDRESS);
    report.record("createCryptoWithdrawal", withdrawals.create(request).await);
    report.record(
        "getCryptoWithdrawalDetails",
        withdrawals
            .details("3c0f1e5a-8d2b-4f4e-9a61-2b7d9c4e8f10")
            .await,
    );
    let request = support::partner_withdrawal("usdc", "polygon", "25.5", support::EVM_ADDRESS);
    report.record(
        "createPartnerCryptoWithdrawal",
        withdrawals.create_for_partner(request).await,
    );
    report.record(
        "getPartnerCryptoWithdrawalDetails",
        withdrawals
            .partner_details("3c0f1e5a-8d2b-4f4e-9a61-2b7d9c4e8f10")
            .await,
    );

    let transfers = client.transfers();
    let request = support::transfer("100", "eur", None, Some("user-1"));
    report.record("createTransfer", transfers.create(request).await);
    report.record(
        "getTransferDetails",
        transfers
            .details("7fb02323-969a-4936-94ea-86b8773ff1a2")
            .await,
    );

    let sepa = client.sepa();
    let request = support::user_sepa("user-1", "100", "Bank transfer");
    report.record("createSepaTransfer", sepa.create(request).await);
    let request = support::partner_sepa("100", "Invoice 123");
    report.record(
        "createPartnerSepaTransfer",
        sepa.create_for_partner(request).await,
    );
    report.record(
        "getSepaTransferDetails",
        sepa.details("7fb02323-969a-4936-94ea-86b8773ff1a2").await,
    );
    report.record(
        "getUserSepaDepositInfo",
        sepa.user_deposit_info("user-1").await,
    );
}

async fn call_cards_orders_and_links(client: &p100::Client, report: &mut Report) {
    let cards = client.cards();
    let pin = Pin::new("1234").expect("4 digits are a valid PIN");
    let card_id = "0f5c2b7e-3d1a-4c8e-9b6f-2a7d4e1c9b30";
    if let Some(card) = report.record(
        "createVirtualCard",
        cards.create_virtual("user-1", "Travel card", &pin).await,
    ) {
        report.expect(
            "createVirtualCard",
            !card.card_id.is_empty(),
            "cardId is set",
        );
    }
    report.record("listUserCards", cards.list("user-1").await);
    report.record("getCardDetails", cards.details("user-1", card_id).await);
    let new_pin = Pin::new("4321").expect("4 digits are a valid PIN");
    report.record(
        "updateCardPin",
        cards.update_pin("user-1", card_id, &new_pin).await,
    );
    report.record("blockCard", cards.block("user-1", card_id).await);
    report.record("unblockCard", cards.unblock("user-1", card_id).await);
    report.record("getCardLimits", cards.limits("user-1", card_id).await);
    report.record(
        "updateCardLimits",
        cards
            .update_limits(support::card_limits("user-1", card_id))
            .await,
    );
    report.record("deleteCard", cards.delete("user-1", card_id).await);

    let orders = client.orders();
    report.record("getOrderRates", orders.rates().await);
    let lock = orders
        .lock(support::order_lock("usdc", "polygon", "346.59"))
        .await;
    report.record("createOrderLock", lock);
    let order = orders
        .create(support::order("36e19a53-a1b4-499c-99f7-b7bfc6be87e4"))
        .await;
    report.record("createOrder", order);
    report.record("getOrderDetails", orders.details("order-1").await);

    let links = client.payment_links();
    report.record(
        "createPaymentLink",
        links.create(support::payment_link("25.00", "eur")).await,
    );
    report.record(
        "createHostedCheckout",
        links
            .create_hosted_checkout(support::hosted_checkout("25.00", "eur"))
            .await,
    );
    report.record(
        "getPaymentLinkDetails",
        links.details("payment-link-1").await,
    );
}

/// Calls the two multipart uploads and returns their operation ids.
///
/// Prism 5.16 validates `multipart/form-data` bodies, but it keeps only the last of several
/// parts with the same name, so the spec's `files` array always fails with "Request body
/// property files must be array" and Prism answers with the operation's 400 example. The
/// proxy check accepts exactly that violation for uploads; the path, the security scheme
/// and the content type are still validated. The SDK must turn that 400 into an error
/// with a status, not a panic or a decode failure. A 2xx from a later Prism version must
/// parse as an accepted upload.
async fn call_uploads(client: &p100::Client, report: &mut Report) -> BTreeSet<&'static str> {
    let kyc = client.kyc();
    let front = UploadFile::from_bytes("id-front.jpg", "image/jpeg", jpeg_bytes());
    let back = UploadFile::from_bytes("id-back.png", "image/png", png_bytes());
    let outcome = kyc.add_kyc_files("user-1", vec![front, back]).await;
    record_upload(report, "addKycFile", outcome);

    let bill = UploadFile::from_bytes("utility-bill.pdf", "application/pdf", pdf_bytes());
    let outcome = kyc.add_poa_files("user-1", vec![bill]).await;
    record_upload(report, "addPoaFile", outcome);
    BTreeSet::from(["addKycFile", "addPoaFile"])
}

fn record_upload(
    report: &mut Report,
    operation_id: &'static str,
    outcome: p100::Result<UploadOutcome>,
) {
    report.called.push(operation_id);
    match outcome {
        Ok(UploadOutcome::Accepted { .. } | UploadOutcome::Pending { .. }) => {}
        Ok(other) => report
            .failures
            .push(format!("{operation_id}: unexpected outcome {other:?}")),
        Err(error)
            if error
                .status()
                .is_some_and(|status| status.is_client_error()) => {}
        Err(error) => report.failures.push(format!(
            "{operation_id}: the SDK returned an error without a status: {error}"
        )),
    }
}

/// Returns true when `violations` (an `sl-violations` header) lists only Prism's failure to
/// read the multipart `files` parts as an array.
fn only_multipart_array_violation(violations: Option<&str>) -> bool {
    let Some(text) = violations else {
        return false;
    };
    let Ok(list) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return false;
    };
    !list.is_empty()
        && list.iter().all(|violation| {
            violation["location"] == serde_json::json!(["request", "body", "files"])
                && violation["code"] == "type"
        })
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
