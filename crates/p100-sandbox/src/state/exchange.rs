//! Exchange rate locks and exchanges, at partner and at user level.
//!
//! A lock fixes the rate, the amount received after the 1.49 % fee, and an expiry. An
//! exchange names a lock: it is checked against the lock, the source amount is debited at
//! once, and the conversion completes (or fails and is refunded) after a delay.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use p100_raw::enums::{Currency, ExchangeStatus, TransactionType};
use p100_raw::money::Amount;
use p100_raw::types::{ExchangeDetails, ExchangeLock, ExchangeWebhook, Timestamp};
use rust_decimal::Decimal;

use super::history::TransactionRecord;
use super::{Event, Owner, State, ids};
use crate::catalog::{self, CurrencyInfo};
use crate::error::{ApiFailure, ApiResult};

/// Accounts allowed to use a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockScope {
    /// Created by the partner lock call; only the partner exchange accepts it.
    Partner,
    /// Created by the user lock call, optionally for one user.
    User(Option<String>),
}

/// Price of converting an amount, fixed by a lock.
#[derive(Debug, Clone, Copy)]
pub struct Quote {
    /// Units of the target currency per unit of the source currency.
    pub rate: Decimal,
    /// Amount credited: the converted amount less the fee, rounded down to the target's
    /// decimals.
    pub received: Decimal,
    /// Exchange fee in the target currency.
    pub fee: Decimal,
}

/// Prices `amount` of `from` in `to` at the catalogue rates with the 1.49 % fee.
pub fn quote(from: &CurrencyInfo, to: &CurrencyInfo, amount: Decimal) -> ApiResult<Quote> {
    let rate = catalog::cross_rate(from, to);
    let overflow = || ApiFailure::internal("exchange amount out of range");
    let gross = to.round_down(amount.checked_mul(rate).ok_or_else(overflow)?);
    let kept = Decimal::ONE - catalog::decimal(catalog::EXCHANGE_FEE_RATE);
    let received = to.round_down(gross.checked_mul(kept).ok_or_else(overflow)?);
    Ok(Quote {
        rate,
        received,
        fee: gross - received,
    })
}

/// One exchange rate lock.
#[derive(Debug, Clone)]
pub struct RateLock {
    pub id: String,
    pub scope: LockScope,
    pub from: &'static CurrencyInfo,
    pub to: &'static CurrencyInfo,
    pub amount: Decimal,
    pub quote: Quote,
    pub expires: Instant,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

/// One exchange.
#[derive(Debug, Clone)]
pub struct ExchangeRecord {
    pub id: String,
    pub lock_id: String,
    pub owner: Owner,
    pub from: &'static CurrencyInfo,
    pub to: &'static CurrencyInfo,
    pub amount: Decimal,
    pub quote: Quote,
    pub status: ExchangeStatus,
    pub created_at: DateTime<Utc>,
}

impl ExchangeRecord {
    /// Builds the details body.
    pub fn to_details(&self) -> ExchangeDetails {
        ExchangeDetails {
            id: self.id.clone(),
            lock_id: Some(self.lock_id.clone()),
            status: self.status.clone(),
            amount: Some(Amount(self.amount)),
            currency_from: Some(Currency::from(self.from.code)),
            currency_to: Some(Currency::from(self.to.code)),
            rate: Some(Amount(self.quote.rate)),
            converted_amount: Some(Amount(self.quote.received)),
            fee: Some(Amount(self.quote.fee)),
            external_user_id: self.owner.external_user_id().map(str::to_string),
            created_at: Some(Timestamp(self.created_at)),
        }
    }
}

/// Validated fields of an exchange request.
#[derive(Debug, Clone)]
pub struct ExchangeOrder<'a> {
    pub owner: Owner,
    pub lock_id: &'a str,
    pub from: &'static CurrencyInfo,
    pub to: &'static CurrencyInfo,
    pub amount: Decimal,
}

