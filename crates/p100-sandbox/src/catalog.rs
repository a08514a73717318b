//! Currencies the sandbox trades: decimals, EUR rates, networks with their withdrawal fees,
//! minimums and network fees.
//!
//! The values follow the staging examples and the fee table of P100's docs. They are
//! configuration on the real service (they differ between doc builds and partners), so tests
//! should read them from the balances' `networkConfig` rather than hard-code them.

use std::collections::BTreeMap;

use p100_raw::money::Amount;
use p100_raw::types::{NetworkConfig, NetworkDepositConfig, NetworkWithdrawalConfig};
use rust_decimal::Decimal;

/// One blockchain network of a crypto currency.
#[derive(Debug)]
pub struct NetworkInfo {
    /// Key in `networkConfig` and value of the `network` request field, such as `polygon`.
    pub key: &'static str,
    /// Staging chain name, such as `amoy`.
    pub chain: &'static str,
    /// P100's fixed service fee per withdrawal, in units of the currency.
    pub fee_withdrawal: &'static str,
    /// Smallest withdrawal amount.
    pub min_withdrawal: &'static str,
    /// Smallest deposit amount.
    pub min_deposit: &'static str,
    /// Blockchain fee that Get Network Fee returns, in units of the currency.
    pub network_fee: &'static str,
}

/// One currency: `eur` or a crypto asset.
#[derive(Debug)]
pub struct CurrencyInfo {
    /// Lowercase code, such as `btc`.
    pub code: &'static str,
    /// Decimal places of balances and of accepted amounts.
    pub decimals: u32,
    /// EUR value of one unit.
    pub rate: &'static str,
    /// Networks; empty for fiat. The first one is the default network.
    pub networks: &'static [NetworkInfo],
}

const fn network(
    key: &'static str,
    chain: &'static str,
    fee_withdrawal: &'static str,
    min_withdrawal: &'static str,
    min_deposit: &'static str,
    network_fee: &'static str,
) -> NetworkInfo {
    NetworkInfo {
        key,
        chain,
        fee_withdrawal,
        min_withdrawal,
        min_deposit,
        network_fee,
    }
}

// NOTE: `doge` and `eurt` network keys are not documented; `doge` and `ethereum` are guesses.
/// Every currency, `eur` first.
pub static CURRENCIES: &[CurrencyInfo] = &[
    CurrencyInfo {
        code: "eur",
        decimals: 2,
        rate: "1",
        networks: &[],
    },
    CurrencyInfo {
        code: "btc",
        decimals: 8,
        rate: "92619.60",
        networks: &[network(
            "btc", "test", "0.0003", "0.0001", "0.00001", "0.00002",
        )],
    },
    CurrencyInfo {
        code: "eth",
        decimals: 8,
        rate: "2188.81",
        networks: &[network(
            "ethereum", "sepolia", "0.003", "0.0006", "0", "0.0004",
        )],
    },
    CurrencyInfo {
        code: "ltc",
        decimals: 8,
        rate: "103.62980236",
        networks: &[network("ltc", "test", "0.002", "0.001", "0", "0.0001")],
    },
    CurrencyInfo {
        code: "pol",
        decimals: 8,
        rate: "0.19598695",
        networks: &[network("polygon", "amoy", "0.5", "1", "0", "0.01")],
    },
    CurrencyInfo {
        code: "usdc",
        decimals: 6,
        rate: "0.8523",
        networks: &[
            network("ethereum", "sepolia", "10", "15", "5", "2.5"),
            network("polygon", "amoy", "0.5", "1", "5", "0.05"),
        ],
    },
    CurrencyInfo {
        code: "usdt",
        decimals: 6,
        rate: "0.8522",
        networks: &[
            network("ethereum", "sepolia", "10", "15", "5", "2.5"),
            network("polygon", "amoy", "0.5", "1", "5", "0.05"),
        ],
    },
    CurrencyInfo {
        code: "doge",
        decimals: 8,
        rate: "0.182",
        networks: &[network("doge", "test", "5", "10", "1", "1")],
    },
    CurrencyInfo {
        code: "eurt",
        decimals: 6,
        rate: "1",
        networks: &[network("ethereum", "sepolia", "10", "15", "5", "2.5")],
    },
];

/// Standard exchange fee: 1.49 % of the converted amount.
pub const EXCHANGE_FEE_RATE: &str = "0.0149";
/// SEPA transfer fee: 0.1 % of the amount.
pub const SEPA_FEE_RATE: &str = "0.001";
/// Smallest SEPA transfer fee in EUR.
pub const SEPA_MIN_FEE: &str = "1.00";

