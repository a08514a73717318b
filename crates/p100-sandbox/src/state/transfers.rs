//! Internal transfers between the partner and one user, and outgoing SEPA transfers.
//!
//! Internal transfers settle at once. A SEPA transfer is charged (amount plus the 0.1 % fee,
//! at least 1 EUR) when it is accepted and stays `PENDING` for the processing delay. Then it
//! becomes `SUCCESSFUL`, or `FAILED` with a refund of amount and fee when its title is
//! `sandbox:fail`, and its webhook is sent.

use chrono::{DateTime, Utc};
use p100_raw::enums::{
    Currency, ReceiverType, SepaTransferStatus, SepaTransferType, TransactionType, TransferStatus,
};
use p100_raw::money::Amount;
use p100_raw::types::{
    SepaTransferDetails, SepaTransferUser, SepaTransferWebhook, Timestamp, TransferDetails,
    TransferWebhook, WebhookError,
};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::json;

use super::history::TransactionRecord;
use super::users::UserModel;
use super::{Event, Owner, State, ids};
use crate::catalog::{self, CurrencyInfo};
use crate::error::{ApiFailure, ApiResult};
use crate::validation::Checks;

/// `transferTitle` that makes a SEPA transfer fail, so clients can test the failure path.
pub const SANDBOX_FAIL_TITLE: &str = "sandbox:fail";

/// One internal transfer.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub id: String,
    pub source: Option<String>,
    pub destination: Option<String>,
    pub amount: Decimal,
    pub currency: &'static CurrencyInfo,
    pub created_at: DateTime<Utc>,
}

/// One SEPA transfer.
#[derive(Debug, Clone)]
pub struct SepaTransfer {
    pub id: String,
    pub owner: Owner,
    pub amount: Decimal,
    pub fee: Decimal,
    pub destination_iban: String,
    pub transfer_title: String,
    pub receiver_first_name: Option<String>,
    pub receiver_last_name: Option<String>,
    pub company_name: Option<String>,
    pub status: SepaTransferStatus,
    pub error: Option<String>,
    pub user: Option<SepaTransferUser>,
    pub created_at: DateTime<Utc>,
}

/// Validated fields of a SEPA transfer request.
#[derive(Debug, Clone)]
pub struct SepaOrder {
    pub owner: Owner,
    pub amount: Decimal,
    pub destination_iban: String,
    pub transfer_title: String,
    pub receiver_type: Option<ReceiverType>,
    pub receiver_first_name: Option<String>,
    pub receiver_last_name: Option<String>,
    pub company_name: Option<String>,
}

/// Returns the SEPA fee for `amount` EUR: 0.1 %, rounded to the cent, at least 1 EUR.
pub fn sepa_fee(amount: Decimal) -> Decimal {
    let percent = (amount * catalog::decimal(catalog::SEPA_FEE_RATE))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    percent.max(catalog::decimal(catalog::SEPA_MIN_FEE))
}

impl State {
    /// Moves money between the partner and one user. Exactly one of `source` (collection,
    /// user to partner) and `destination` (funding, partner to user) must be set (`P424`).
    pub fn create_transfer(
        &mut self,
        source: Option<String>,
        destination: Option<String>,
        currency: &'static CurrencyInfo,
        amount: Decimal,
    ) -> ApiResult<(String, Vec<Event>)> {
        let (from, to, user) = match (&source, &destination) {
            (Some(user), None) => (Owner::User(user.clone()), Owner::Partner, user.clone()),
            (None, Some(user)) => (Owner::Partner, Owner::User(user.clone()), user.clone()),
            _ => return Err(ApiFailure::source_or_destination_required()),
        };
        self.transacting_user(&user)?;
        self.account_mut(&from)?.debit(currency, amount)?;
        if let Err(failure) = self.account_mut(&to)?.credit(currency, amount) {
            // Put the debit back, so a rejected transfer changes no balance.
            self.refund_owner(&from, currency, amount);
            return Err(failure);
        }

        let transfer = Transfer {
            id: ids::new_id(),
            source,
            destination,
            amount,
            currency,
            created_at: Utc::now(),
        };
        self.history.push(TransactionRecord {
            id: transfer.id.clone(),
            kind: TransactionType::Transfer,
            status: TransferStatus::Successful.to_string(),
            amount,
            currency: currency.code,
            fee: None,
            external_user_id: Some(user),
            partner: true,
            created_at: transfer.created_at,
        });
        let event = Event::new(
            "transfer",
            &TransferWebhook {
                id: transfer.id.clone(),
                source_external_user_id: transfer.source.clone(),
                destination_external_user_id: transfer.destination.clone(),
                amount: Amount(amount),
                currency: Currency::from(currency.code),
                status: TransferStatus::Successful,
                created_at: Timestamp(transfer.created_at),
                error: None,
            },
        );
        let id = transfer.id.clone();
        self.transfers.insert(id.clone(), transfer);
        Ok((id, vec![event]))
    }