impl State {
    /// Creates a lock valid for `ttl`.
    pub fn create_lock(
        &mut self,
        scope: LockScope,
        from: &'static CurrencyInfo,
        to: &'static CurrencyInfo,
        amount: Decimal,
        ttl: Duration,
    ) -> ApiResult<ExchangeLock> {
        if let LockScope::User(Some(external_user_id)) = &scope {
            self.user(external_user_id)?;
        }
        let quote = quote(from, to, amount)?;
        if quote.received <= Decimal::ZERO {
            return Err(ApiFailure::validation(format!(
                "amount is too small: {amount} {} buys less than the smallest unit of {}.",
                from.code, to.code
            )));
        }
        let expires_at = Utc::now() + chrono::Duration::from_std(ttl).unwrap_or_default();
        let lock = RateLock {
            id: ids::new_id(),
            scope,
            from,
            to,
            amount,
            quote,
            expires: Instant::now() + ttl,
            expires_at,
            used: false,
        };
        let body = ExchangeLock {
            lock_id: lock.id.clone(),
            currency_from: Some(Currency::from(from.code)),
            currency_to: Some(Currency::from(to.code)),
            amount: Some(Amount(amount)),
            rate: Some(Amount(quote.rate)),
            converted_amount: Some(Amount(quote.received)),
            expires_at: Some(Timestamp(expires_at)),
        };
        self.locks.insert(lock.id.clone(), lock);
        Ok(body)
    }

    fn usable_lock(&self, order: &ExchangeOrder<'_>) -> ApiResult<&RateLock> {
        let Some(lock) = self.locks.get(order.lock_id) else {
            return Err(ApiFailure::validation(format!(
                "lockId {:?} does not exist; create a lock first.",
                order.lock_id
            )));
        };
        let scope_ok = match (&lock.scope, &order.owner) {
            (LockScope::Partner, Owner::Partner) => true,
            (LockScope::User(None), Owner::User(_)) => true,
            (LockScope::User(Some(locked_for)), Owner::User(user)) => locked_for == user,
            _ => false,
        };
        if !scope_ok {
            return Err(ApiFailure::validation(format!(
                "lockId {:?} was created for another account; create a lock with the matching call.",
                order.lock_id
            )));
        }
        if lock.used {
            return Err(ApiFailure::validation(format!(
                "lockId {:?} was already used; create a new lock.",
                order.lock_id
            )));
        }
        if Instant::now() >= lock.expires {
            return Err(ApiFailure::validation(format!(
                "lockId {:?} expired at {}; create a new lock.",
                order.lock_id,
                lock.expires_at.to_rfc3339()
            )));
        }
        if lock.from.code != order.from.code
            || lock.to.code != order.to.code
            || lock.amount != order.amount
        {
            return Err(ApiFailure::validation(format!(
                "amount, currencyFrom and currencyTo must match lock {:?} ({} {} to {}).",
                order.lock_id, lock.amount, lock.from.code, lock.to.code
            )));
        }
        Ok(lock)
    }

    /// Accepts an exchange: checks the lock, debits the source amount (`P433` when short)
    /// and records the exchange as `PENDING`.
    pub fn create_exchange(&mut self, order: ExchangeOrder<'_>) -> ApiResult<String> {
        if let Owner::User(external_user_id) = &order.owner {
            self.transacting_user(external_user_id)?;
        }
        let quote = self.usable_lock(&order)?.quote;
        self.account_mut(&order.owner)?
            .debit(order.from, order.amount)?;

        if let Some(lock) = self.locks.get_mut(order.lock_id) {
            lock.used = true;
        }
        self.ledger.of(order.from.code).exchanged_out += order.amount;
        let record = ExchangeRecord {
            id: ids::new_id(),
            lock_id: order.lock_id.to_string(),
            owner: order.owner,
            from: order.from,
            to: order.to,
            amount: order.amount,
            quote,
            status: ExchangeStatus::Pending,
            created_at: Utc::now(),
        };
        self.history.push(TransactionRecord {
            id: record.id.clone(),
            kind: TransactionType::Exchange,
            status: record.status.to_string(),
            amount: record.amount,
            currency: record.from.code,
            fee: Some(record.quote.fee),
            external_user_id: record.owner.external_user_id().map(str::to_string),
            partner: record.owner == Owner::Partner,
            created_at: record.created_at,
        });
        let id = record.id.clone();
        self.exchanges.insert(id.clone(), record);
        Ok(id)
    }

