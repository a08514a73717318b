//! The HTTP surface: every operation of `spec/p100.yaml` under `/v1`, the sandbox's own
//! admin routes under `/sandbox`, and the layers around them.

mod admin;
mod cards;
mod crypto;
mod exchange;
mod kyc;
mod orders;
mod partner;
mod transfers;
mod users;

use std::num::NonZeroU64;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use serde::Serialize;
use tower_http::catch_panic::CatchPanicLayer;

use crate::app::SharedApp;
use crate::error::{ApiFailure, ApiResult};
use crate::extract::ApiQuery;
use crate::middleware;
use crate::validation::Checks;

/// Builds the router with every route and layer.
pub fn router(app: SharedApp) -> Router {
    let api = Router::new()
        .route("/v1/partner/balances", get(partner::balances))
        .route("/v1/partner/transactions", get(partner::transactions))
        .route("/v1/partner/wallet", post(partner::create_wallet))
        .route(
            "/v1/partner/transfer",
            post(partner::create_master_transfer),
        )
        .route(
            "/v1/partner/sepa-deposit/info",
            get(partner::sepa_deposit_info),
        )
        .route(
            "/v1/partner/sepa-deposit/contact-list",
            get(partner::sepa_contacts),
        )
        .route("/v1/partner/exchange/get-rate", get(exchange::rates))
        .route(
            "/v1/partner/exchange/get-lock",
            get(exchange::create_partner_lock),
        )
        .route(
            "/v1/partner/exchange",
            post(exchange::create_partner_exchange),
        )
        .route(
            "/v1/partner/exchange/details/{exchange_id}",
            get(exchange::partner_details),
        )
        .route("/v1/exchange/get-rate", get(exchange::rates))
        .route("/v1/exchange/get-lock", get(exchange::create_user_lock))
        .route("/v1/exchange", post(exchange::create_user_exchange))
        .route(
            "/v1/exchange/details/{exchange_id}",
            get(exchange::user_details),
        )
        .route(
            "/v1/user/balances/crypto-and-fiat",
            post(users::create_user),
        )
        .route(
            "/v1/user/balances/crypto",
            post(users::create_user_without_kyc),
        )
        .route(
            "/v1/user/kyc-files/{external_user_id}",
            post(kyc::add_kyc_files).layer(kyc::upload_body_limit()),
        )
        .route(
            "/v1/user/poa-files/{external_user_id}",
            post(kyc::add_poa_files).layer(kyc::upload_body_limit()),
        )
        .route(
            "/v1/user/verification/{external_user_id}",
            post(kyc::add_user_verification),
        )
        .route(
            "/v1/user/extend/{external_user_id}",
            post(users::extend_user),
        )
        .route(
            "/v1/user/{external_user_id}",
            patch(users::update_user).delete(users::delete_user),
        )
        .route(
            "/v1/user/suspend/{external_user_id}",
            patch(users::suspend_user),
        )
        .route(
            "/v1/user/unsuspend/{external_user_id}",
            patch(users::unsuspend_user),
        )
        .route("/v1/user/balances/{external_user_id}", get(users::balances))
        .route(
            "/v1/user/transactions/{external_user_id}",
            get(users::transactions),
        )
        .route("/v1/kyc", post(kyc::create_verification))
        .route("/v1/kyc/status/{external_user_id}", get(kyc::status))
        .route(
            "/v1/crypto-deposit/update-travel-rule/{crypto_deposit_id}",
            patch(crypto::update_travel_rule),
        )
        .route(
            "/v1/crypto-withdrawal/get-network-fee",
            get(crypto::network_fee),
        )
        .route(
            "/v1/crypto-withdrawal",
            post(crypto::create_user_withdrawal),
        )
        .route(
            "/v1/crypto-withdrawal/details/{withdrawal_id}",
            get(crypto::user_withdrawal_details),
        )
        .route(
            "/v1/partner/crypto-withdrawal",
            post(crypto::create_partner_withdrawal),
        )
        .route(
            "/v1/partner/crypto-withdrawal/details/{withdrawal_id}",
            get(crypto::partner_withdrawal_details),
        )
        .route("/v1/transfer", post(transfers::create_transfer))
        .route(
            "/v1/transfer/details/{transfer_id}",
            get(transfers::transfer_details),
        )
        .route(
            "/v1/sepa-transfer",
            post(transfers::create_user_sepa_transfer),
        )
        .route(
            "/v1/partner/sepa-transfer",
            post(transfers::create_partner_sepa_transfer),
        )
        .route(
            "/v1/sepa-transfer/details/{transfer_id}",
            get(transfers::sepa_transfer_details),
        )
        .route(
            "/v1/sepa-deposit/info/{external_user_id}",
            get(transfers::user_sepa_deposit_info),
        )
        .route("/v1/card/virtual", post(cards::create_card))
        .route("/v1/card/all/{external_user_id}", get(cards::list_cards))
        .route(
            "/v1/card/details/{external_user_id}/{card_id}",
            get(cards::card_details),
        )
        .route("/v1/card/pin", patch(cards::update_pin))
        .route("/v1/card/block", patch(cards::block_card))
        .route("/v1/card/unblock", patch(cards::unblock_card))
        .route(
            "/v1/card/limits/{external_user_id}/{card_id}",
            get(cards::card_limits),
        )
        .route("/v1/card/limits", patch(cards::update_limits))
        .route("/v1/card", delete(cards::delete_card))
        .route("/v1/order/rates", get(orders::rates))
        .route("/v1/order/lock-rate", post(orders::create_lock))
        .route("/v1/order", post(orders::create_order))
        .route("/v1/order/details/{order_id}", get(orders::order_details))
        .route("/v1/payment-link", post(orders::create_payment_link))
        .route(
            "/v1/payment-link/hosted-checkout",
            post(orders::create_hosted_checkout),
        )
        .route(
            "/v1/payment-link/details/{payment_link_id}",
            get(orders::payment_link_details),
        )
        .merge(admin::routes())
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            middleware::require_api_key,
        ));

    // Browser pages carry no API key: the hosted verification page (its operation has an
    // empty `security` list) and the sandbox's checkout page.
    let public = Router::new()
        .route(
            "/v1/kyc/verification/{external_user_id}/{verification_id}",
            get(kyc::verification_page),
        )
        .route(
            "/sandbox/checkout/{payment_link_id}",
            get(orders::checkout_page),
        );

    api.merge(public)
        .fallback(middleware::unknown_route)
        .method_not_allowed_fallback(middleware::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            middleware::rate_limit,
        ))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            middleware::log_request,
        ))
        .with_state(app)
}

