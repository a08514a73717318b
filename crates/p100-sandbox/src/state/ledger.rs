//! Money flows per currency, kept next to the balances so the sandbox can prove that no
//! amount was created or lost: for every currency, the sum of all balances equals
//! `initial + deposited + exchanged_in - exchanged_out - sent - fees`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::CURRENCIES;

/// Flows of one currency since the sandbox started.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flows {
    /// Partner balance at start.
    pub initial: Decimal,
    /// Crypto and SEPA deposits credited.
    pub deposited: Decimal,
    /// Amounts credited by completed exchanges (after the exchange fee).
    pub exchanged_in: Decimal,
    /// Amounts debited by accepted exchanges, less refunds of failed ones.
    pub exchanged_out: Decimal,
    /// Amounts sent out by SEPA transfers and crypto withdrawals, less refunds.
    pub sent: Decimal,
    /// Fees taken from balances (SEPA, withdrawal service and network fees), less refunds.
    pub fees: Decimal,
    /// Exchange fees, deducted from converted amounts before they reach a balance; not part
    /// of the balance equation.
    pub exchange_fees: Decimal,
}

impl Flows {
    /// Returns what the sum of all balances of this currency must be.
    pub fn expected_total(&self) -> Decimal {
        self.initial + self.deposited + self.exchanged_in
            - self.exchanged_out
            - self.sent
            - self.fees
    }
}

/// Flows of every currency, keyed by currency code.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    flows: BTreeMap<&'static str, Flows>,
}

impl Ledger {
    /// Creates a ledger with zero flows for every currency of the catalogue.
    pub fn new() -> Self {
        let flows = CURRENCIES
            .iter()
            .map(|currency| (currency.code, Flows::default()))
            .collect();
        Self { flows }
    }

    /// Returns the flows of `currency` for updating.
    pub fn of(&mut self, currency: &'static str) -> &mut Flows {
        self.flows.entry(currency).or_default()
    }

    /// Returns every currency's flows.
    pub fn all(&self) -> &BTreeMap<&'static str, Flows> {
        &self.flows
    }
}
