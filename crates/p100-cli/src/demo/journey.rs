//! The steps of the demo: the partner journey through the SDK, one call per step.
//!
//! The journey stops at the first failed step, because each step needs the ones before it
//! (the user, the funds, the card). Webhooks are collected while it runs and checked at the
//! end against the kinds the steps should have triggered (see `webhooks.rs`).

use std::time::Duration;

use p100::enums::{
    Currency, DocumentType, Network, ReceiverType, UserStatus, WithdrawalWalletType,
};
use p100::types::{
    CountryCode, CreateUserRequest, SepaIban, TransferRequest, UserCryptoWithdrawalRequest,
    UserExchangeRequest, UserSepaTransferRequest, UserVerificationRequest,
};
use p100::upload::UploadFile;
use p100::webhook::{Event, WebhookKind};
use p100::{Amount, AmountNumber, Decimal, Pin};
use serde::Serialize;

use super::files;
use super::recorder::Recorder;
use super::webhooks::{Webhooks, check_webhooks, expect};
use crate::commands::cards::CardView;
use crate::commands::exchange::wait_for_exchange;
use crate::commands::kyc::UploadView;
use crate::commands::webhooks::Receiver;
use crate::commands::{Context, classify};
use crate::error::CliError;

/// EUR moved from the partner to the user.
const FUNDING_EUR: Decimal = Decimal::from_parts(200, 0, 0, false, 0);
/// EUR the user exchanges into USDT.
const EXCHANGE_EUR: Decimal = Decimal::from_parts(100, 0, 0, false, 0);
/// USDT the user withdraws: 25.5.
const WITHDRAWAL_USDT: Decimal = Decimal::from_parts(255, 0, 0, false, 1);
/// EUR the user sends by SEPA: 12.34.
const SEPA_EUR: Decimal = Decimal::from_parts(1234, 0, 0, false, 2);
/// A syntactically valid German test IBAN.
const DEMO_IBAN: &str = "DE89370400440532013000";
/// A syntactically valid Polygon address.
const DEMO_WALLET: &str = "0x52908400098527886E0F7030069857D2E4169EE7";
/// The demo card's PIN; shown nowhere, like every PIN.
const DEMO_PIN: &str = "2580";
/// How long the demo waits for the user to become active.
const ACTIVATION_TIMEOUT: Duration = Duration::from_secs(15);

/// Runs the journey, recording each step; stops at the first failure.
pub async fn run(
    context: &Context,
    recorder: &mut Recorder,
    receiver: Option<Receiver>,
    webhook_timeout: Duration,
) {
    let mut webhooks = receiver.map(Webhooks::new);
    let completed = steps(context, recorder, webhooks.as_mut()).await;
    if completed.is_none() {
        outln!("\nthe journey stopped at the failed step; later steps were not run");
    }
    if let Some(webhooks) = webhooks.as_mut() {
        let output = recorder.output();
        recorder
            .step(
                "receive the expected webhooks",
                check_webhooks(webhooks, webhook_timeout, output),
            )
            .await;
    }
}

