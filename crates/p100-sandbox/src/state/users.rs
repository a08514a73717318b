//! Users: creation with and without KYC, the status lifecycle (`WAITING_FOR_ACTIVATION` →
//! `ACTIVE` after verification, `SUSPENDED`, `DELETED`), profile updates and balances.

use chrono::{DateTime, Utc};
use p100_raw::enums::{CardStatus, KycAttemptStatus, KycVerificationStatus, PoaStatus, UserStatus};
use p100_raw::types::{
    CreateUserRequest, CreateUserWithoutKycRequest, SepaTransferUser, UserBalanceGenerationWebhook,
    UserBalances, UserCreated, UserUpdateRequest, UserWithoutKycCreated,
};

use super::accounts::Account;
use super::profile::Profile;
use super::{Event, State, ids};
use crate::error::{ApiFailure, ApiResult};

/// Onboarding model of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserModel {
    /// Created with KYC data; activated by verification; may hold cards and an IBAN.
    Kyc,
    /// Created without KYC; active at once; no IBAN, cards, KYC or POA.
    WithoutKyc,
}

/// A KYC verification hosted by P100 (Method B).
#[derive(Debug, Clone)]
pub struct KycVerification {
    pub id: String,
    pub verification_status: KycVerificationStatus,
    pub attempt_status: KycAttemptStatus,
    pub rejection_reason: Option<String>,
}

/// Metadata of an uploaded KYC or POA file; the content is not kept.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub name: String,
    pub content_type: String,
    pub size: usize,
}

/// One user.
#[derive(Debug, Clone)]
pub struct User {
    pub external_user_id: String,
    pub user_id: String,
    pub model: UserModel,
    pub status: UserStatus,
    /// Status to return to on unsuspend.
    pub status_before_suspension: UserStatus,
    pub profile: Profile,
    pub account: Account,
    pub kyc_files: Vec<StoredFile>,
    pub poa_files: Vec<StoredFile>,
    pub poa_status: Option<PoaStatus>,
    pub verification: Option<KycVerification>,
    pub extended: bool,
    /// Reference (`title`) of the user's SEPA deposit details.
    pub sepa_reference: String,
    pub created_at: DateTime<Utc>,
}

impl User {
    /// Builds the sender object of SEPA transfer details.
    pub fn to_sepa_user(&self) -> SepaTransferUser {
        SepaTransferUser {
            external_user_id: self.external_user_id.clone(),
            email: Some(self.profile.email.clone()),
            first_name: Some(self.profile.first_name.clone()),
            last_name: Some(self.profile.last_name.clone()),
            address: self.profile.address.clone(),
            city: Some(self.profile.city.clone()),
            country: Some(self.profile.country.clone()),
            document_type: self.profile.document_type.clone(),
            document_number: self.profile.document_number.clone(),
            pesel: self.profile.pesel.clone(),
            birth_country: self.profile.birth_country.clone(),
            birth_date: self.profile.birth_date,
        }
    }

    fn status_event(&self) -> Event {
        Event::new(
            "userBalanceGeneration",
            &UserBalanceGenerationWebhook {
                external_user_id: self.external_user_id.clone(),
                status: self.status.clone(),
            },
        )
    }
}

fn new_user(external_user_id: String, model: UserModel, profile: Profile) -> User {
    let active = model == UserModel::WithoutKyc;
    let status = if active {
        UserStatus::Active
    } else {
        UserStatus::WaitingForActivation
    };
    let mut account = Account::new(false);
    if active {
        // Users without KYC get deposit addresses at once but never an IBAN.
        account.assign_wallets();
    }
    User {
        external_user_id,
        user_id: ids::new_id(),
        model,
        status_before_suspension: status.clone(),
        status,
        profile,
        account,
        kyc_files: Vec::new(),
        poa_files: Vec::new(),
        poa_status: None,
        verification: None,
        extended: false,
        sepa_reference: ids::new_id(),
        created_at: Utc::now(),
    }
}

impl State {
    fn ensure_new_user_id(&self, external_user_id: &str) -> ApiResult<()> {
        if external_user_id.trim().is_empty() {
            return Err(ApiFailure::validation("externalUserId must not be empty."));
        }
        if self.users.contains_key(external_user_id) {
            return Err(ApiFailure::user_exists(external_user_id));
        }
        Ok(())
    }

