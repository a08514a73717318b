//! Virtual card operations. The card number, CVV and expiry come back wrapped in
//! [`CardNumber`](crate::CardNumber), [`Cvv`](crate::Cvv) and [`CardExpiry`](crate::CardExpiry),
//! and PINs go out as [`Pin`], so none of them shows up in `Debug` output or logs.

use crate::types;
use crate::{CardDetails, CreatedCard, Pin, Result, validate};

super::area!(
    /// Virtual card operations. Get it from [`Client::cards`](crate::Client::cards).
    Cards
);

impl Cards<'_> {
    /// Creates a virtual card for a user with the given label and PIN.
    ///
    /// ```no_run
    /// # async fn run(client: p100::Client) -> p100::Result<()> {
    /// let pin = p100::Pin::new("2468")?;
    /// let card = client.cards().create_virtual("user-42", "Travel", &pin).await?;
    /// println!("created {} ending {:?}", card.card_id, card.card_number); // masked
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The SDK never resends this request once any byte may have reached P100, because it
    /// may issue (and charge for) a card.
    pub async fn create_virtual(
        &self,
        external_user_id: &str,
        label: &str,
        pin: &Pin,
    ) -> Result<CreatedCard> {
        let body = types::VirtualCardRequest {
            external_user_id: external_user_id.to_string(),
            label: label.to_string(),
            pin: pin.reveal().to_string(),
        };
        let request = self.client.raw().create_virtual_card().body(body);
        let result = self.client.call(request.send()).await;
        result
            .map(CreatedCard::from)
            .map_err(|error| error.without_values(&[pin.reveal()]))
    }

    /// Lists a user's cards.
    pub async fn list(&self, external_user_id: &str) -> Result<types::CardList> {
        let request = self
            .client
            .raw()
            .list_user_cards()
            .external_user_id(external_user_id);
        self.client.call(request.send()).await
    }

    /// Reads a card's number, CVV, expiry and status.
    pub async fn details(&self, external_user_id: &str, card_id: &str) -> Result<CardDetails> {
        let request = self
            .client
            .raw()
            .get_card_details()
            .external_user_id(external_user_id)
            .card_id(card_id);
        self.client
            .call(request.send())
            .await
            .map(CardDetails::from)
    }

    /// Sets a card's PIN.
    pub async fn update_pin(
        &self,
        external_user_id: &str,
        card_id: &str,
        pin: &Pin,
    ) -> Result<types::CardActionResult> {
        let body = types::CardPinUpdate {
            card_id: card_id.to_string(),
            external_user_id: external_user_id.to_string(),
            pin: pin.reveal().to_string(),
        };
        let request = self.client.raw().update_card_pin().body(body);
        let result = self.client.call(request.send()).await;
        result.map_err(|error| error.without_values(&[pin.reveal()]))
    }

    /// Blocks a card (status `LOCKED_BY_USER`).
    pub async fn block(
        &self,
        external_user_id: &str,
        card_id: &str,
    ) -> Result<types::CardActionResult> {
        let request = self
            .client
            .raw()
            .block_card()
            .body(card_reference(external_user_id, card_id));
        self.client.call(request.send()).await
    }

    /// Unblocks a card blocked with [`block`](Self::block).
    pub async fn unblock(
        &self,
        external_user_id: &str,
        card_id: &str,
    ) -> Result<types::CardActionResult> {
        let request = self
            .client
            .raw()
            .unblock_card()
            .body(card_reference(external_user_id, card_id));
        self.client.call(request.send()).await
    }

    /// Reads a card's daily and monthly spending limits.
    pub async fn limits(&self, external_user_id: &str, card_id: &str) -> Result<types::CardLimits> {
        let request = self
            .client
            .raw()
            .get_card_limits()
            .external_user_id(external_user_id)
            .card_id(card_id);
        self.client.call(request.send()).await
    }

    /// Changes a card's spending limits. A limit of 0 is allowed.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when a
    /// limit is negative or has more than 8 decimal places.
    pub async fn update_limits(
        &self,
        mut request: types::CardLimitsUpdate,
    ) -> Result<types::CardActionResult> {
        let limits = [
            ("monthlyTrxAll", &mut request.monthly_trx_all),
            ("dailyTrxAll", &mut request.daily_trx_all),
            ("monthlyTrxAtm", &mut request.monthly_trx_atm),
            ("dailyTrxAtm", &mut request.daily_trx_atm),
            ("monthlyTrxEcom", &mut request.monthly_trx_ecom),
            ("dailyTrxEcom", &mut request.daily_trx_ecom),
        ];
        for (field, value) in limits {
            value.0 = validate::limit("updateCardLimits", field, value.0)?;
        }
        let request = self.client.raw().update_card_limits().body(request);
        self.client.call(request.send()).await
    }

    /// Deletes a card.
    pub async fn delete(
        &self,
        external_user_id: &str,
        card_id: &str,
    ) -> Result<types::CardActionResult> {
        let request = self
            .client
            .raw()
            .delete_card()
            .body(card_reference(external_user_id, card_id));
        self.client.call(request.send()).await
    }
}

fn card_reference(external_user_id: &str, card_id: &str) -> types::CardReference {
    types::CardReference {
        card_id: card_id.to_string(),
        external_user_id: external_user_id.to_string(),
    }
}
