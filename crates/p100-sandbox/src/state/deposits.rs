//! Incoming money: crypto deposits, which may be held in `WAITING_FOR_TR_DATA` until Update
//! Travel Rule releases them, and SEPA deposits. Both arrive only through the sandbox's
//! admin routes (and one seeded deposit), because P100 has no API call that creates them.

use chrono::{DateTime, Utc};
use p100_raw::enums::{CryptoDepositStatus, IbanStatus, TransactionType, TravelRuleWalletType};
use p100_raw::money::Amount;
use p100_raw::types::{
    CryptoDepositWebhook, IbanStatusWebhook, PartnerSepaDepositContact, SepaDepositWebhook,
    Timestamp, TravelRuleUpdate,
};
use rust_decimal::Decimal;
use serde_json::json;

use super::history::TransactionRecord;
use super::{Event, Owner, SEED_DEPOSIT_ID, State, ids};
use crate::catalog::{self, CurrencyInfo};
use crate::error::{ApiFailure, ApiResult};
use crate::validation::Checks;

/// One crypto deposit.
#[derive(Debug, Clone)]
pub struct Deposit {
    pub id: String,
    pub owner: Owner,
    pub currency: &'static CurrencyInfo,
    pub amount: Decimal,
    pub status: CryptoDepositStatus,
    pub transaction_hash: String,
    pub created_at: DateTime<Utc>,
}

impl Deposit {
    /// Builds the Crypto Deposit webhook body.
    pub fn to_webhook(&self) -> CryptoDepositWebhook {
        CryptoDepositWebhook {
            external_user_id: self.owner.external_user_id().map(str::to_string),
            crypto_deposit_id: self.id.clone(),
            amount: Amount(self.amount),
            currency: p100_raw::enums::Currency::from(self.currency.code),
            status: self.status.clone(),
            transaction_hash: Some(self.transaction_hash.clone()),
            created_at: Some(Timestamp(self.created_at)),
        }
    }
}

impl State {
    pub(super) fn seed_held_deposit(&mut self) {
        let Some(eth) = catalog::currency("eth") else {
            return;
        };
        let deposit = Deposit {
            id: SEED_DEPOSIT_ID.to_string(),
            owner: Owner::Partner,
            currency: eth,
            amount: Decimal::new(5, 2),
            status: CryptoDepositStatus::WaitingForTrData,
            transaction_hash: ids::new_transaction_hash(),
            created_at: self.started_at,
        };
        self.deposits.insert(deposit.id.clone(), deposit);
    }

    /// Records an incoming crypto deposit. A held deposit waits for Travel Rule data; any
    /// other is credited at once.
    pub fn receive_crypto_deposit(
        &mut self,
        owner: Owner,
        currency: &'static CurrencyInfo,
        amount: Decimal,
        hold_for_travel_rule: bool,
    ) -> ApiResult<(CryptoDepositWebhook, Vec<Event>)> {
        if let Owner::User(external_user_id) = &owner {
            self.transacting_user(external_user_id)?;
        }
        let status = if hold_for_travel_rule {
            CryptoDepositStatus::WaitingForTrData
        } else {
            self.account_mut(&owner)?.credit(currency, amount)?;
            self.ledger.of(currency.code).deposited += amount;
            CryptoDepositStatus::Successful
        };
        let deposit = Deposit {
            id: ids::new_id(),
            owner,
            currency,
            amount,
            status,
            transaction_hash: ids::new_transaction_hash(),
            created_at: Utc::now(),
        };
        self.history.push(TransactionRecord {
            id: deposit.id.clone(),
            kind: TransactionType::CryptoDeposit,
            status: deposit.status.to_string(),
            amount,
            currency: currency.code,
            fee: None,
            external_user_id: deposit.owner.external_user_id().map(str::to_string),
            partner: deposit.owner == Owner::Partner,
            created_at: deposit.created_at,
        });
        let body = deposit.to_webhook();
        let events = vec![Event::new("cryptoDeposit", &body)];
        self.deposits.insert(deposit.id.clone(), deposit);
        Ok((body, events))
    }

