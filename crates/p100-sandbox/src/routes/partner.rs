//! Partner operations: balances, transaction history, deposit addresses, master-balance
//! transfers and SEPA deposit details.

use axum::extract::State;
use axum::response::Response;
use p100_raw::enums::Currency;
use p100_raw::types::{
    PartnerMasterTransferCreated, PartnerMasterTransferRequest, PartnerSepaDepositContactList,
    PartnerSepaDepositInfo, PartnerWallet, PartnerWalletRequest,
};

use super::{created, ok, paging};
use crate::app::SharedApp;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::history::HistoryFilter;
use crate::validation::Checks;

/// SWIFT code of the bank of the sandbox's IBANs, as in the docs example.
pub(crate) const BANK_SWIFT: &str = "BZENLT22";
/// Address of the account holder shown in SEPA deposit details.
pub(crate) const BANK_ADDRESS: &str = "Połonińska 19";

/// `getPartnerBalances`
pub async fn balances(State(app): State<SharedApp>) -> Response {
    let body = app.state().partner.to_balances();
    ok(body)
}

/// `getPartnerTransactionHistory`
pub async fn transactions(State(app): State<SharedApp>, query: ApiQuery) -> ApiResult<Response> {
    let (page, limit) = paging(&query)?;
    let body = app
        .state()
        .history
        .page(HistoryFilter::Partner, page, limit);
    Ok(ok(body))
}

/// `createPartnerWallet`
pub async fn create_wallet(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<PartnerWalletRequest>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    let currency = checks.crypto_currency("currency", request.currency.as_str());
    let network = currency.and_then(|currency| {
        checks.network(
            "network",
            currency,
            request.network.as_ref().map(|network| network.as_str()),
        )
    });
    checks.finish()?;
    let (Some(currency), Some(network)) = (currency, network) else {
        return Err(crate::error::ApiFailure::internal(
            "validated currency missing",
        ));
    };

    let wallet = app.state().partner.wallet(currency);
    Ok(ok(PartnerWallet {
        wallet,
        currency: Some(Currency::from(currency.code)),
        network: Some(network.key.into()),
    }))
}

/// `createPartnerMasterTransfer`
pub async fn create_master_transfer(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<PartnerMasterTransferRequest>,
) -> ApiResult<Response> {
    let (transfer_id, events) = super::transfers::run_transfer(
        &app,
        request.source_external_user_id,
        request.destination_external_user_id,
        request.currency.as_str(),
        request.amount.0,
    )?;
    app.emit(events);
    Ok(created(PartnerMasterTransferCreated { transfer_id }))
}

/// `getPartnerSepaDepositInfo`
pub async fn sepa_deposit_info(State(app): State<SharedApp>) -> Response {
    let state = app.state();
    ok(PartnerSepaDepositInfo {
        title: state.partner_sepa_reference.clone(),
        iban: state.partner.iban.clone().unwrap_or_default(),
        swift: BANK_SWIFT.to_string(),
        account_holder: "P100 sp. z o.o.".to_string(),
        address: BANK_ADDRESS.to_string(),
    })
}

/// `getPartnerSepaDepositContactList`
pub async fn sepa_contacts(State(app): State<SharedApp>, query: ApiQuery) -> ApiResult<Response> {
    let state = app.state();
    let user = query.get("externalUserId");
    if let Some(id) = user {
        state.user(id)?;
    }
    let contacts = state
        .contacts
        .iter()
        .filter(|contact| contact.external_user_id.as_deref() == user)
        .cloned()
        .collect();
    Ok(ok(PartnerSepaDepositContactList { contacts }))
}
