//! Balances of one account (the partner's or a user's): one decimal balance per currency,
//! with the balance id, deposit address and IBAN that Get Balances shows.
//!
//! `debit` is the only way money leaves a balance and it refuses to go below zero, so no
//! balance is ever negative.

use p100_raw::enums::{Currency, FiatBalanceStatus};
use p100_raw::money::Amount;
use p100_raw::types::{Balances, CryptoBalance, FiatBalance, NonKycUserBalance};
use rust_decimal::Decimal;

use crate::catalog::{CURRENCIES, CurrencyInfo};
use crate::error::{ApiFailure, ApiResult};
use crate::state::ids;

/// Balance of one currency.
#[derive(Debug, Clone)]
pub struct BalanceEntry {
    /// Balance id, as Get Balances shows it.
    pub id: String,
    /// The currency.
    pub currency: &'static CurrencyInfo,
    /// Current amount; never negative.
    pub amount: Decimal,
    /// Deposit address of a crypto balance, once created.
    pub wallet: Option<String>,
}

/// The balances of the partner or of one user.
#[derive(Debug, Clone)]
pub struct Account {
    entries: Vec<BalanceEntry>,
    /// IBAN of the EUR balance, once the account is active.
    pub iban: Option<String>,
}

impl Account {
    /// Creates an account with a zero balance in every currency of the catalogue. An active
    /// account gets its IBAN and deposit addresses at once.
    pub fn new(active: bool) -> Self {
        let entries = CURRENCIES
            .iter()
            .map(|currency| BalanceEntry {
                id: ids::new_id(),
                currency,
                amount: currency.round_down(Decimal::ZERO),
                wallet: None,
            })
            .collect();
        let mut account = Self {
            entries,
            iban: None,
        };
        if active {
            account.activate();
        }
        account
    }

    /// Gives the account its IBAN and a deposit address for each crypto balance.
    pub fn activate(&mut self) {
        if self.iban.is_none() {
            self.iban = Some(ids::new_iban());
        }
        self.assign_wallets();
    }

    /// Gives each crypto balance a deposit address, keeping existing ones.
    pub fn assign_wallets(&mut self) {
        for entry in &mut self.entries {
            if entry.currency.is_crypto() && entry.wallet.is_none() {
                entry.wallet = Some(ids::new_wallet(entry.currency.code));
            }
        }
    }

    fn entry_mut(&mut self, currency: &CurrencyInfo) -> &mut BalanceEntry {
        let index = self
            .entries
            .iter()
            .position(|entry| entry.currency.code == currency.code)
            .unwrap_or_else(|| unreachable!("every account holds every catalogue currency"));
        &mut self.entries[index]
    }

    /// Returns the balance of `currency`.
    #[cfg(test)]
    pub fn balance(&self, currency: &CurrencyInfo) -> Decimal {
        self.entries
            .iter()
            .find(|entry| entry.currency.code == currency.code)
            .map_or(Decimal::ZERO, |entry| entry.amount)
    }

    /// Returns the deposit address of a crypto balance, creating it when missing.
    pub fn wallet(&mut self, currency: &CurrencyInfo) -> String {
        let entry = self.entry_mut(currency);
        entry
            .wallet
            .get_or_insert_with(|| ids::new_wallet(currency.code))
            .clone()
    }

    /// Adds `amount` to the balance of `currency`.
    pub fn credit(&mut self, currency: &CurrencyInfo, amount: Decimal) -> ApiResult<()> {
        let entry = self.entry_mut(currency);
        entry.amount = entry
            .amount
            .checked_add(amount)
            .ok_or_else(|| ApiFailure::internal("balance overflow"))?;
        Ok(())
    }

    /// Takes `amount` from the balance of `currency`; fails with `P433` when the balance is
    /// smaller, leaving it unchanged.
    pub fn debit(&mut self, currency: &CurrencyInfo, amount: Decimal) -> ApiResult<()> {
        let entry = self.entry_mut(currency);
        if entry.amount < amount {
            return Err(ApiFailure::insufficient_funds(currency.code, entry.amount));
        }
        entry.amount -= amount;
        Ok(())
    }

    /// Returns every balance entry, in catalogue order.
    pub fn entries(&self) -> &[BalanceEntry] {
        &self.entries
    }

    /// Builds the `Balances` body: the EUR balance as fiat, the others as crypto.
    pub fn to_balances(&self) -> Balances {
        let mut fiat_balances = Vec::new();
        let mut crypto_balances = Vec::new();
        for entry in &self.entries {
            if entry.currency.is_crypto() {
                crypto_balances.push(CryptoBalance {
                    id: entry.id.clone(),
                    amount: Amount(entry.amount),
                    name: Currency::from(entry.currency.code),
                    wallet: entry.wallet.clone(),
                    rate: Some(Amount(entry.currency.eur_rate())),
                    network_config: entry.currency.network_config(),
                });
            } else {
                let status = if self.iban.is_some() {
                    FiatBalanceStatus::Active
                } else {
                    FiatBalanceStatus::WaitingToBeActivated
                };
                fiat_balances.push(FiatBalance {
                    id: entry.id.clone(),
                    amount: Amount(entry.amount),
                    name: Currency::from(entry.currency.code),
                    rate: Some(Amount(entry.currency.eur_rate())),
                    iban: self.iban.clone(),
                    status: Some(status),
                });
            }
        }
        Balances {
            fiat_balances,
            crypto_balances,
        }
    }

    /// Builds the flat balance list of a user without KYC.
    pub fn to_flat_balances(&self) -> Vec<NonKycUserBalance> {
        self.entries
            .iter()
            .map(|entry| NonKycUserBalance {
                id: entry.id.clone(),
                amount: Amount(entry.amount),
                name: Currency::from(entry.currency.code),
                wallet: entry.wallet.clone(),
                rate: Amount(entry.currency.eur_rate()),
                network_config: entry.currency.network_config(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::currency;

    #[test]
    fn debit_never_goes_negative() {
        let eur = currency("eur").unwrap();
        let mut account = Account::new(true);
        account.credit(eur, Decimal::from(10)).unwrap();
        let failure = account.debit(eur, Decimal::from(11)).unwrap_err();
        assert_eq!(failure.code(), "P433");
        assert_eq!(account.balance(eur), Decimal::from(10));
        account.debit(eur, Decimal::from(10)).unwrap();
        assert_eq!(account.balance(eur), Decimal::ZERO);
    }

    #[test]
    fn inactive_account_has_no_iban() {
        let account = Account::new(false);
        let balances = account.to_balances();
        assert_eq!(balances.fiat_balances.len(), 1);
        assert!(balances.fiat_balances[0].iban.is_none());
        assert!(balances.crypto_balances.iter().all(|b| b.wallet.is_none()));
        assert_eq!(balances.fiat_balances[0].amount.0.to_string(), "0.00");
    }
}
