//! Orders with their rate locks, payment links, hosted checkouts and the sandbox's checkout
//! page.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use p100_raw::types::{
    HostedCheckoutRequest, OrderCreated, OrderLockRequest, OrderRates, OrderRequest,
    PaymentLinkRequest,
};

use super::exchange::rate_map;
use super::ok;
use crate::app::SharedApp;
use crate::error::{ApiFailure, ApiResult};
use crate::extract::{ApiJson, ApiPath};
use crate::validation::Checks;

/// `getOrderRates`
pub async fn rates() -> Response {
    ok(OrderRates(rate_map()))
}

/// `createOrderLock`
pub async fn create_lock(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<OrderLockRequest>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    let currency = checks.crypto_currency("currency", request.currency.as_str());
    let network = currency
        .and_then(|currency| checks.network("network", currency, Some(request.network.as_str())));
    let eur = crate::catalog::currency("eur");
    let amount = checks.amount("amount", request.amount.0, eur);
    checks.finish()?;
    let (Some(currency), Some(network), Some(amount)) = (currency, network, amount) else {
        return Err(ApiFailure::internal("validated order lock fields missing"));
    };

    let ttl = app.lock_ttl();
    let body = app
        .state()
        .create_order_lock(currency, network, amount, ttl)?;
    Ok(ok(body))
}

/// `createOrder`
pub async fn create_order(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<OrderRequest>,
) -> ApiResult<Response> {
    let order_id = app.state().create_order(&request.lock_id)?;
    let id = order_id.clone();
    app.after_processing_delay(move |state| state.assign_order_wallet(&id));
    Ok(ok(OrderCreated { order_id }))
}

/// `getOrderDetails`
pub async fn order_details(
    State(app): State<SharedApp>,
    ApiPath(order_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().order_details(&order_id)?;
    Ok(ok(body))
}

/// `createPaymentLink`
pub async fn create_payment_link(
    State(app): State<SharedApp>,
    ApiJson(_request): ApiJson<PaymentLinkRequest>,
) -> Response {
    let body = app.state().create_payment_link(app.base_url());
    ok(body)
}

/// `createHostedCheckout`
pub async fn create_hosted_checkout(
    State(app): State<SharedApp>,
    ApiJson(_request): ApiJson<HostedCheckoutRequest>,
) -> Response {
    let body = app.state().create_payment_link(app.base_url());
    ok(body)
}

/// `getPaymentLinkDetails`
pub async fn payment_link_details(
    State(app): State<SharedApp>,
    ApiPath(payment_link_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().payment_link_details(&payment_link_id)?;
    Ok(ok(body))
}

/// Serves the page a payment link opens (sandbox only, no API key).
pub async fn checkout_page(
    State(app): State<SharedApp>,
    ApiPath(payment_link_id): ApiPath<String>,
) -> ApiResult<Response> {
    app.state().payment_link_details(&payment_link_id)?;
    let html = format!(
        "<!DOCTYPE html><html><head><title>Checkout</title></head>\
         <body><p>P100 sandbox checkout {payment_link_id}</p></body></html>"
    );
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}
