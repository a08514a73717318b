//! Crypto deposits (Travel Rule data for held deposits) and crypto withdrawals from user and
//! partner balances.

use crate::enums::{Currency, Network};
use crate::types;
use crate::{Result, validate};

super::area!(
    /// Crypto deposit operations. Get it from
    /// [`Client::crypto_deposits`](crate::Client::crypto_deposits).
    CryptoDeposits
);

super::area!(
    /// Crypto withdrawal operations. Get it from
    /// [`Client::crypto_withdrawals`](crate::Client::crypto_withdrawals).
    CryptoWithdrawals
);

impl CryptoDeposits<'_> {
    /// Supplies the Travel Rule data of a crypto deposit that P100 keeps on hold until it
    /// receives that data.
    pub async fn update_travel_rule(
        &self,
        crypto_deposit_id: &str,
        request: types::TravelRuleUpdate,
    ) -> Result<types::TravelRuleUpdated> {
        let request = self
            .client
            .raw()
            .update_travel_rule()
            .crypto_deposit_id(crypto_deposit_id)
            .body(request);
        self.client.call(request.send()).await
    }
}

impl CryptoWithdrawals<'_> {
    /// Reads the current network fee for withdrawing `currency` over `network`.
    ///
    /// `network` is optional: pass `None` to let P100 use its default network (Ethereum), or
    /// `Network::Polygon` for USDC or USDT on Polygon. The `network` query parameter is sent
    /// only when a network is given.
    pub async fn network_fee(
        &self,
        currency: Currency,
        network: impl Into<Option<Network>>,
    ) -> Result<types::NetworkFee> {
        let mut request = self.client.raw().get_network_fee().currency(currency);
        if let Some(network) = network.into() {
            request = request.network(network);
        }
        self.client.call(request.send()).await
    }

    /// Withdraws crypto from a user's balance. Moves money: the SDK never resends it once any
    /// byte may have reached P100.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places.
    pub async fn create(
        &self,
        mut request: types::UserCryptoWithdrawalRequest,
    ) -> Result<types::CryptoWithdrawalCreated> {
        request.amount.0 =
            validate::positive_amount("createCryptoWithdrawal", "amount", request.amount.0)?;
        let request = self.client.raw().create_crypto_withdrawal().body(request);
        self.client.call(request.send()).await
    }

    /// Reads the details of a user crypto withdrawal.
    pub async fn details(&self, withdrawal_id: &str) -> Result<types::CryptoWithdrawalDetails> {
        let request = self
            .client
            .raw()
            .get_crypto_withdrawal_details()
            .withdrawal_id(withdrawal_id);
        self.client.call(request.send()).await
    }

    /// Withdraws crypto from the partner balance. Moves money: the SDK never resends it once
    /// any byte may have reached P100.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places.
    pub async fn create_for_partner(
        &self,
        mut request: types::PartnerCryptoWithdrawalRequest,
    ) -> Result<types::CryptoWithdrawalCreated> {
        request.amount.0 =
            validate::positive_amount("createPartnerCryptoWithdrawal", "amount", request.amount.0)?;
        let request = self
            .client
            .raw()
            .create_partner_crypto_withdrawal()
            .body(request);
        self.client.call(request.send()).await
    }

    /// Reads the details of a partner crypto withdrawal.
    pub async fn partner_details(
        &self,
        withdrawal_id: &str,
    ) -> Result<types::CryptoWithdrawalDetails> {
        let request = self
            .client
            .raw()
            .get_partner_crypto_withdrawal_details()
            .withdrawal_id(withdrawal_id);
        self.client.call(request.send()).await
    }
}
