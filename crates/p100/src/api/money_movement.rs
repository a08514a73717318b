//! Internal transfers between the partner and user balances, and SEPA transfers and deposit
//! details.

use crate::types;
use crate::{Result, validate};

super::area!(
    /// Internal transfer operations. Get it from [`Client::transfers`](crate::Client::transfers).
    Transfers
);

super::area!(
    /// SEPA operations. Get it from [`Client::sepa`](crate::Client::sepa).
    Sepa
);

impl Transfers<'_> {
    /// Moves money between the partner balance and one user's balance. The SDK never resends
    /// it once any byte may have reached P100.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places. API errors `P424`
    /// (source or destination missing) and `P433` (insufficient funds), among others.
    pub async fn create(
        &self,
        mut request: types::TransferRequest,
    ) -> Result<types::TransferCreated> {
        request.amount.0 = validate::positive_amount("createTransfer", "amount", request.amount.0)?;
        let request = self.client.raw().create_transfer().body(request);
        self.client.call(request.send()).await
    }

    /// Reads the details of an internal transfer.
    pub async fn details(&self, transfer_id: &str) -> Result<types::TransferDetails> {
        let request = self
            .client
            .raw()
            .get_transfer_details()
            .transfer_id(transfer_id);
        self.client.call(request.send()).await
    }
}

impl Sepa<'_> {
    /// Sends a SEPA transfer from a user's EUR balance. The SDK never resends it once any
    /// byte may have reached P100.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places.
    pub async fn create(
        &self,
        mut request: types::UserSepaTransferRequest,
    ) -> Result<types::SepaTransferCreated> {
        request.amount.0 =
            validate::positive_amount("createSepaTransfer", "amount", request.amount.0)?;
        let request = self.client.raw().create_sepa_transfer().body(request);
        self.client.call(request.send()).await
    }

    /// Sends a SEPA transfer from the partner account. The SDK never resends it once any
    /// byte may have reached P100.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places.
    pub async fn create_for_partner(
        &self,
        mut request: types::PartnerSepaTransferRequest,
    ) -> Result<types::SepaTransferCreated> {
        request.amount.0 =
            validate::positive_amount("createPartnerSepaTransfer", "amount", request.amount.0)?;
        let request = self
            .client
            .raw()
            .create_partner_sepa_transfer()
            .body(request);
        self.client.call(request.send()).await
    }

    /// Reads the details of a SEPA transfer.
    ///
    /// # Errors
    /// An API error with HTTP 404 and code `P428` when the transfer does not exist
    /// ([`Error::is_not_found`](crate::Error::is_not_found) returns `true`).
    pub async fn details(&self, transfer_id: &str) -> Result<types::SepaTransferDetails> {
        let request = self
            .client
            .raw()
            .get_sepa_transfer_details()
            .transfer_id(transfer_id);
        self.client.call(request.send()).await
    }

    /// Reads the bank details a user's SEPA deposits go to.
    pub async fn user_deposit_info(
        &self,
        external_user_id: &str,
    ) -> Result<types::UserSepaDepositInfo> {
        let request = self
            .client
            .raw()
            .get_user_sepa_deposit_info()
            .external_user_id(external_user_id);
        self.client.call(request.send()).await
    }
}
