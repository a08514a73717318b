//! Orders (rate, lock, create, details) and payment links (links, hosted checkout, details).

use crate::types;
use crate::{Result, validate};

super::area!(
    /// Order operations. Get it from [`Client::orders`](crate::Client::orders).
    Orders
);

super::area!(
    /// Payment link operations. Get it from
    /// [`Client::payment_links`](crate::Client::payment_links).
    PaymentLinks
);

impl Orders<'_> {
    /// Reads the order rates.
    pub async fn rates(&self) -> Result<types::OrderRates> {
        self.client
            .call(self.client.raw().get_order_rates().send())
            .await
    }

    /// Reads an order rate and locks it.
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), with nothing sent, when
    /// `amount` is not greater than 0 or has more than 8 decimal places.
    pub async fn lock(&self, mut request: types::OrderLockRequest) -> Result<types::OrderLock> {
        request.amount.0 =
            validate::positive_amount("createOrderLock", "amount", request.amount.0)?;
        let request = self.client.raw().create_order_lock().body(request);
        self.client.call(request.send()).await
    }

    /// Creates and finalizes an order at a locked rate. The SDK never resends it once any
    /// byte may have reached P100.
    pub async fn create(&self, request: types::OrderRequest) -> Result<types::OrderCreated> {
        let request = self.client.raw().create_order().body(request);
        self.client.call(request.send()).await
    }

    /// Reads the details of an order.
    pub async fn details(&self, order_id: &str) -> Result<types::OrderDetails> {
        let request = self.client.raw().get_order_details().order_id(order_id);
        self.client.call(request.send()).await
    }
}

impl PaymentLinks<'_> {
    /// Generates a payment link.
    pub async fn create(&self, request: types::PaymentLinkRequest) -> Result<types::PaymentLink> {
        let request = self.client.raw().create_payment_link().body(request);
        self.client.call(request.send()).await
    }

    /// Generates a hosted checkout page.
    pub async fn create_hosted_checkout(
        &self,
        request: types::HostedCheckoutRequest,
    ) -> Result<types::PaymentLink> {
        let request = self.client.raw().create_hosted_checkout().body(request);
        self.client.call(request.send()).await
    }

    /// Reads the details of a payment link.
    pub async fn details(&self, payment_link_id: &str) -> Result<types::PaymentLinkDetails> {
        let request = self
            .client
            .raw()
            .get_payment_link_details()
            .payment_link_id(payment_link_id);
        self.client.call(request.send()).await
    }
}
