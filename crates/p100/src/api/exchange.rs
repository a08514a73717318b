//! Currency exchange: indicative rates, rate locks, exchanges at a locked rate and their
//! details, on the partner's balances ([`PartnerExchange`]) and on a user's balances
//! ([`UserExchange`]).
//!
//! Exchanging is two steps: lock a rate for an amount and currency pair, then send the
//! exchange with the lock id before the lock expires.

use rust_decimal::Decimal;

use crate::enums::Currency;
use crate::types;
use crate::{Result, validate};

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

/// Formats an amount for the lock's query string, which accepts digits with up to 8 decimal
/// places and no sign.
///
/// # Errors
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming `operation` and the amount
/// when it is not greater than 0 or has more than 8 decimal places. The generated client's
/// own message would name only its internal type.
fn lock_amount(operation: &str, amount: Decimal) -> Result<String> {
    let amount = validate::positive_amount(operation, "amount", amount)?;
    Ok(amount.normalize().to_string())
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
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places. Round with
    /// [`Decimal::round_dp`] first when the amount comes from a calculation.
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
            .amount(lock_amount("createPartnerExchangeLock", amount)?)
            .currency_from(from)
            .currency_to(to);
        self.client.call(request.send()).await
    }

    /// Exchanges at a locked rate. Moves money: the SDK never resends it once any byte may
    /// have reached P100.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places.
    pub async fn exchange(
        &self,
        mut request: types::ExchangeRequest,
    ) -> Result<types::ExchangeCreated> {
        request.amount.0 =
            validate::positive_amount("createPartnerExchange", "amount", request.amount.0)?;
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
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places. Round with
    /// [`Decimal::round_dp`] first when the amount comes from a calculation.
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
            .amount(lock_amount("createUserExchangeLock", amount)?)
            .currency_from(from)
            .currency_to(to);
        self.client.call(request.send()).await
    }

    /// Exchanges on a user's balance at a locked rate. Moves money: the SDK never resends it
    /// once any byte may have reached P100.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places.
    pub async fn exchange(
        &self,
        mut request: types::UserExchangeRequest,
    ) -> Result<types::ExchangeCreated> {
        request.amount.0 =
            validate::positive_amount("createUserExchange", "amount", request.amount.0)?;
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
        let operation = "createPartnerExchangeLock";
        assert_eq!(lock_amount(operation, Decimal::new(2500, 2)).unwrap(), "25");
        assert_eq!(
            lock_amount(operation, Decimal::new(1, 8)).unwrap(),
            "0.00000001"
        );
        assert_eq!(
            lock_amount(operation, Decimal::new(1_500_000_000, 9)).unwrap(),
            "1.5"
        );

        let error = lock_amount(operation, Decimal::new(-5, 0))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("createPartnerExchangeLock amount -5"),
            "{error}"
        );
        assert!(error.contains("must be greater than 0"), "{error}");

        let error = lock_amount(operation, Decimal::ZERO)
            .unwrap_err()
            .to_string();
        assert!(error.contains("must be greater than 0"), "{error}");

        let error = lock_amount(operation, Decimal::new(1, 9))
            .unwrap_err()
            .to_string();
        assert!(error.contains("0.000000001"), "{error}");
        assert!(error.contains("has 9 decimal places"), "{error}");
        assert!(!error.contains("round_dp"), "{error}");
    }
}
