//! Exchange rates, rate locks and exchanges at partner and user level.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use p100_raw::money::Amount;
use p100_raw::types::{ExchangeCreated, ExchangeRates, ExchangeRequest, UserExchangeRequest};
use rust_decimal::Decimal;

use super::{ok, required_parameter};
use crate::app::SharedApp;
use crate::catalog::{CURRENCIES, CurrencyInfo};
use crate::error::{ApiFailure, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::state::Owner;
use crate::state::exchange::{ExchangeOrder, LockScope};
use crate::validation::{Checks, MAX_DECIMALS};

/// Builds the rates map: EUR value of one unit of every currency.
pub(crate) fn rate_map() -> BTreeMap<String, Amount> {
    CURRENCIES
        .iter()
        .map(|currency| (currency.code.to_string(), Amount(currency.eur_rate())))
        .collect()
}

/// `getPartnerExchangeRates` and `getUserExchangeRates`
pub async fn rates() -> Response {
    ok(ExchangeRates(rate_map()))
}

/// Returns true for a plain decimal with at most `max_decimals` places (`12`, `0.5`).
pub(crate) fn is_plain_decimal(text: &str, max_decimals: usize) -> bool {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    digits(whole)
        && fraction.is_none_or(|fraction| digits(fraction) && fraction.len() <= max_decimals)
}

/// Validated pair and amount of a lock request.
type LockRequest = (&'static CurrencyInfo, &'static CurrencyInfo, Decimal);

fn lock_request(query: &ApiQuery) -> ApiResult<LockRequest> {
    let mut checks = Checks::new();
    let from = required_parameter(&mut checks, query, "currencyFrom")
        .and_then(|code| checks.currency("currencyFrom", code));
    let to = required_parameter(&mut checks, query, "currencyTo")
        .and_then(|code| checks.currency("currencyTo", code));
    let amount = required_parameter(&mut checks, query, "amount").and_then(|text| {
        if !is_plain_decimal(text, MAX_DECIMALS as usize) {
            checks.fail(format!(
                "amount must be a decimal number with at most {MAX_DECIMALS} decimal places"
            ));
            return None;
        }
        let value = Decimal::from_str_exact(text).ok();
        if value.is_none() {
            checks.fail("amount is out of range");
        }
        value
    });
    let amount = amount.and_then(|value| checks.amount("amount", value, from));
    if let (Some(from), Some(to)) = (from, to) {
        checks.ensure(from.code != to.code, || {
            "currencyFrom and currencyTo must differ".to_string()
        });
    }
    checks.finish()?;
    match (from, to, amount) {
        (Some(from), Some(to), Some(amount)) => Ok((from, to, amount)),
        _ => Err(ApiFailure::internal("validated lock fields missing")),
    }
}

/// `createPartnerExchangeLock`
pub async fn create_partner_lock(
    State(app): State<SharedApp>,
    query: ApiQuery,
) -> ApiResult<Response> {
    let (from, to, amount) = lock_request(&query)?;
    let ttl = app.lock_ttl();
    let body = app
        .state()
        .create_lock(LockScope::Partner, from, to, amount, ttl)?;
    Ok(ok(body))
}

/// `createUserExchangeLock`
pub async fn create_user_lock(
    State(app): State<SharedApp>,
    query: ApiQuery,
) -> ApiResult<Response> {
    let (from, to, amount) = lock_request(&query)?;
    let user = query.get("externalUserId").map(str::to_string);
    let ttl = app.lock_ttl();
    let body = app
        .state()
        .create_lock(LockScope::User(user), from, to, amount, ttl)?;
    Ok(ok(body))
}

fn run_exchange(
    app: &SharedApp,
    owner: Owner,
    lock_id: &str,
    currency_from: &str,
    currency_to: &str,
    amount: Decimal,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    let from = checks.currency("currencyFrom", currency_from);
    let to = checks.currency("currencyTo", currency_to);
    let amount = checks.amount("amount", amount, from);
    checks.not_blank("lockId", lock_id);
    checks.finish()?;
    let (Some(from), Some(to), Some(amount)) = (from, to, amount) else {
        return Err(ApiFailure::internal("validated exchange fields missing"));
    };

    let order = ExchangeOrder {
        owner,
        lock_id,
        from,
        to,
        amount,
    };
    let exchange_id = app.state().create_exchange(order)?;
    let id = exchange_id.clone();
    app.after_processing_delay(move |state| state.complete_exchange(&id));
    Ok(ok(ExchangeCreated { exchange_id }))
}

/// `createPartnerExchange`
pub async fn create_partner_exchange(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<ExchangeRequest>,
) -> ApiResult<Response> {
    run_exchange(
        &app,
        Owner::Partner,
        &request.lock_id,
        request.currency_from.as_str(),
        request.currency_to.as_str(),
        request.amount.0,
    )
}

/// `createUserExchange`
pub async fn create_user_exchange(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<UserExchangeRequest>,
) -> ApiResult<Response> {
    run_exchange(
        &app,
        Owner::User(request.external_user_id),
        &request.lock_id,
        request.currency_from.as_str(),
        request.currency_to.as_str(),
        request.amount.0,
    )
}

/// `getPartnerExchangeDetails`
pub async fn partner_details(
    State(app): State<SharedApp>,
    ApiPath(exchange_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().exchange_details(&exchange_id, false)?;
    Ok(ok(body))
}

/// `getUserExchangeDetails`
pub async fn user_details(
    State(app): State<SharedApp>,
    ApiPath(exchange_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().exchange_details(&exchange_id, true)?;
    Ok(ok(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimal_matches_spec_pattern() {
        assert!(is_plain_decimal("10", 8));
        assert!(is_plain_decimal("0.12345678", 8));
        assert!(!is_plain_decimal("0.123456789", 8));
        assert!(!is_plain_decimal("1.", 8));
        assert!(!is_plain_decimal(".5", 8));
        assert!(!is_plain_decimal("-1", 8));
        assert!(!is_plain_decimal("1e5", 8));
        assert!(!is_plain_decimal(" 1", 8));
    }

    #[test]
    fn rate_map_has_every_currency() {
        let rates = rate_map();
        assert_eq!(rates.len(), CURRENCIES.len());
        assert_eq!(rates["eur"].0, Decimal::ONE);
    }
}