/// Parses a decimal literal of this catalogue.
pub fn decimal(literal: &str) -> Decimal {
    // The literals are constants of this file; a unit test parses every one of them.
    Decimal::from_str_exact(literal)
        .unwrap_or_else(|_| panic!("invalid catalogue literal {literal}"))
}

/// Finds a currency by code, ignoring case.
pub fn currency(code: &str) -> Option<&'static CurrencyInfo> {
    CURRENCIES
        .iter()
        .find(|info| info.code.eq_ignore_ascii_case(code))
}

/// Lists every currency code, for validation messages.
pub fn currency_codes() -> String {
    codes(CURRENCIES.iter())
}

/// Lists the crypto currency codes, for validation messages.
pub fn crypto_codes() -> String {
    codes(CURRENCIES.iter().filter(|info| info.is_crypto()))
}

fn codes<'a>(infos: impl Iterator<Item = &'a CurrencyInfo>) -> String {
    infos.map(|info| info.code).collect::<Vec<_>>().join(", ")
}

impl CurrencyInfo {
    /// True for crypto assets, false for `eur`.
    pub fn is_crypto(&self) -> bool {
        !self.networks.is_empty()
    }

    /// Returns the EUR value of one unit.
    pub fn eur_rate(&self) -> Decimal {
        decimal(self.rate)
    }

    /// Finds a network by key, ignoring case; `None` picks the default network.
    pub fn network(&self, key: Option<&str>) -> Option<&'static NetworkInfo> {
        let networks: &'static [NetworkInfo] = self.networks;
        match key {
            None => networks.first(),
            Some(key) => networks
                .iter()
                .find(|network| network.key.eq_ignore_ascii_case(key)),
        }
    }

    /// Lists the network keys, for validation messages.
    pub fn network_keys(&self) -> String {
        self.networks
            .iter()
            .map(|network| network.key)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Builds the `networkConfig` map of a balance of this currency.
    pub fn network_config(&self) -> BTreeMap<String, NetworkConfig> {
        self.networks
            .iter()
            .map(|network| (network.key.to_string(), network.config()))
            .collect()
    }

    /// Rounds `value` down to this currency's decimals and pads it to exactly that many, as
    /// balances print them (`0.00` for EUR).
    pub fn round_down(&self, value: Decimal) -> Decimal {
        let mut rounded =
            value.round_dp_with_strategy(self.decimals, rust_decimal::RoundingStrategy::ToZero);
        rounded.rescale(self.decimals);
        rounded
    }
}

impl NetworkInfo {
    /// Builds this network's `networkConfig` entry.
    pub fn config(&self) -> NetworkConfig {
        NetworkConfig {
            mainnet: false,
            name: self.chain.to_string(),
            withdrawal: Some(NetworkWithdrawalConfig {
                fee_withdrawal: Some(Amount(decimal(self.fee_withdrawal))),
                min_withdrawal: Some(Amount(decimal(self.min_withdrawal))),
            }),
            deposit: Some(NetworkDepositConfig {
                min_deposit: Some(Amount(decimal(self.min_deposit))),
            }),
        }
    }
}

/// Cross rate: how many units of `to` one unit of `from` buys, before the exchange fee.
pub fn cross_rate(from: &CurrencyInfo, to: &CurrencyInfo) -> Decimal {
    // Twelve decimal places keep the rate exact for every pair of the catalogue that divides
    // evenly and precise to 1e-12 otherwise.
    (from.eur_rate() / to.eur_rate()).round_dp(12).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_literal_parses() {
        for info in CURRENCIES {
            assert!(info.eur_rate() > Decimal::ZERO, "{}", info.code);
            for network in info.networks {
                for literal in [
                    network.fee_withdrawal,
                    network.min_withdrawal,
                    network.min_deposit,
                    network.network_fee,
                ] {
                    assert!(Decimal::from_str_exact(literal).is_ok(), "{literal}");
                }
            }
        }
        decimal(EXCHANGE_FEE_RATE);
        decimal(SEPA_FEE_RATE);
        decimal(SEPA_MIN_FEE);
    }

    #[test]
    fn currency_lookup_ignores_case() {
        assert_eq!(currency("BTC").map(|info| info.code), Some("btc"));
        assert!(currency("xyz").is_none());
    }

    #[test]
    fn round_down_pads_to_decimals() {
        let eur = currency("eur").unwrap();
        assert_eq!(eur.round_down(decimal("1.239")).to_string(), "1.23");
        assert_eq!(eur.round_down(Decimal::ZERO).to_string(), "0.00");
    }

    #[test]
    fn cross_rate_of_eur_pairs() {
        let eur = currency("eur").unwrap();
        let eth = currency("eth").unwrap();
        assert_eq!(cross_rate(eth, eur), decimal("2188.81"));
        assert_eq!(cross_rate(eur, eur), Decimal::ONE);
    }
}
