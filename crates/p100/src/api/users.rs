//! User lifecycle operations: create (with or without KYC), extend with a fiat account,
//! update, suspend, unsuspend, delete, and the user's balances and transaction history.
//!
//! Users are addressed by the partner's own `externalUserId`.

use crate::Result;
use crate::types;

super::area!(
    /// Operations on users. Get it from [`Client::users`](crate::Client::users).
    Users
);

impl Users<'_> {
    /// Creates a user account with crypto and fiat balances (KYC model).
    ///
    /// The body's builder sets only the fields you name. Optional fields stay unset (and are
    /// left out of the JSON), and `try_into()` fails when a required field is missing.
    ///
    /// ```no_run
    /// use p100::types::{CountryCode, CreateUserRequest};
    ///
    /// # async fn run(client: p100::Client) -> p100::Result<()> {
    /// let germany = CountryCode::from("DE".to_string());
    /// let request: CreateUserRequest = CreateUserRequest::builder()
    ///     .external_user_id("user-42")
    ///     .first_name("Ada")
    ///     .last_name("Lovelace")
    ///     .email("ada@example.com")
    ///     .phone("4915112345678")
    ///     .city("Berlin")
    ///     .post_code("10115")
    ///     .country(germany.clone())
    ///     .citizenship(germany)
    ///     // Optional fields take the value itself or an `Option`.
    ///     .street("Unter den Linden".to_string())
    ///     .try_into()?;
    /// let created = client.users().create(request).await?;
    /// println!("{created:?}");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// A missing required field fails at `try_into()` with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming the field.
    pub async fn create(&self, request: types::CreateUserRequest) -> Result<types::UserCreated> {
        let request = self.client.raw().create_user().body(request);
        self.client.call(request.send()).await
    }

    /// Creates a user account with crypto balances only, without KYC.
    pub async fn create_without_kyc(
        &self,
        request: types::CreateUserWithoutKycRequest,
    ) -> Result<types::UserWithoutKycCreated> {
        let request = self.client.raw().create_user_without_kyc().body(request);
        self.client.call(request.send()).await
    }

    /// Extends a user account with the data P100 needs for a fiat account.
    pub async fn extend(
        &self,
        external_user_id: &str,
        request: types::ExtendUserRequest,
    ) -> Result<types::UserExtendResult> {
        let request = self
            .client
            .raw()
            .extend_user()
            .external_user_id(external_user_id)
            .body(request);
        self.client.call(request.send()).await
    }

    /// Updates an existing user.
    pub async fn update(
        &self,
        external_user_id: &str,
        request: types::UserUpdateRequest,
    ) -> Result<types::UserUpdateResult> {
        let request = self
            .client
            .raw()
            .update_user()
            .external_user_id(external_user_id)
            .body(request);
        self.client.call(request.send()).await
    }

    /// Deletes a user.
    pub async fn delete(&self, external_user_id: &str) -> Result<types::UserDeleteResult> {
        let request = self
            .client
            .raw()
            .delete_user()
            .external_user_id(external_user_id);
        self.client.call(request.send()).await
    }

    /// Suspends a user.
    ///
    /// # Errors
    /// An [`ErrorCode::ActiveCardsPreventSuspension`](crate::ErrorCode) (`P454`) API error
    /// while the user has active cards.
    pub async fn suspend(&self, external_user_id: &str) -> Result<types::UserSuspensionResult> {
        let request = self
            .client
            .raw()
            .suspend_user()
            .external_user_id(external_user_id);
        self.client.call(request.send()).await
    }

    /// Lifts a user's suspension.
    pub async fn unsuspend(&self, external_user_id: &str) -> Result<types::UserSuspensionResult> {
        let request = self
            .client
            .raw()
            .unsuspend_user()
            .external_user_id(external_user_id);
        self.client.call(request.send()).await
    }

    /// Reads a user's fiat and crypto balances.
    pub async fn balances(&self, external_user_id: &str) -> Result<types::UserBalances> {
        let request = self
            .client
            .raw()
            .get_user_balances()
            .external_user_id(external_user_id);
        self.client.call(request.send()).await
    }

    /// Reads one page (1-based) of a user's transaction history with `limit` entries per
    /// page. [`Users::transactions`] walks all pages as a stream.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when `page` or `limit` is 0.
    pub async fn transaction_page(
        &self,
        external_user_id: &str,
        page: u64,
        limit: u64,
    ) -> Result<types::TransactionPage> {
        let request = self
            .client
            .raw()
            .get_user_transaction_history()
            .external_user_id(external_user_id)
            .page(page)
            .limit(limit);
        self.client.call(request.send()).await
    }
}
