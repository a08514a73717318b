//! Sandbox-only routes under `/sandbox`, not part of the P100 API. They simulate incoming
//! crypto and SEPA deposits and card 3-D Secure codes, show the ledger that proves no money
//! was created or lost, and show what is stored about a user. They need the API key like
//! every `/v1` route.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use p100_raw::money::Amount;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{created, ok};
use crate::app::SharedApp;
use crate::error::{ApiFailure, ApiResult};
use crate::extract::{AdminJson, ApiPath};
use crate::state::Owner;
use crate::state::ledger::Flows;
use crate::state::users::{StoredFile, UserModel};
use crate::validation::Checks;

/// Routes of this module.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/sandbox/deposits", post(crypto_deposit))
        .route("/sandbox/sepa-deposits", post(sepa_deposit))
        .route("/sandbox/cards/3ds-code", post(three_ds_code))
        .route("/sandbox/ledger", get(ledger))
        .route("/sandbox/users/{external_user_id}", get(user_record))
}

fn owner_of(external_user_id: Option<String>) -> Owner {
    external_user_id.map_or(Owner::Partner, Owner::User)
}

/// Body of `POST /sandbox/deposits`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CryptoDepositRequest {
    /// Receiving user; the partner when absent.
    pub external_user_id: Option<String>,
    /// Crypto currency code.
    pub currency: String,
    /// Amount received.
    pub amount: Amount,
    /// Hold the deposit in `WAITING_FOR_TR_DATA` until Update Travel Rule (default true).
    #[serde(default = "default_true")]
    pub hold_for_travel_rule: bool,
}

fn default_true() -> bool {
    true
}

async fn crypto_deposit(
    State(app): State<SharedApp>,
    AdminJson(request): AdminJson<CryptoDepositRequest>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    let currency = checks.crypto_currency("currency", &request.currency);
    let amount = checks.amount("amount", request.amount.0, currency);
    checks.finish()?;
    let (Some(currency), Some(amount)) = (currency, amount) else {
        return Err(ApiFailure::internal("validated deposit fields missing"));
    };
    let owner = owner_of(request.external_user_id);
    let (body, events) = app.state().receive_crypto_deposit(
        owner,
        currency,
        amount,
        request.hold_for_travel_rule,
    )?;
    app.emit(events);
    Ok(created(body))
}

/// Body of `POST /sandbox/sepa-deposits`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SepaDepositRequest {
    /// Receiving user; the partner when absent.
    pub external_user_id: Option<String>,
    /// EUR amount received.
    pub amount: Amount,
    /// IBAN of the sender.
    pub sender_iban: String,
    /// Name of the sender.
    pub sender_name: String,
}

async fn sepa_deposit(
    State(app): State<SharedApp>,
    AdminJson(request): AdminJson<SepaDepositRequest>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    let amount = checks.amount("amount", request.amount.0, crate::catalog::currency("eur"));
    checks.iban("senderIban", &request.sender_iban);
    checks.not_blank("senderName", &request.sender_name);
    checks.finish()?;
    let Some(amount) = amount else {
        return Err(ApiFailure::internal("validated amount missing"));
    };
    let owner = owner_of(request.external_user_id);
    let (id, events) = app.state().receive_sepa_deposit(
        owner,
        amount,
        request.sender_iban,
        request.sender_name,
    )?;
    app.emit(events);
    Ok(created(json!({"id": id, "status": "SUCCESSFUL"})))
}

/// Body of `POST /sandbox/cards/3ds-code`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ThreeDsRequest {
    /// Card holder.
    pub external_user_id: String,
    /// Card paying.
    pub card_id: String,
}

async fn three_ds_code(
    State(app): State<SharedApp>,
    AdminJson(request): AdminJson<ThreeDsRequest>,
) -> ApiResult<Response> {
    let (code, events) = app
        .state()
        .three_ds_code(&request.external_user_id, &request.card_id)?;
    app.emit(events);
    Ok(ok(json!({"code": code})))
}

/// One currency of `GET /sandbox/ledger`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    /// Sum of the partner's and every user's balance.
    pub total: Decimal,
    /// Sum of all balances that the flows predict.
    pub expected: Decimal,
    /// The flows themselves.
    #[serde(flatten)]
    pub flows: Flows,
}

async fn ledger(State(app): State<SharedApp>) -> Response {
    let state = app.state();
    let mut currencies = BTreeMap::new();
    let mut consistent = true;
    for (code, flows) in state.ledger.all() {
        let accounts =
            std::iter::once(&state.partner).chain(state.users.values().map(|user| &user.account));
        let total: Decimal = accounts
            .flat_map(|account| account.entries().iter())
            .filter(|entry| entry.currency.code == *code)
            .map(|entry| entry.amount)
            .sum();
        let expected = flows.expected_total();
        consistent &= total == expected;
        currencies.insert(
            *code,
            LedgerEntry {
                total,
                expected,
                flows: flows.clone(),
            },
        );
    }
    ok(json!({"consistent": consistent, "currencies": currencies}))
}

fn files_json(files: &[StoredFile]) -> serde_json::Value {
    files
        .iter()
        .map(|file| json!({"name": file.name, "contentType": file.content_type, "size": file.size}))
        .collect()
}

/// `GET /sandbox/users/{externalUserId}`: what the sandbox stores about a user, for tests.
async fn user_record(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
) -> ApiResult<Response> {
    let state = app.state();
    let Some(user) = state.users.get(&external_user_id) else {
        return Err(ApiFailure::invalid_user(&external_user_id));
    };
    let verification = user.verification.as_ref().map(|verification| {
        json!({
            "verificationId": verification.id,
            "verificationStatus": verification.verification_status.as_str(),
            "attemptStatus": verification.attempt_status.as_str(),
        })
    });
    let model = match user.model {
        UserModel::Kyc => "KYC",
        UserModel::WithoutKyc => "WITHOUT_KYC",
    };
    Ok(ok(json!({
        "externalUserId": user.external_user_id,
        "userId": user.user_id,
        "model": model,
        "status": user.status.as_str(),
        "extended": user.extended,
        "createdAt": user.created_at.to_rfc3339(),
        "kycFiles": files_json(&user.kyc_files),
        "poaFiles": files_json(&user.poa_files),
        "poaStatus": user.poa_status.as_ref().map(|status| status.as_str()),
        "verification": verification,
    })))
}