    /// Creates a user of the KYC model in `WAITING_FOR_ACTIVATION`.
    pub fn create_user(&mut self, request: CreateUserRequest) -> ApiResult<UserCreated> {
        self.ensure_new_user_id(&request.external_user_id)?;
        if request.has_accepted_p100_tc == Some(false) {
            return Err(ApiFailure::validation(
                "hasAcceptedP100Tc must be true: every user must accept P100's terms.",
            ));
        }

        let address = request.address.clone().or_else(|| {
            let street = request.street.as_deref()?;
            Some(match request.number.as_deref() {
                Some(number) => format!("{street} {number}"),
                None => street.to_string(),
            })
        });
        let profile = Profile {
            email: request.email,
            first_name: request.first_name,
            last_name: request.last_name,
            address,
            city: request.city,
            country: request.country.0,
            document_type: request.document_type.map(|kind| kind.to_string()),
            document_number: request.document_number,
            birth_country: request.birth_country.map(|code| code.0),
            birth_date: request.birth_date,
            pesel: None,
        };
        let user = new_user(request.external_user_id, UserModel::Kyc, profile);
        let created = UserCreated {
            user_id: user.user_id.clone(),
            poa_required: None,
            poa_required_for_extended: Some(false),
            balances: None,
        };
        self.users.insert(user.external_user_id.clone(), user);
        Ok(created)
    }

    /// Creates an active user without KYC, with its balances.
    pub fn create_user_without_kyc(
        &mut self,
        request: CreateUserWithoutKycRequest,
    ) -> ApiResult<(UserWithoutKycCreated, Vec<Event>)> {
        self.ensure_new_user_id(&request.external_user_id)?;
        let profile = Profile {
            email: request.email,
            first_name: request.first_name,
            last_name: request.last_name,
            address: Some(request.address),
            city: request.city,
            country: request.country.0,
            document_type: Some(request.document_type.to_string()),
            document_number: Some(request.document_number),
            birth_country: Some(request.birth_country.0),
            birth_date: Some(request.birth_date),
            pesel: request.pesel,
        };
        let user = new_user(request.external_user_id, UserModel::WithoutKyc, profile);
        let created = UserWithoutKycCreated {
            user_id: user.user_id.clone(),
            balances: user.account.to_flat_balances(),
        };
        let events = vec![user.status_event()];
        self.users.insert(user.external_user_id.clone(), user);
        Ok((created, events))
    }

    /// Returns a user that exists and is not deleted, or `P412`.
    pub fn user(&self, external_user_id: &str) -> ApiResult<&User> {
        match self.users.get(external_user_id) {
            Some(user) if user.status != UserStatus::Deleted => Ok(user),
            _ => Err(ApiFailure::invalid_user(external_user_id)),
        }
    }

    /// Returns a user that exists and is not deleted for changing, or `P412`.
    pub fn user_mut(&mut self, external_user_id: &str) -> ApiResult<&mut User> {
        match self.users.get_mut(external_user_id) {
            Some(user) if user.status != UserStatus::Deleted => Ok(user),
            _ => Err(ApiFailure::invalid_user(external_user_id)),
        }
    }

    /// Returns a user that may move money: exists (`P412`), is not suspended (`P455`) and
    /// is active (`P459`).
    pub fn transacting_user(&self, external_user_id: &str) -> ApiResult<&User> {
        let user = self.user(external_user_id)?;
        match user.status {
            UserStatus::Active => Ok(user),
            UserStatus::Suspended => Err(ApiFailure::user_suspended(external_user_id)),
            _ => Err(ApiFailure::user_not_verified(external_user_id)),
        }
    }

