//! Currency exchange: indicative rates, rate locks, exchanges at a locked rate and their
//! details, on the partner's balances ([`PartnerExchange`]) and on a user's balances
//! ([`UserExchange`]).
//!
//! Exchanging is two steps: lock a rate for an amount and currency pair, then send the
//! exchange with the lock id before the lock expires.

use rust_decimal::Decimal;

use crate::enums::Currency;
use crate::types;
use crate::{Error, Result};

super::area!(
    /// Exchanges on the partner's own balances. Get it from
    /// [`Client::exchange`](crate::Client::exchange).
    PartnerExchange
);

super::area!(
    /// Exchanges on a user's balances. Get it from
    /// [`Client::user_exchange`](crate::Client::user_exchange).
    UserExchange
);

/// Maximum number of decimal places the lock's `amount` query parameter accepts.
const LOCK_AMOUNT_MAX_DECIMAL_PLACES: u32 = 8;

/// Formats an amount for the lock's query string, which accepts digits with up to 8 decimal
/// places and no sign.
///
/// # Errors
/// [`Error::InvalidRequest`] naming the amount when it is negative or has more decimal
/// places; the generated client's own message names only its internal type.
fn lock_amount(amount: Decimal) -> Result<String> {
    let normalized = amount.normalize();
    if normalized.is_sign_negative() && !normalized.is_zero() {
        return Err(Error::InvalidRequest(format!(
            "invalid exchange lock amount {amount}: it must not be negative"
        )));
    }
    if normalized.scale() > LOCK_AMOUNT_MAX_DECIMAL_PLACES {
        return Err(Error::InvalidRequest(format!(
            "invalid exchange lock amount {amount}: it has more than \
             {LOCK_AMOUNT_MAX_DECIMAL_PLACES} decimal places; round it first, for example \
             with Decimal::round_dp({LOCK_AMOUNT_MAX_DECIMAL_PLACES})"
        )));
    }
    Ok(normalized.abs().to_string())
}

impl PartnerExchange<'_> {
    /// Reads indicative exchange rates (not locked).
    pub async fn rates(&self) -> Result<types::ExchangeRates> {
        self.client
            .call(self.client.raw().get_partner_exchange_rates().send())
            .await
    }

    /// Locks the rate for exchanging `amount` of `from` into `to`; pass the returned
    /// `lock_id` to [`exchange`](Self::exchange) before `expires_at`.
    ///
    /// ```no_run
    /// use p100::{Decimal, enums::Currency, types::ExchangeRequest};
    ///
    /// # async fn run(client: p100::Client) -> p100::Result<()> {
    /// let amount = Decimal::new(2500, 2); // 25.00
    /// let lock = client.exchange().lock(amount, Currency::Eur, Currency::Usdt).await?;
    /// let done = client
    ///     .exchange()
    ///     .exchange(ExchangeRequest {
    ///         amount: amount.into(),
    ///         currency_from: Currency::Eur,
    ///         currency_to: Currency::Usdt,
    ///         lock_id: lock.lock_id,
    ///     })
    ///     .await?;
    /// println!("exchange {:?}", done);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when `amount` is negative or
    /// has more than 8 decimal places.
    pub async fn lock(
        &self,
        amount: Decimal,
        from: Currency,
        to: Currency,
    ) -> Result<types::ExchangeLock> {
        let request = self
            .client
            .raw()
            .create_partner_exchange_lock()
            .amount(lock_amount(amount)?)
            .currency_from(from)
            .currency_to(to);
        self.client.call(request.send()).await
    }

    /// Exchanges at a locked rate. Moves money: the SDK never resends it once any byte may
    /// have reached P100.
    pub async fn exchange(
        &self,
        request: types::ExchangeRequest,
    ) -> Result<types::ExchangeCreated> {
        let request = self.client.raw().create_partner_exchange().body(request);
        self.client.call(request.send()).await
    }

    /// Reads the status and details of a partner exchange.
    pub async fn details(&self, exchange_id: &str) -> Result<types::ExchangeDetails> {
        let request = self
            .client
            .raw()
            .get_partner_exchange_details()
            .exchange_id(exchange_id);
        self.client.call(request.send()).await
    }
}

impl UserExchange<'_> {
    /// Reads indicative exchange rates for user exchanges (not locked).
    pub async fn rates(&self) -> Result<types::ExchangeRates> {
        self.client
            .call(self.client.raw().get_user_exchange_rates().send())
            .await
    }

    /// Locks the rate for exchanging `amount` of `from` into `to` on the balances of
    /// `external_user_id`.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when `amount` is negative or
    /// has more than 8 decimal places.
    pub async fn lock(
        &self,
        external_user_id: &str,
        amount: Decimal,
        from: Currency,
        to: Currency,
    ) -> Result<types::ExchangeLock> {
        let request = self
            .client
            .raw()
            .create_user_exchange_lock()
            .external_user_id(external_user_id)
            .amount(lock_amount(amount)?)
            .currency_from(from)
            .currency_to(to);
        self.client.call(request.send()).await
    }

    /// Exchanges on a user's balance at a locked rate. Moves money: the SDK never resends it
    /// once any byte may have reached P100.
    pub async fn exchange(
        &self,
        request: types::UserExchangeRequest,
    ) -> Result<types::ExchangeCreated> {
        let request = self.client.raw().create_user_exchange().body(request);
        self.client.call(request.send()).await
    }

    /// Reads the status and details of a user exchange.
    pub async fn details(&self, exchange_id: &str) -> Result<types::ExchangeDetails> {
        let request = self
            .client
            .raw()
            .get_user_exchange_details()
            .exchange_id(exchange_id);
        self.client.call(request.send()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_amount_formats_and_checks() {
        assert_eq!(lock_amount(Decimal::new(2500, 2)).unwrap(), "25");
        assert_eq!(lock_amount(Decimal::new(1, 8)).unwrap(), "0.00000001");
        assert_eq!(lock_amount(Decimal::new(-0, 2)).unwrap(), "0");

        let error = lock_amount(Decimal::new(-5, 0)).unwrap_err().to_string();
        assert!(error.contains("-5"), "{error}");
        assert!(error.contains("must not be negative"), "{error}");

        let error = lock_amount(Decimal::new(1, 9)).unwrap_err().to_string();
        assert!(error.contains("0.000000001"), "{error}");
        assert!(error.contains("more than 8 decimal places"), "{error}");
    }
}