    /// Finishes a pending exchange: credits the target amount (`COMPLETED`), or refunds the
    /// source amount (`FAILED`) when the user was deleted or suspended meanwhile.
    pub fn complete_exchange(&mut self, exchange_id: &str) -> Vec<Event> {
        let Some(record) = self.exchanges.get(exchange_id).cloned() else {
            return Vec::new();
        };
        if record.status != ExchangeStatus::Pending {
            return Vec::new();
        }
        let user_can_receive = match &record.owner {
            Owner::Partner => true,
            Owner::User(id) => self.transacting_user(id).is_ok(),
        };

        let status = if user_can_receive
            && self.credit_owner(&record.owner, record.to, record.quote.received)
        {
            let flows = self.ledger.of(record.to.code);
            flows.exchanged_in += record.quote.received;
            flows.exchange_fees += record.quote.fee;
            ExchangeStatus::Completed
        } else {
            // The user's balance still exists after a suspension or deletion, so the refund
            // goes back to the account the amount came from.
            self.refund_owner(&record.owner, record.from, record.amount);
            self.ledger.of(record.from.code).exchanged_out -= record.amount;
            ExchangeStatus::Failed
        };

        let details = match self.exchanges.get_mut(exchange_id) {
            Some(stored) => {
                stored.status = status.clone();
                stored.to_details()
            }
            None => return Vec::new(),
        };
        self.history.set_status(exchange_id, status.as_str());
        let payload = serde_json::to_value(&details)
            .ok()
            .and_then(|value| value.as_object().cloned())
            .unwrap_or_default();
        vec![Event::new("exchange", &ExchangeWebhook(payload))]
    }

    /// Credits a balance, deleted users included; returns false if it cannot be credited.
    pub(crate) fn credit_owner(
        &mut self,
        owner: &Owner,
        currency: &CurrencyInfo,
        amount: Decimal,
    ) -> bool {
        let account = match owner {
            Owner::Partner => Some(&mut self.partner),
            Owner::User(id) => self.users.get_mut(id).map(|user| &mut user.account),
        };
        account.is_some_and(|account| account.credit(currency, amount).is_ok())
    }

    /// Returns money to a balance, deleted users included, logging when it cannot.
    pub(crate) fn refund_owner(&mut self, owner: &Owner, currency: &CurrencyInfo, amount: Decimal) {
        if !self.credit_owner(owner, currency, amount) {
            tracing::error!(?owner, currency = currency.code, %amount, "refund could not be credited");
        }
    }

    /// Returns an exchange of the right level (partner or user), or 404.
    pub fn exchange_details(
        &self,
        exchange_id: &str,
        user_level: bool,
    ) -> ApiResult<ExchangeDetails> {
        match self.exchanges.get(exchange_id) {
            Some(record) if matches!(record.owner, Owner::User(_)) == user_level => {
                Ok(record.to_details())
            }
            _ => Err(ApiFailure::not_found("Exchange", exchange_id)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::currency;

    #[test]
    fn quote_takes_fee_from_converted_amount() {
        let eth = currency("eth").unwrap();
        let eur = currency("eur").unwrap();
        let quote = quote(eth, eur, Decimal::from(10)).unwrap();
        assert_eq!(quote.rate.to_string(), "2188.81");
        // 21888.10 * 0.9851 = 21561.967310, rounded down to 21561.96; the fee is the rest.
        assert_eq!(quote.received.to_string(), "21561.96");
        assert_eq!(quote.fee.to_string(), "326.14");
    }
}
