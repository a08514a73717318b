//! Crypto deposits (Update Travel Rule), network fees and crypto withdrawals at partner and
//! user level.

use axum::extract::State;
use axum::response::Response;
use p100_raw::money::Amount;
use p100_raw::types::{
    CryptoWithdrawalCreated, NetworkFee, PartnerCryptoWithdrawalRequest, TravelRuleUpdate,
    TravelRuleUpdated, UserCryptoWithdrawalRequest,
};
use rust_decimal::Decimal;

use super::{ok, required_parameter};
use crate::app::SharedApp;
use crate::error::{ApiFailure, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::state::Owner;
use crate::state::withdrawals::{self, WithdrawalOrder};
use crate::validation::Checks;

/// `updateTravelRule`
pub async fn update_travel_rule(
    State(app): State<SharedApp>,
    ApiPath(crypto_deposit_id): ApiPath<String>,
    ApiJson(update): ApiJson<TravelRuleUpdate>,
) -> ApiResult<Response> {
    let events = app
        .state()
        .update_travel_rule(&crypto_deposit_id, &update)?;
    app.emit(events);
    Ok(ok(TravelRuleUpdated {
        message: Some("Travel rule data updated".to_string()),
    }))
}

/// `getNetworkFee`
pub async fn network_fee(query: ApiQuery) -> ApiResult<Response> {
    let mut checks = Checks::new();
    let currency = required_parameter(&mut checks, &query, "currency");
    checks.finish()?;
    let fee = withdrawals::network_fee(currency.unwrap_or_default(), query.get("network"))?;
    Ok(ok(NetworkFee {
        network_fee: Amount(fee),
    }))
}

/// Fields shared by the partner and user withdrawal requests.
struct WithdrawalFields<'a> {
    currency: &'a str,
    network: Option<&'a str>,
    amount: Decimal,
    wallet_address: String,
    name: &'a str,
}

fn run_withdrawal(
    app: &SharedApp,
    owner: Owner,
    fields: WithdrawalFields<'_>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    let currency = checks.crypto_currency("currency", fields.currency);
    let network = currency.and_then(|currency| checks.network("network", currency, fields.network));
    let amount = checks.amount("amount", fields.amount, currency);
    checks.not_blank("walletAddress", &fields.wallet_address);
    checks.not_blank("name", fields.name);
    checks.finish()?;
    let (Some(currency), Some(network), Some(amount)) = (currency, network, amount) else {
        return Err(ApiFailure::internal("validated withdrawal fields missing"));
    };

    let order = WithdrawalOrder {
        owner,
        currency,
        network,
        amount,
        wallet_address: fields.wallet_address,
    };
    let withdrawal_id = app.state().create_withdrawal(order)?;
    let id = withdrawal_id.clone();
    app.after_processing_delay(move |state| state.complete_withdrawal(&id));
    Ok(ok(CryptoWithdrawalCreated { withdrawal_id }))
}

/// `createCryptoWithdrawal`
pub async fn create_user_withdrawal(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<UserCryptoWithdrawalRequest>,
) -> ApiResult<Response> {
    let fields = WithdrawalFields {
        currency: request.currency.as_str(),
        network: request.network.as_ref().map(|network| network.as_str()),
        amount: request.amount.0,
        wallet_address: request.wallet_address.clone(),
        name: &request.name,
    };
    run_withdrawal(
        &app,
        Owner::User(request.source_external_user_id.clone()),
        fields,
    )
}

/// `createPartnerCryptoWithdrawal`
pub async fn create_partner_withdrawal(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<PartnerCryptoWithdrawalRequest>,
) -> ApiResult<Response> {
    let fields = WithdrawalFields {
        currency: request.currency.as_str(),
        network: request.network.as_ref().map(|network| network.as_str()),
        amount: request.amount.0,
        wallet_address: request.wallet_address.clone(),
        name: &request.name,
    };
    run_withdrawal(&app, Owner::Partner, fields)
}

/// `getCryptoWithdrawalDetails`
pub async fn user_withdrawal_details(
    State(app): State<SharedApp>,
    ApiPath(withdrawal_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().withdrawal_details(&withdrawal_id, true)?;
    Ok(ok(body))
}

/// `getPartnerCryptoWithdrawalDetails`
pub async fn partner_withdrawal_details(
    State(app): State<SharedApp>,
    ApiPath(withdrawal_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().withdrawal_details(&withdrawal_id, false)?;
    Ok(ok(body))
}