    /// Activates a KYC user (Add User Verification): status `ACTIVE`, IBAN and deposit
    /// addresses, and the user status webhook.
    pub fn verify_user(
        &mut self,
        external_user_id: &str,
        document_type: Option<String>,
        document_number: Option<String>,
    ) -> ApiResult<(UserStatus, Vec<Event>)> {
        let user = self.user_mut(external_user_id)?;
        if user.model == UserModel::WithoutKyc {
            return Err(ApiFailure::validation(
                "Add User Verification is only for users created with KYC.",
            ));
        }
        if user.status == UserStatus::Suspended {
            return Err(ApiFailure::user_suspended(external_user_id));
        }
        let document_type = document_type.or_else(|| user.profile.document_type.clone());
        let document_number = document_number.or_else(|| user.profile.document_number.clone());
        let mut missing = Vec::new();
        if document_type.is_none() {
            missing.push("documentType is required".to_string());
        }
        if document_number
            .as_deref()
            .is_none_or(|number| number.trim().is_empty())
        {
            missing.push("documentNumber is required".to_string());
        }
        if !missing.is_empty() {
            return Err(ApiFailure::validation(crate::validation::join_failures(
                &missing,
            )));
        }

        user.profile.document_type = document_type;
        user.profile.document_number = document_number;
        if user.status == UserStatus::Active {
            return Ok((UserStatus::Active, Vec::new()));
        }
        user.status = UserStatus::Active;
        user.status_before_suspension = UserStatus::Active;
        user.account.activate();
        Ok((UserStatus::Active, vec![user.status_event()]))
    }

    /// Marks a user as extended.
    pub fn extend_user(&mut self, external_user_id: &str) -> ApiResult<()> {
        let user = self.user_mut(external_user_id)?;
        user.extended = true;
        Ok(())
    }

    /// Changes the stored profile fields that the request sets.
    pub fn update_user(
        &mut self,
        external_user_id: &str,
        request: UserUpdateRequest,
    ) -> ApiResult<()> {
        let user = self.user_mut(external_user_id)?;
        user.profile.apply(request);
        Ok(())
    }

    /// Suspends a user; fails with `P454` while the user has active cards.
    pub fn suspend_user(&mut self, external_user_id: &str) -> ApiResult<Vec<Event>> {
        self.user(external_user_id)?;
        let active_cards = self
            .cards
            .values()
            .filter(|card| card.external_user_id == external_user_id)
            .filter(|card| card.status == CardStatus::Active)
            .count();
        if active_cards > 0 {
            return Err(ApiFailure::suspension_blocked_by_cards(active_cards));
        }
        let user = self.user_mut(external_user_id)?;
        if user.status == UserStatus::Suspended {
            return Ok(Vec::new());
        }
        user.status_before_suspension = user.status.clone();
        user.status = UserStatus::Suspended;
        Ok(vec![user.status_event()])
    }

    /// Lifts a suspension; the user returns to its status before the suspension.
    pub fn unsuspend_user(&mut self, external_user_id: &str) -> ApiResult<Vec<Event>> {
        let user = self.user_mut(external_user_id)?;
        if user.status != UserStatus::Suspended {
            return Ok(Vec::new());
        }
        user.status = user.status_before_suspension.clone();
        Ok(vec![user.status_event()])
    }

    /// Deletes a user and its cards. Balances stay in the ledger; the id stays taken.
    pub fn delete_user(&mut self, external_user_id: &str) -> ApiResult<Vec<Event>> {
        self.user(external_user_id)?;
        for card in self.cards.values_mut() {
            if card.external_user_id == external_user_id {
                card.status = CardStatus::Deleted;
            }
        }
        let user = self.user_mut(external_user_id)?;
        user.status = UserStatus::Deleted;
        Ok(vec![user.status_event()])
    }

    /// Builds Get User Balances: `fiatBalances` and `cryptoBalances` for KYC users, the flat
    /// `balances` list for users without KYC.
    pub fn user_balances(&self, external_user_id: &str) -> ApiResult<UserBalances> {
        let user = self.user(external_user_id)?;
        let mut body = UserBalances {
            user_id: Some(user.user_id.clone()),
            fiat_balances: Vec::new(),
            crypto_balances: Vec::new(),
            balances: Vec::new(),
        };
        match user.model {
            UserModel::Kyc => {
                let balances = user.account.to_balances();
                body.fiat_balances = balances.fiat_balances;
                body.crypto_balances = balances.crypto_balances;
            }
            UserModel::WithoutKyc => body.balances = user.account.to_flat_balances(),
        }
        Ok(body)
    }
}
