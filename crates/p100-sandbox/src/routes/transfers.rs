//! Internal transfers, SEPA transfers and a user's SEPA deposit details.

use axum::extract::State;
use axum::response::Response;
use p100_raw::types::{
    PartnerSepaTransferRequest, SepaTransferCreated, TransferCreated, TransferRequest,
    UserSepaDepositInfo, UserSepaTransferRequest,
};
use rust_decimal::Decimal;

use super::partner::{BANK_ADDRESS, BANK_SWIFT};
use super::{created, ok};
use crate::app::SharedApp;
use crate::error::{ApiFailure, ApiResult};
use crate::extract::{ApiJson, ApiPath};
use crate::state::transfers::SepaOrder;
use crate::state::users::UserModel;
use crate::state::{Event, Owner};
use crate::validation::Checks;

/// Validates and runs an internal transfer (shared by `createTransfer` and
/// `createPartnerMasterTransfer`).
pub(crate) fn run_transfer(
    app: &SharedApp,
    source: Option<String>,
    destination: Option<String>,
    currency: &str,
    amount: Decimal,
) -> ApiResult<(String, Vec<Event>)> {
    let mut checks = Checks::new();
    let currency = checks.currency("currency", currency);
    let amount = checks.amount("amount", amount, currency);
    checks.finish()?;
    let (Some(currency), Some(amount)) = (currency, amount) else {
        return Err(ApiFailure::internal("validated transfer fields missing"));
    };
    app.state()
        .create_transfer(source, destination, currency, amount)
}

/// `createTransfer`
pub async fn create_transfer(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<TransferRequest>,
) -> ApiResult<Response> {
    let (transfer_id, events) = run_transfer(
        &app,
        request.source_external_user_id,
        request.destination_external_user_id,
        request.currency.as_str(),
        request.amount.0,
    )?;
    app.emit(events);
    Ok(created(TransferCreated { transfer_id }))
}

/// `getTransferDetails`
pub async fn transfer_details(
    State(app): State<SharedApp>,
    ApiPath(transfer_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().transfer_details(&transfer_id)?;
    Ok(ok(body))
}

/// Fields shared by the partner and user SEPA requests.
struct SepaFields {
    currency: String,
    amount: Decimal,
    destination_iban: String,
    transfer_title: String,
    receiver_type: Option<p100_raw::enums::ReceiverType>,
    receiver_first_name: Option<String>,
    receiver_last_name: Option<String>,
    company_name: Option<String>,
}

fn run_sepa_transfer(app: &SharedApp, owner: Owner, fields: SepaFields) -> ApiResult<Response> {
    let mut checks = Checks::new();
    checks.ensure(fields.currency.eq_ignore_ascii_case("eur"), || {
        "currency must be one of the following values: eur".to_string()
    });
    let eur = crate::catalog::currency("eur");
    let amount = checks.amount("amount", fields.amount, eur);
    checks.iban("destinationIban", &fields.destination_iban);
    checks.not_blank("transferTitle", &fields.transfer_title);
    checks.finish()?;
    let Some(amount) = amount else {
        return Err(ApiFailure::internal("validated amount missing"));
    };

    let order = SepaOrder {
        owner,
        amount,
        destination_iban: fields.destination_iban,
        transfer_title: fields.transfer_title,
        receiver_type: fields.receiver_type,
        receiver_first_name: fields.receiver_first_name,
        receiver_last_name: fields.receiver_last_name,
        company_name: fields.company_name,
    };
    let transfer_id = app.state().create_sepa_transfer(order)?;
    let id = transfer_id.clone();
    app.after_processing_delay(move |state| state.complete_sepa_transfer(&id));
    Ok(created(SepaTransferCreated { transfer_id }))
}

/// `createSepaTransfer`
pub async fn create_user_sepa_transfer(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<UserSepaTransferRequest>,
) -> ApiResult<Response> {
    let owner = Owner::User(request.source_external_user_id);
    let fields = SepaFields {
        currency: request.currency.as_str().to_string(),
        amount: request.amount.0,
        destination_iban: request.destination_iban.0,
        transfer_title: request.transfer_title,
        receiver_type: request.receiver_type,
        receiver_first_name: request.receiver_first_name,
        receiver_last_name: request.receiver_last_name,
        company_name: request.company_name,
    };
    run_sepa_transfer(&app, owner, fields)
}

/// `createPartnerSepaTransfer`
pub async fn create_partner_sepa_transfer(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<PartnerSepaTransferRequest>,
) -> ApiResult<Response> {
    let fields = SepaFields {
        currency: request.currency.as_str().to_string(),
        amount: request.amount.0,
        destination_iban: request.destination_iban.0,
        transfer_title: request.transfer_title,
        receiver_type: request.receiver_type,
        receiver_first_name: request.receiver_first_name,
        receiver_last_name: request.receiver_last_name,
        company_name: request.company_name,
    };
    run_sepa_transfer(&app, Owner::Partner, fields)
}

/// `getSepaTransferDetails`
pub async fn sepa_transfer_details(
    State(app): State<SharedApp>,
    ApiPath(transfer_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().sepa_transfer_details(&transfer_id)?;
    Ok(ok(body))
}

/// `getUserSepaDepositInfo`
pub async fn user_sepa_deposit_info(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
) -> ApiResult<Response> {
    let state = app.state();
    let user = state.user(&external_user_id)?;
    if user.model == UserModel::WithoutKyc {
        return Err(ApiFailure::validation(
            "Users created without KYC have no IBAN.",
        ));
    }
    let Some(iban) = user.account.iban.clone() else {
        return Err(ApiFailure::user_not_verified(&external_user_id));
    };
    Ok(ok(UserSepaDepositInfo {
        title: Some(user.sepa_reference.clone()),
        iban: Some(iban),
        swift: Some(BANK_SWIFT.to_string()),
        account_holder: Some(format!(
            "{} {}",
            user.profile.first_name, user.profile.last_name
        )),
        address: Some(BANK_ADDRESS.to_string()),
    }))
}