/// 200 with a JSON body.
pub(crate) fn ok<T: Serialize>(body: T) -> Response {
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// 201 with a JSON body.
pub(crate) fn created<T: Serialize>(body: T) -> Response {
    (StatusCode::CREATED, axum::Json(body)).into_response()
}

/// Builds an open-object body (the spec's `additionalProperties: true` results).
pub(crate) fn object(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// Reads the `page` (at least 1, default 1) and `limit` (1 to 100, default 50) parameters.
pub(crate) fn paging(query: &ApiQuery) -> ApiResult<(NonZeroU64, NonZeroU64)> {
    let mut checks = Checks::new();
    let page = integer_parameter(&mut checks, query, "page", 1, u64::MAX, 1);
    let limit = integer_parameter(&mut checks, query, "limit", 1, 100, 50);
    checks.finish()?;
    match (NonZeroU64::new(page), NonZeroU64::new(limit)) {
        (Some(page), Some(limit)) => Ok((page, limit)),
        _ => Err(ApiFailure::validation("page and limit must be at least 1.")),
    }
}

fn integer_parameter(
    checks: &mut Checks,
    query: &ApiQuery,
    name: &str,
    min: u64,
    max: u64,
    default: u64,
) -> u64 {
    let Some(text) = query.get(name) else {
        return default;
    };
    match text.parse::<u64>() {
        Ok(value) if (min..=max).contains(&value) => value,
        _ if max == u64::MAX => {
            checks.fail(format!("{name} must be an integer of at least {min}"));
            default
        }
        _ => {
            checks.fail(format!("{name} must be an integer from {min} to {max}"));
            default
        }
    }
}

/// Reads a required query parameter, recording a failure when it is missing.
pub(crate) fn required_parameter<'q>(
    checks: &mut Checks,
    query: &'q ApiQuery,
    name: &str,
) -> Option<&'q str> {
    let value = query.get(name);
    if value.is_none() {
        checks.fail(format!("{name} is required"));
    }
    value
}

#[cfg(test)]
mod tests;
