//! KYC operations: identity data, verification sessions hosted by P100, their status and the
//! browser page that runs them. Document and proof-of-address uploads are in
//! [`Kyc::add_kyc_files`] and [`Kyc::add_poa_files`].

use futures::TryStreamExt;
use url::Url;

use crate::types;
use crate::{Error, Result};

super::area!(
    /// KYC operations. Get it from [`Client::kyc`](crate::Client::kyc).
    Kyc
);

impl Kyc<'_> {
    /// Submits the user's identity document data (KYC Method A).
    pub async fn add_verification(
        &self,
        external_user_id: &str,
        request: types::UserVerificationRequest,
    ) -> Result<types::UserVerificationResult> {
        let request = self
            .client
            .raw()
            .add_user_verification()
            .external_user_id(external_user_id)
            .body(request);
        self.client.call(request.send()).await
    }

    /// Starts a KYC verification hosted by P100 (Method B).
    pub async fn create_verification(
        &self,
        request: types::KycVerificationRequest,
    ) -> Result<types::KycVerificationCreated> {
        let request = self.client.raw().create_kyc_verification().body(request);
        self.client.call(request.send()).await
    }

    /// Reads the state of a user's KYC verification (Method B).
    pub async fn status(&self, external_user_id: &str) -> Result<types::KycStatus> {
        let request = self
            .client
            .raw()
            .get_kyc_status()
            .external_user_id(external_user_id);
        self.client.call(request.send()).await
    }

    /// Returns the URL of the verification page to open in the user's browser. It needs no
    /// API key, so it can be handed to the user; no request is sent.
    pub fn verification_url(&self, external_user_id: &str, verification_id: &str) -> Url {
        let mut url = self.client.base_url().clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty();
            segments.extend([
                "v1",
                "kyc",
                "verification",
                external_user_id,
                verification_id,
            ]);
        }
        url
    }

    /// Fetches the HTML of the verification page (a loading page whose script sends the
    /// browser on to the identity provider). Most integrations want
    /// [`verification_url`](Self::verification_url) instead.
    pub async fn verification_page(
        &self,
        external_user_id: &str,
        verification_id: &str,
    ) -> Result<String> {
        let request = self
            .client
            .raw()
            .get_kyc_verification_page()
            .external_user_id(external_user_id)
            .verification_id(verification_id);
        let stream = self.client.call(request.send()).await?;

        let chunks: Vec<bytes::Bytes> = stream
            .into_inner()
            .try_collect()
            .await
            .map_err(Error::from_transport)?;
        Ok(String::from_utf8_lossy(&chunks.concat()).into_owned())
    }
}