    /// Returns an internal transfer, or 404.
    pub fn transfer_details(&self, transfer_id: &str) -> ApiResult<TransferDetails> {
        let Some(transfer) = self.transfers.get(transfer_id) else {
            return Err(ApiFailure::not_found("Transfer", transfer_id));
        };
        let email = |user: &Option<String>| {
            let id = user.as_deref()?;
            self.users.get(id).map(|user| user.profile.email.clone())
        };
        Ok(TransferDetails {
            id: transfer.id.clone(),
            source_email: email(&transfer.source),
            destination_email: email(&transfer.destination),
            status: TransferStatus::Successful,
            amount: Amount(transfer.amount),
            currency: Currency::from(transfer.currency.code),
            created_at: Some(Timestamp(transfer.created_at)),
        })
    }

    /// Accepts a SEPA transfer from the partner's or a user's EUR balance, charges amount and
    /// fee (`P433` when short) and records it as `PENDING` until `complete_sepa_transfer`.
    pub fn create_sepa_transfer(&mut self, order: SepaOrder) -> ApiResult<String> {
        let eur =
            catalog::currency("eur").unwrap_or_else(|| unreachable!("eur is in the catalogue"));
        let user = match &order.owner {
            Owner::Partner => None,
            Owner::User(id) => {
                let user = self.transacting_user(id)?;
                if user.model == UserModel::WithoutKyc {
                    return Err(ApiFailure::validation(
                        "SEPA transfers need a user created with KYC; users without KYC have no IBAN.",
                    ));
                }
                Some(user.to_sepa_user())
            }
        };
        check_receiver(&order)?;

        let fee = sepa_fee(order.amount);
        self.account_mut(&order.owner)?
            .debit(eur, order.amount + fee)?;
        let flows = self.ledger.of(eur.code);
        flows.sent += order.amount;
        flows.fees += fee;

        let transfer = SepaTransfer {
            id: ids::new_id(),
            owner: order.owner,
            amount: order.amount,
            fee,
            destination_iban: order.destination_iban,
            transfer_title: order.transfer_title,
            receiver_first_name: order.receiver_first_name,
            receiver_last_name: order.receiver_last_name,
            company_name: order.company_name,
            status: SepaTransferStatus::Pending,
            error: None,
            user,
            created_at: Utc::now(),
        };
        self.history.push(TransactionRecord {
            id: transfer.id.clone(),
            kind: TransactionType::SepaTransfer,
            status: transfer.status.to_string(),
            amount: transfer.amount,
            currency: eur.code,
            fee: Some(transfer.fee),
            external_user_id: transfer.owner.external_user_id().map(str::to_string),
            partner: transfer.owner == Owner::Partner,
            created_at: transfer.created_at,
        });
        let id = transfer.id.clone();
        self.sepa_transfers.insert(id.clone(), transfer);
        Ok(id)
    }

    /// Finishes a `PENDING` SEPA transfer and returns its webhook: `SUCCESSFUL`, or `FAILED`
    /// when the title is `sandbox:fail`, with amount and fee refunded and the fee shown as 0.
    /// A transfer that is already final or unknown returns no event.
    pub fn complete_sepa_transfer(&mut self, transfer_id: &str) -> Vec<Event> {
        let Some(transfer) = self.sepa_transfers.get(transfer_id).cloned() else {
            return Vec::new();
        };
        if transfer.status != SepaTransferStatus::Pending {
            return Vec::new();
        }
        let status = if transfer.transfer_title == SANDBOX_FAIL_TITLE {
            let eur =
                catalog::currency("eur").unwrap_or_else(|| unreachable!("eur is in the catalogue"));
            self.refund_owner(&transfer.owner, eur, transfer.amount + transfer.fee);
            let flows = self.ledger.of(eur.code);
            flows.sent -= transfer.amount;
            flows.fees -= transfer.fee;
            self.history.set_fee(transfer_id, Decimal::ZERO);
            SepaTransferStatus::Failed
        } else {
            SepaTransferStatus::Successful
        };
        self.history.set_status(transfer_id, status.as_str());
        if let Some(stored) = self.sepa_transfers.get_mut(transfer_id) {
            if status == SepaTransferStatus::Failed {
                stored.fee = Decimal::ZERO;
                stored.error =
                    Some("Rejected by the receiving bank (sandbox failure trigger).".to_string());
            }
            stored.status = status;
        }
        self.sepa_transfer_event(transfer_id)
    }

