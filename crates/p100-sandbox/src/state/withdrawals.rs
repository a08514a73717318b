//! Crypto withdrawals from the partner's or a user's balance, and the network fee quote.
//!
//! A withdrawal must reach the network's `minWithdrawal`. It is charged the amount plus the
//! network's `feeWithdrawal` plus the current network fee when accepted and stays `PENDING`
//! for the processing delay. Then it becomes `SUCCESSFUL`, or `FAILED` with a refund when the
//! wallet address is `sandbox:fail`.

use chrono::{DateTime, Utc};
use p100_raw::enums::{CryptoWithdrawalStatus, TransactionType};
use p100_raw::money::Amount;
use p100_raw::types::{CryptoWithdrawalDetails, CryptoWithdrawalWebhook};
use rust_decimal::Decimal;

use super::history::TransactionRecord;
use super::{Event, Owner, State, ids};
use crate::catalog::{self, CurrencyInfo, NetworkInfo};
use crate::error::{ApiFailure, ApiResult};

/// Wallet address that makes a withdrawal fail, so clients can test the failure path.
pub const SANDBOX_FAIL_ADDRESS: &str = "sandbox:fail";

/// One crypto withdrawal.
#[derive(Debug, Clone)]
pub struct Withdrawal {
    pub id: String,
    pub owner: Owner,
    pub currency: &'static CurrencyInfo,
    pub amount: Decimal,
    /// Service fee plus network fee.
    pub fee: Decimal,
    pub destination: String,
    /// `PENDING` until the processing delay has passed, then `SUCCESSFUL` or `FAILED`.
    pub status: CryptoWithdrawalStatus,
    pub created_at: DateTime<Utc>,
}

impl Withdrawal {
    fn to_details(&self) -> CryptoWithdrawalDetails {
        CryptoWithdrawalDetails {
            id: self.id.clone(),
            amount: Some(Amount(self.amount)),
            fee: Some(Amount(self.fee)),
            destination: Some(self.destination.clone()),
            status: Some(self.status.clone()),
        }
    }
}

/// Validated fields of a withdrawal request.
#[derive(Debug, Clone)]
pub struct WithdrawalOrder {
    pub owner: Owner,
    pub currency: &'static CurrencyInfo,
    pub network: &'static NetworkInfo,
    pub amount: Decimal,
    pub wallet_address: String,
}

/// Returns the network fee of `currency` on `network` (`P410` for fiat or unknown codes).
pub fn network_fee(currency: &str, network: Option<&str>) -> ApiResult<Decimal> {
    let Some(info) = catalog::currency(currency).filter(|info| info.is_crypto()) else {
        return Err(ApiFailure::invalid_currency(currency));
    };
    let Some(network) = info.network(network) else {
        return Err(ApiFailure::validation(format!(
            "network must be one of the following values for {}: {}.",
            info.code,
            info.network_keys()
        )));
    };
    Ok(catalog::decimal(network.network_fee))
}

impl State {
    /// Accepts a withdrawal, charges amount and fees (`P433` when short) and records it as
    /// `PENDING` until `complete_withdrawal`.
    pub fn create_withdrawal(&mut self, order: WithdrawalOrder) -> ApiResult<String> {
        if let Owner::User(external_user_id) = &order.owner {
            self.transacting_user(external_user_id)?;
        }
        let minimum = catalog::decimal(order.network.min_withdrawal);
        if order.amount < minimum {
            return Err(ApiFailure::validation(format!(
                "amount must be at least {minimum} {} on {}.",
                order.currency.code, order.network.key
            )));
        }
        let fee = catalog::decimal(order.network.fee_withdrawal)
            + catalog::decimal(order.network.network_fee);
        self.account_mut(&order.owner)?
            .debit(order.currency, order.amount + fee)?;
        let flows = self.ledger.of(order.currency.code);
        flows.sent += order.amount;
        flows.fees += fee;

        let withdrawal = Withdrawal {
            id: ids::new_id(),
            owner: order.owner,
            currency: order.currency,
            amount: order.amount,
            fee,
            destination: order.wallet_address,
            status: CryptoWithdrawalStatus::Pending,
            created_at: Utc::now(),
        };
        self.history.push(TransactionRecord {
            id: withdrawal.id.clone(),
            kind: TransactionType::CryptoWithdrawal,
            status: CryptoWithdrawalStatus::Pending.to_string(),
            amount: withdrawal.amount,
            currency: withdrawal.currency.code,
            fee: Some(fee),
            external_user_id: withdrawal.owner.external_user_id().map(str::to_string),
            partner: withdrawal.owner == Owner::Partner,
            created_at: withdrawal.created_at,
        });
        let id = withdrawal.id.clone();
        self.withdrawals.insert(id.clone(), withdrawal);
        Ok(id)
    }

    /// Finishes a `PENDING` withdrawal and returns its webhook: `SUCCESSFUL`, or `FAILED` with
    /// a refund of amount and fees. A withdrawal that is already final or unknown returns no
    /// event.
    pub fn complete_withdrawal(&mut self, withdrawal_id: &str) -> Vec<Event> {
        let Some(withdrawal) = self.withdrawals.get(withdrawal_id).cloned() else {
            return Vec::new();
        };
        if withdrawal.status != CryptoWithdrawalStatus::Pending {
            return Vec::new();
        }
        let status = if withdrawal.destination == SANDBOX_FAIL_ADDRESS {
            self.refund_owner(
                &withdrawal.owner,
                withdrawal.currency,
                withdrawal.amount + withdrawal.fee,
            );
            let flows = self.ledger.of(withdrawal.currency.code);
            flows.sent -= withdrawal.amount;
            flows.fees -= withdrawal.fee;
            CryptoWithdrawalStatus::Failed
        } else {
            CryptoWithdrawalStatus::Successful
        };
        if let Some(stored) = self.withdrawals.get_mut(withdrawal_id) {
            stored.status = status.clone();
        }
        self.history.set_status(withdrawal_id, status.as_str());
        vec![Event::new(
            "cryptoWithdrawal",
            &CryptoWithdrawalWebhook {
                id: withdrawal.id,
                amount: Amount(withdrawal.amount),
                fee: Amount(withdrawal.fee),
                destination: withdrawal.destination,
                status,
            },
        )]
    }

    /// Returns a withdrawal of the right level (partner or user), or 404.
    pub fn withdrawal_details(
        &self,
        withdrawal_id: &str,
        user_level: bool,
    ) -> ApiResult<CryptoWithdrawalDetails> {
        match self.withdrawals.get(withdrawal_id) {
            Some(withdrawal) if matches!(withdrawal.owner, Owner::User(_)) == user_level => {
                Ok(withdrawal.to_details())
            }
            _ => Err(ApiFailure::not_found("Crypto withdrawal", withdrawal_id)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_fee_by_currency_and_network() {
        assert_eq!(network_fee("usdc", None).unwrap().to_string(), "2.5");
        assert_eq!(
            network_fee("usdc", Some("polygon")).unwrap().to_string(),
            "0.05"
        );
        assert_eq!(network_fee("eur", None).unwrap_err().code(), "P410");
        assert_eq!(
            network_fee("btc", Some("polygon")).unwrap_err().code(),
            "P403"
        );
    }
}
