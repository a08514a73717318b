//! Area methods built on the paging and upload modules: transaction history streams and
//! KYC/POA file uploads.

use crate::Result;
use crate::paginate::{History, HistoryScope};
use crate::upload::{UploadFile, UploadKind, UploadOutcome};

impl super::Partner<'_> {
    /// Walks the partner's transaction history, `page_size` transactions per request
    /// (clamped to 1..=100). Nothing is sent until the returned stream is polled.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    ///
    /// # async fn run(client: p100::Client) -> p100::Result<()> {
    /// let mut transactions = std::pin::pin!(client.partner().transactions(50).items());
    /// while let Some(transaction) = transactions.try_next().await? {
    ///     println!("{transaction:?}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn transactions(&self, page_size: u32) -> History {
        crate::paginate::history(self.client.clone(), HistoryScope::Partner, page_size)
    }
}

impl super::Users<'_> {
    /// Walks a user's transaction history, `page_size` transactions per request (clamped to
    /// 1..=100). Nothing is sent until the returned stream is polled.
    pub fn transactions(&self, external_user_id: &str, page_size: u32) -> History {
        let scope = HistoryScope::User(external_user_id.to_string());
        crate::paginate::history(self.client.clone(), scope, page_size)
    }
}

impl super::Kyc<'_> {
    /// Uploads identity document files for a user (KYC Method A), as one
    /// `multipart/form-data` request that the SDK never resends.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when the user id is empty or
    /// the files break the upload limits (checked before sending); API errors such as
    /// `P426` (invalid file type) and `P440` (file too large).
    pub async fn add_kyc_files(
        &self,
        external_user_id: &str,
        files: Vec<UploadFile>,
    ) -> Result<UploadOutcome> {
        crate::upload::upload_files(self.client, UploadKind::Kyc, external_user_id, files).await
    }

    /// Uploads proof-of-address files for a user, as one `multipart/form-data` request that
    /// the SDK never resends. A running check (`P211`, HTTP 202) is
    /// [`UploadOutcome::Pending`], not an error.
    ///
    /// # Errors
    /// As [`add_kyc_files`](Self::add_kyc_files), plus `P447` (already verified) and `P460`
    /// (no POA verification found).
    pub async fn add_poa_files(
        &self,
        external_user_id: &str,
        files: Vec<UploadFile>,
    ) -> Result<UploadOutcome> {
        crate::upload::upload_files(self.client, UploadKind::Poa, external_user_id, files).await
    }
}