    /// Returns the SEPA Transfer webhook of a transfer in its current state.
    fn sepa_transfer_event(&self, transfer_id: &str) -> Vec<Event> {
        let Some(transfer) = self.sepa_transfers.get(transfer_id) else {
            return Vec::new();
        };
        let payload = SepaTransferWebhook {
            id: Some(transfer.id.clone()),
            type_: Some(SepaTransferType::External),
            amount: Some(Amount(transfer.amount)),
            transfer_title: Some(transfer.transfer_title.clone()),
            destination_iban: Some(transfer.destination_iban.clone()),
            receiver_first_name: transfer.receiver_first_name.clone(),
            receiver_last_name: transfer.receiver_last_name.clone(),
            status: transfer.status.clone(),
            currency: Some(Currency::Eur),
            fee: Some(Amount(transfer.fee)),
            created_at: Some(Timestamp(transfer.created_at)),
            error: transfer.error.as_ref().map(|description| WebhookError {
                description: Some(description.clone()),
                status: Some("FAILED".to_string()),
            }),
        };
        vec![Event::new("sepaTransfer", &payload)]
    }

    /// Returns a SEPA transfer, or `P428` (404).
    pub fn sepa_transfer_details(&self, transfer_id: &str) -> ApiResult<SepaTransferDetails> {
        let Some(transfer) = self.sepa_transfers.get(transfer_id) else {
            return Err(ApiFailure::sepa_transfer_not_found(transfer_id));
        };
        let error = match &transfer.error {
            Some(description) => json!({"description": description, "status": "FAILED"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            None => serde_json::Map::new(),
        };
        Ok(SepaTransferDetails {
            id: transfer.id.clone(),
            type_: Some(SepaTransferType::External),
            amount: Amount(transfer.amount),
            transfer_title: Some(transfer.transfer_title.clone()),
            destination_iban: Some(transfer.destination_iban.clone()),
            receiver_first_name: transfer.receiver_first_name.clone(),
            receiver_last_name: transfer.receiver_last_name.clone(),
            company_name: transfer.company_name.clone(),
            status: transfer.status.clone(),
            currency: Currency::Eur,
            fee: Some(Amount(transfer.fee)),
            created_at: Some(Timestamp(transfer.created_at)),
            user: transfer.user.clone(),
            error,
        })
    }
}

/// Checks the Level 2 receiver fields: `NATURAL` needs both names, `LEGAL` a company name.
fn check_receiver(order: &SepaOrder) -> ApiResult<()> {
    let present =
        |value: &Option<String>| value.as_deref().is_some_and(|text| !text.trim().is_empty());
    let mut checks = Checks::new();
    if order.receiver_type == Some(ReceiverType::Natural) {
        checks.ensure(present(&order.receiver_first_name), || {
            "receiverFirstName is required when receiverType is NATURAL".to_string()
        });
        checks.ensure(present(&order.receiver_last_name), || {
            "receiverLastName is required when receiverType is NATURAL".to_string()
        });
    }
    if order.receiver_type == Some(ReceiverType::Legal) {
        checks.ensure(present(&order.company_name), || {
            "companyName is required when receiverType is LEGAL".to_string()
        });
    }
    checks.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sepa_fee_has_one_euro_minimum() {
        assert_eq!(sepa_fee(Decimal::from(500)).to_string(), "1.00");
        assert_eq!(sepa_fee(Decimal::from(2000)).to_string(), "2.00");
        assert_eq!(sepa_fee(Decimal::new(123456, 2)).to_string(), "1.23");
        assert_eq!(sepa_fee(Decimal::new(262500, 2)).to_string(), "2.63");
    }
}