/// Runs the journey steps in order; returns `None` when a step failed.
async fn steps(
    context: &Context,
    recorder: &mut Recorder,
    mut webhooks: Option<&mut Webhooks>,
) -> Option<()> {
    let client = &context.client;
    let user = format!("demo-{}", &super::sandbox::generate_token()[..12]);

    let request = demo_user(&user);
    recorder
        .step(format!("create user {user}"), async {
            client
                .users()
                .create(request)
                .await
                .map_err(|e| classify("create user", e))
        })
        .await?;

    let documents = vec![
        UploadFile::from_bytes("id-front.png", "image/png", files::png(32, 20)),
        UploadFile::from_bytes("id-back.pdf", "application/pdf", files::pdf("P100 demo ID")),
    ];
    recorder
        .step("upload KYC files (PNG and PDF made in memory)", async {
            let outcome = client.kyc().add_kyc_files(&user, documents).await;
            outcome
                .map(UploadView::from)
                .map_err(|e| classify("upload KYC files", e))
        })
        .await?;
    expect(&mut webhooks, WebhookKind::KycFileAdded);

    let verification = UserVerificationRequest {
        document_type: Some(DocumentType::IdCard),
        document_number: Some(String::from("ABC123456")),
    };
    recorder
        .step("verify the user", async {
            let result = client.kyc().add_verification(&user, verification).await;
            result.map_err(|e| classify("verify user", e))
        })
        .await?;
    expect(&mut webhooks, WebhookKind::UserBalanceGeneration);

    if let Some(webhooks) = webhooks.as_deref_mut() {
        let user_id = user.clone();
        recorder
            .step("wait for the user to become ACTIVE (webhook)", async {
                let is_active = |event: &Event| {
                    matches!(event, Event::UserBalanceGeneration(hook)
                        if hook.external_user_id == user_id && hook.status == UserStatus::Active)
                };
                if webhooks.wait_for(ACTIVATION_TIMEOUT, is_active).await {
                    return Ok(Status::new("ACTIVE"));
                }
                Err(CliError::Failed(format!(
                    "user {user_id} did not become ACTIVE within {} s",
                    ACTIVATION_TIMEOUT.as_secs()
                )))
            })
            .await?;
    }

    let funding = TransferRequest {
        amount: Amount(FUNDING_EUR),
        currency: Currency::Eur,
        source_external_user_id: None,
        destination_external_user_id: Some(user.clone()),
    };
    let transfer = recorder
        .step(format!("fund the user with {FUNDING_EUR} EUR"), async {
            client
                .transfers()
                .create(funding)
                .await
                .map_err(|e| classify("fund user", e))
        })
        .await?;
    expect(&mut webhooks, WebhookKind::Transfer);
    recorder
        .step("read the funding transfer", async {
            let details = client.transfers().details(&transfer.transfer_id).await;
            details.map_err(|e| classify("get transfer", e))
        })
        .await?;

    recorder
        .step("read the partner's balances", async {
            client
                .partner()
                .balances()
                .await
                .map_err(|e| classify("get partner balances", e))
        })
        .await?;
    recorder
        .step("read the user's balances", async {
            client
                .users()
                .balances(&user)
                .await
                .map_err(|e| classify("get user balances", e))
        })
        .await?;

    let lock = recorder
        .step(
            format!("lock a rate for {EXCHANGE_EUR} EUR to USDT"),
            async {
                let lock = client
                    .user_exchange()
                    .lock(&user, EXCHANGE_EUR, Currency::Eur, Currency::Usdt)
                    .await;
                lock.map_err(|e| classify("lock an exchange rate", e))
            },
        )
        .await?;
    let exchange = UserExchangeRequest {
        external_user_id: user.clone(),
        lock_id: lock.lock_id.clone(),
        currency_from: Currency::Eur,
        currency_to: Currency::Usdt,
        amount: AmountNumber(EXCHANGE_EUR),
    };
    let created = recorder
        .step("exchange at the locked rate", async {
            let created = client.user_exchange().exchange(exchange).await;
            created.map_err(|e| classify("create exchange", e))
        })
        .await?;
    expect(&mut webhooks, WebhookKind::Exchange);
    recorder
        .step(
            "wait for the exchange to complete",
            wait_for_exchange(context, true, &created.exchange_id, Duration::from_secs(60)),
        )
        .await?;

    recorder
        .step("read the USDT network fee on Polygon", async {
            let fee = client
                .crypto_withdrawals()
                .network_fee(Currency::Usdt, Network::Polygon)
                .await;
            fee.map_err(|e| classify("get network fee", e))
        })
        .await?;
    let withdrawal = UserCryptoWithdrawalRequest {
        source_external_user_id: user.clone(),
        amount: AmountNumber(WITHDRAWAL_USDT),
        currency: Currency::Usdt,
        network: Some(Network::Polygon),
        wallet_address: String::from(DEMO_WALLET),
        memo: None,
        name: String::from("Jan Kowalski"),
        receiver_type: ReceiverType::Natural,
        wallet_type: WithdrawalWalletType::NonCustodial,
    };
    recorder
        .step(format!("withdraw {WITHDRAWAL_USDT} USDT"), async {
            let created = client.crypto_withdrawals().create(withdrawal).await;
            created.map_err(|e| classify("create crypto withdrawal", e))
        })
        .await?;
    expect(&mut webhooks, WebhookKind::CryptoWithdrawal);

    let sepa = UserSepaTransferRequest {
        source_external_user_id: user.clone(),
        amount: Amount(SEPA_EUR),
        currency: Currency::Eur,
        destination_iban: SepaIban(String::from(DEMO_IBAN)),
        transfer_title: String::from("P100 demo payout"),
        receiver_type: Some(ReceiverType::Natural),
        receiver_first_name: Some(String::from("Anna")),
        receiver_last_name: Some(String::from("Schmidt")),
        company_name: None,
    };
    recorder
        .step(format!("send {SEPA_EUR} EUR by SEPA"), async {
            client
                .sepa()
                .create(sepa)
                .await
                .map_err(|e| classify("create SEPA transfer", e))
        })
        .await?;
    expect(&mut webhooks, WebhookKind::SepaTransfer);

    let pin = Pin::new(DEMO_PIN).ok()?;
    let card = recorder
        .step("issue a virtual card", async {
            let card = client
                .cards()
                .create_virtual(&user, "Demo card", &pin)
                .await;
            card.map(|card| CardView::from(&card))
                .map_err(|e| classify("create card", e))
        })
        .await?;
    expect(&mut webhooks, WebhookKind::CardActivationCode);
    let card_id = card.card_id.unwrap_or_default();
    recorder
        .step("block the card", async {
            client
                .cards()
                .block(&user, &card_id)
                .await
                .map_err(|e| classify("block card", e))
        })
        .await?;
    recorder
        .step("read the card's status", async {
            let details = client.cards().details(&user, &card_id).await;
            details
                .map(|details| CardView::from_details(&card_id, &details))
                .map_err(|e| classify("get card details", e))
        })
        .await?;

    recorder
        .step("read the user's balances after the journey", async {
            let balances = client.users().balances(&user).await;
            balances.map_err(|e| classify("get user balances", e))
        })
        .await?;
    Some(())
}

/// Builds the demo user's KYC data.
fn demo_user(user: &str) -> CreateUserRequest {
    CreateUserRequest {
        external_user_id: user.to_string(),
        email: format!("{user}@example.com"),
        first_name: String::from("Jan"),
        last_name: String::from("Kowalski"),
        phone: String::from("48500100200"),
        country: CountryCode(String::from("PL")),
        citizenship: CountryCode(String::from("PL")),
        nationality: Some(CountryCode(String::from("PL"))),
        city: String::from("Warsaw"),
        post_code: String::from("00-001"),
        street: Some(String::from("Marszalkowska")),
        number: Some(String::from("1")),
        address: None,
        birth_country: Some(CountryCode(String::from("PL"))),
        birth_date: chrono::NaiveDate::from_ymd_opt(1990, 5, 15),
        has_accepted_p100_tc: Some(true),
        document_number: None,
        document_type: None,
        user_identification_number: None,
    }
}

/// A one-field result for steps that only wait.
#[derive(Debug, Serialize)]
struct Status {
    status: &'static str,
}

impl Status {
    fn new(status: &'static str) -> Self {
        Self { status }
    }
}
