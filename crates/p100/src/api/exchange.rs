//! Currency exchange: indicative rates, rate locks, exchanges at a locked rate and their
//! details, on the partner's balances ([`PartnerExchange`]) and on a user's balances
//! ([`UserExchange`]).
//!
//! Exchanging is two steps: lock a rate for an amount and currency pair, then send the
//! exchange with the lock id before the lock expires.

use rust_decimal::Decimal;

use crate::Result;
use crate::enums::Currency;
use crate::types;

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

/// Formats an amount for the lock's query string, which accepts up to 8 decimal places.
fn lock_amount(amount: Decimal) -> String {
    amount.normalize().to_string()
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
            .amount(lock_amount(amount))
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
            .amount(lock_amount(amount))
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
