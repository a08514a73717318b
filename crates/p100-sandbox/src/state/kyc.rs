//! KYC: identity document files (Method A), proof-of-address files with their review, and
//! verifications hosted by P100 (Method B) with their status.

use p100_raw::enums::{
    IncomeSource, KycAttemptStatus, KycFileStatus, KycVerificationStatus, PoaStatus,
};
use p100_raw::types::{
    KycFileAddedWebhook, KycStatus, KycVerificationRequest, KycVerificationStatusWebhook,
    PoaVerificationStatusWebhook,
};

use super::users::{KycVerification, StoredFile, User, UserModel};
use super::{Event, State, ids};
use crate::error::{ApiFailure, ApiResult};
use crate::validation::Checks;

/// Result of an accepted POA upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoaOutcome {
    /// Files stored; the review starts (HTTP 201).
    Accepted,
    /// A review is already running; the files were not stored (HTTP 202, `P211`).
    Pending,
}

fn require_kyc_model(user: &User, what: &str) -> ApiResult<()> {
    if user.model == UserModel::WithoutKyc {
        return Err(ApiFailure::validation(format!(
            "{what} is only available for users created with KYC."
        )));
    }
    Ok(())
}

fn verification_event(user: &User, verification: &KycVerification) -> Event {
    Event::new(
        "kycVerificationStatus",
        &KycVerificationStatusWebhook {
            external_user_id: user.external_user_id.clone(),
            verification_status: verification.verification_status.clone(),
            attempt_status: verification.attempt_status.clone(),
            rejection_reason: verification.rejection_reason.clone(),
        },
    )
}

impl State {
    /// Stores identity document files and reports them with the KYC File Added webhook.
    pub fn add_kyc_files(
        &mut self,
        external_user_id: &str,
        files: Vec<StoredFile>,
    ) -> ApiResult<Vec<Event>> {
        let user = self.user_mut(external_user_id)?;
        require_kyc_model(user, "Add KYC File")?;
        user.kyc_files.extend(files);
        Ok(vec![Event::new(
            "kycFileAdded",
            &KycFileAddedWebhook {
                external_user_id: external_user_id.to_string(),
                status: KycFileStatus::Added,
            },
        )])
    }

    /// Stores proof-of-address files and starts their review, unless one is running
    /// (`Pending`) or the address is already verified (`P447`).
    pub fn add_poa_files(
        &mut self,
        external_user_id: &str,
        files: Vec<StoredFile>,
    ) -> ApiResult<(PoaOutcome, Vec<Event>)> {
        let user = self.user_mut(external_user_id)?;
        require_kyc_model(user, "Add POA File")?;
        match user.poa_status {
            Some(PoaStatus::Approved) => return Err(ApiFailure::poa_already_verified()),
            Some(PoaStatus::Waiting) => return Ok((PoaOutcome::Pending, Vec::new())),
            _ => {}
        }
        user.poa_files.extend(files);
        user.poa_status = Some(PoaStatus::Waiting);
        let event = poa_event(external_user_id, PoaStatus::Waiting);
        Ok((PoaOutcome::Accepted, vec![event]))
    }

    /// Finishes a running POA review with `APPROVED`.
    pub fn approve_poa(&mut self, external_user_id: &str) -> Vec<Event> {
        let Ok(user) = self.user_mut(external_user_id) else {
            return Vec::new();
        };
        if user.poa_status != Some(PoaStatus::Waiting) {
            return Vec::new();
        }
        user.poa_status = Some(PoaStatus::Approved);
        vec![poa_event(external_user_id, PoaStatus::Approved)]
    }

    /// Starts a verification hosted by P100 and returns its id.
    pub fn create_kyc_verification(
        &mut self,
        request: &KycVerificationRequest,
    ) -> ApiResult<(String, Vec<Event>)> {
        let mut checks = Checks::new();
        let has_text =
            |value: &Option<String>| value.as_deref().is_some_and(|text| !text.trim().is_empty());
        match request.income_source {
            IncomeSource::BusinessActivity => checks.ensure(has_text(&request.tax_id), || {
                "taxId is required when incomeSource is BUSINESS_ACTIVITY".to_string()
            }),
            IncomeSource::Salary => checks.ensure(request.occupation.is_some(), || {
                "occupation is required when incomeSource is SALARY".to_string()
            }),
            _ => checks.ensure(has_text(&request.additional_info), || {
                format!(
                    "additionalInfo is required when incomeSource is {}",
                    request.income_source
                )
            }),
        }
        checks.finish()?;

        let user = self.user_mut(&request.external_user_id)?;
        require_kyc_model(user, "KYC by P100")?;
        let verification = KycVerification {
            id: ids::new_id(),
            verification_status: KycVerificationStatus::NotVerified,
            attempt_status: KycAttemptStatus::Pending,
            rejection_reason: None,
        };
        let event = verification_event(user, &verification);
        let id = verification.id.clone();
        user.verification = Some(verification);
        Ok((id, vec![event]))
    }

    /// Finishes a pending verification with `VERIFIED` / `SUCCESSFUL`.
    pub fn complete_kyc_verification(
        &mut self,
        external_user_id: &str,
        verification_id: &str,
    ) -> Vec<Event> {
        let Ok(user) = self.user_mut(external_user_id) else {
            return Vec::new();
        };
        let Some(verification) = user.verification.as_mut() else {
            return Vec::new();
        };
        if verification.id != verification_id
            || verification.attempt_status != KycAttemptStatus::Pending
        {
            return Vec::new();
        }
        verification.verification_status = KycVerificationStatus::Verified;
        verification.attempt_status = KycAttemptStatus::Successful;
        let verification = verification.clone();
        vec![verification_event(user, &verification)]
    }

    /// Returns the state of a user's hosted verification (`P412`, `P445`).
    pub fn kyc_status(&self, external_user_id: &str) -> ApiResult<KycStatus> {
        let user = self.user(external_user_id)?;
        let Some(verification) = &user.verification else {
            return Err(ApiFailure::kyc_not_found(external_user_id));
        };
        Ok(KycStatus {
            external_user_id: Some(user.external_user_id.clone()),
            verification_status: Some(verification.verification_status.clone()),
            attempt_status: Some(verification.attempt_status.clone()),
            rejection_reason: verification.rejection_reason.clone(),
        })
    }

    /// Checks that a verification page exists (`P412` for the user, 404 for the id).
    pub fn verification_page(
        &self,
        external_user_id: &str,
        verification_id: &str,
    ) -> ApiResult<()> {
        let user = self.user(external_user_id)?;
        match &user.verification {
            Some(verification) if verification.id == verification_id => Ok(()),
            _ => Err(ApiFailure::not_found("Verification", verification_id)),
        }
    }
}

fn poa_event(external_user_id: &str, status: PoaStatus) -> Event {
    Event::new(
        "poaVerificationStatus",
        &PoaVerificationStatusWebhook {
            external_user_id: Some(external_user_id.to_string()),
            status,
        },
    )
}