    /// Applies Travel Rule data to a held deposit and credits it.
    pub fn update_travel_rule(
        &mut self,
        deposit_id: &str,
        update: &TravelRuleUpdate,
    ) -> ApiResult<Vec<Event>> {
        let Some(deposit) = self.deposits.get(deposit_id) else {
            return Err(ApiFailure::not_found("Crypto deposit", deposit_id));
        };
        let mut checks = Checks::new();
        if let Some(claimed) = &update.external_user_id {
            checks.ensure(
                deposit.owner.external_user_id() == Some(claimed.as_str()),
                || format!("externalUserId {claimed:?} is not the owner of deposit {deposit_id:?}"),
            );
        }
        checks.ensure(
            deposit.status == CryptoDepositStatus::WaitingForTrData,
            || {
                format!(
                    "deposit {deposit_id:?} is not waiting for Travel Rule data (status {})",
                    deposit.status
                )
            },
        );
        check_originator(&mut checks, update);
        checks.finish()?;

        let owner = deposit.owner.clone();
        let (currency, amount) = (deposit.currency, deposit.amount);
        self.account_mut(&owner)?.credit(currency, amount)?;
        self.ledger.of(currency.code).deposited += amount;
        let status = CryptoDepositStatus::Successful;
        self.history.set_status(deposit_id, status.as_str());
        let Some(deposit) = self.deposits.get_mut(deposit_id) else {
            return Ok(Vec::new());
        };
        deposit.status = status;
        Ok(vec![Event::new("cryptoDeposit", &deposit.to_webhook())])
    }

    /// Records an incoming SEPA deposit from `sender_iban`: credits the EUR balance,
    /// allow-lists the sender and reports both with the IBAN Status and SEPA Deposit
    /// webhooks.
    pub fn receive_sepa_deposit(
        &mut self,
        owner: Owner,
        amount: Decimal,
        sender_iban: String,
        sender_name: String,
    ) -> ApiResult<(String, Vec<Event>)> {
        let eur =
            catalog::currency("eur").unwrap_or_else(|| unreachable!("eur is in the catalogue"));
        if let Owner::User(external_user_id) = &owner {
            self.transacting_user(external_user_id)?;
        }
        self.account_mut(&owner)?.credit(eur, amount)?;
        self.ledger.of(eur.code).deposited += amount;

        let id = ids::new_id();
        let created_at = Utc::now();
        let external_user_id = owner.external_user_id().map(str::to_string);
        self.history.push(TransactionRecord {
            id: id.clone(),
            kind: TransactionType::SepaDeposit,
            status: "SUCCESSFUL".to_string(),
            amount,
            currency: eur.code,
            fee: None,
            external_user_id: external_user_id.clone(),
            partner: owner == Owner::Partner,
            created_at,
        });
        if !self.contacts.iter().any(|contact| {
            contact.iban == sender_iban && contact.external_user_id == external_user_id
        }) {
            self.contacts.push(PartnerSepaDepositContact {
                iban: sender_iban.clone(),
                name: Some(sender_name.clone()),
                external_user_id: external_user_id.clone(),
                created_at: Some(Timestamp(created_at)),
            });
        }
        let deposit = json!({
            "id": id,
            "externalUserId": external_user_id,
            "amount": amount.to_string(),
            "currency": "eur",
            "senderIban": sender_iban,
            "senderName": sender_name,
            "status": "SUCCESSFUL",
            "createdAt": created_at.to_rfc3339(),
        });
        let events = vec![
            Event::new(
                "ibanStatus",
                &IbanStatusWebhook {
                    status: Some(IbanStatus::Approved),
                    external_user_id: external_user_id.clone(),
                    iban: Some(sender_iban.clone()),
                },
            ),
            Event::new(
                "sepaDeposit",
                &SepaDepositWebhook(deposit.as_object().cloned().unwrap_or_default()),
            ),
        ];
        Ok((id, events))
    }
}

/// Checks the originator data: an owner of the wallet or a named third party.
fn check_originator(checks: &mut Checks, update: &TravelRuleUpdate) {
    let details = &update.details;
    let present =
        |value: &Option<String>| value.as_deref().is_some_and(|text| !text.trim().is_empty());
    if update.wallet_type.is_unknown() {
        checks.known_value(
            "walletType",
            update.wallet_type.as_str(),
            TravelRuleWalletType::KNOWN_VALUES,
        );
    }
    let named_person = present(&details.first_name) && present(&details.last_name);
    let named_company = present(&details.company_name);
    if details.i_am_owner_of_wallet != Some(true) && !named_person && !named_company {
        checks.fail(
            "details must name the originator (firstName and lastName, or companyName) unless iAmOwnerOfWallet is true",
        );
    }
}
