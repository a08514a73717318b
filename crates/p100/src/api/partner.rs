//! Partner account operations: balances, transaction history, wallets, master transfers and
//! the partner's SEPA deposit details.

use crate::types;
use crate::{Result, validate};

super::area!(
    /// Operations on the partner account. Get it from [`Client::partner`](crate::Client::partner).
    Partner
);

impl Partner<'_> {
    /// Reads every fiat and crypto balance of the partner account.
    ///
    /// ```no_run
    /// # async fn run(client: p100::Client) -> p100::Result<()> {
    /// let balances = client.partner().balances().await?;
    /// for fiat in &balances.fiat_balances {
    ///     println!("{} {}", fiat.amount, fiat.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn balances(&self) -> Result<types::Balances> {
        self.client
            .call(self.client.raw().get_partner_balances().send())
            .await
    }

    /// Reads one page (1-based) of the partner's transaction history with `limit` entries
    /// per page. [`Partner::transactions`] walks all pages as a stream.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when `page` or `limit` is 0.
    pub async fn transaction_page(&self, page: u64, limit: u64) -> Result<types::TransactionPage> {
        let request = self
            .client
            .raw()
            .get_partner_transaction_history()
            .page(page)
            .limit(limit);
        self.client.call(request.send()).await
    }

    /// Creates a deposit address for one of the partner's crypto balances.
    pub async fn create_wallet(
        &self,
        request: types::PartnerWalletRequest,
    ) -> Result<types::PartnerWallet> {
        let request = self.client.raw().create_partner_wallet().body(request);
        self.client.call(request.send()).await
    }

    /// Moves money between the partner master balance and a user balance. The SDK never
    /// resends it once any byte may have reached P100.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places.
    pub async fn master_transfer(
        &self,
        mut request: types::PartnerMasterTransferRequest,
    ) -> Result<types::PartnerMasterTransferCreated> {
        request.amount.0 =
            validate::positive_amount("createPartnerMasterTransfer", "amount", request.amount.0)?;
        let request = self
            .client
            .raw()
            .create_partner_master_transfer()
            .body(request);
        self.client.call(request.send()).await
    }

    /// Reads the bank details for SEPA deposits to the partner account.
    pub async fn sepa_deposit_info(&self) -> Result<types::PartnerSepaDepositInfo> {
        let request = self.client.raw().get_partner_sepa_deposit_info();
        self.client.call(request.send()).await
    }

    /// Lists the allow-listed sender IBANs for SEPA deposits, optionally for one user.
    pub async fn sepa_deposit_contacts(
        &self,
        external_user_id: Option<&str>,
    ) -> Result<types::PartnerSepaDepositContactList> {
        let mut request = self.client.raw().get_partner_sepa_deposit_contact_list();
        if let Some(user) = external_user_id {
            request = request.external_user_id(user);
        }
        self.client.call(request.send()).await
    }
}
