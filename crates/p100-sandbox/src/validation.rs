//! Business-level input checks that the spec's schemas cannot express: known currencies and
//! networks, positive amounts within the currency's decimals, IBAN check digits, closed enum
//! values.
//!
//! A `Checks` value collects every failure of one request, and `finish` turns them into a
//! single `P403` whose message joins them with ". ", as P100 does.

use rust_decimal::Decimal;

use crate::catalog::{self, CurrencyInfo, NetworkInfo};
use crate::error::{ApiFailure, ApiResult};

/// Largest amount any request may move; keeps every sum far from `Decimal`'s range.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Most decimal places any amount may have.
pub const MAX_DECIMALS: u32 = 8;

/// Collector of validation failures for one request.
#[derive(Debug, Default)]
pub struct Checks {
    failures: Vec<String>,
}

impl Checks {
    /// Starts an empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one failure.
    pub fn fail(&mut self, message: impl Into<String>) {
        self.failures.push(message.into());
    }

    /// Records a failure unless `condition` holds.
    pub fn ensure(&mut self, condition: bool, message: impl FnOnce() -> String) {
        if !condition {
            self.fail(message());
        }
    }

    /// Checks that `code` is a known currency.
    pub fn currency(&mut self, field: &str, code: &str) -> Option<&'static CurrencyInfo> {
        let found = catalog::currency(code);
        if found.is_none() {
            self.fail(format!(
                "{field} must be one of the following values: {}",
                catalog::currency_codes()
            ));
        }
        found
    }

    /// Checks that `code` is a known crypto currency.
    pub fn crypto_currency(&mut self, field: &str, code: &str) -> Option<&'static CurrencyInfo> {
        match catalog::currency(code) {
            Some(info) if info.is_crypto() => Some(info),
            _ => {
                self.fail(format!(
                    "{field} must be one of the following values: {}",
                    catalog::crypto_codes()
                ));
                None
            }
        }
    }

    /// Checks that `network` (when given) is a network of `currency`.
    pub fn network(
        &mut self,
        field: &str,
        currency: &'static CurrencyInfo,
        network: Option<&str>,
    ) -> Option<&'static NetworkInfo> {
        let found = currency.network(network);
        if found.is_none() {
            self.fail(format!(
                "{field} must be one of the following values for {}: {}",
                currency.code,
                currency.network_keys()
            ));
        }
        found
    }

    /// Checks an amount: positive, at most 8 decimal places, at most the currency's decimals
    /// and at most `MAX_AMOUNT`.
    pub fn amount(
        &mut self,
        field: &str,
        value: Decimal,
        currency: Option<&CurrencyInfo>,
    ) -> Option<Decimal> {
        let before = self.failures.len();
        if value <= Decimal::ZERO {
            self.fail(format!("{field} must be greater than 0"));
        }
        if value > Decimal::from(MAX_AMOUNT) {
            self.fail(format!("{field} must be at most {MAX_AMOUNT}"));
        }
        if value.scale() > MAX_DECIMALS {
            self.fail(format!(
                "{field} can have at most {MAX_DECIMALS} decimal places"
            ));
        } else if let Some(info) = currency
            && value.scale() > info.decimals
        {
            self.fail(format!(
                "{field} can have at most {} decimal places for {}",
                info.decimals, info.code
            ));
        }
        (self.failures.len() == before).then_some(value)
    }

    /// Checks a spending limit: zero or more, at most `MAX_AMOUNT`, at most 2 decimals.
    pub fn limit(&mut self, field: &str, value: Decimal) {
        self.ensure(value >= Decimal::ZERO, || {
            format!("{field} must be 0 or greater")
        });
        self.ensure(value <= Decimal::from(MAX_AMOUNT), || {
            format!("{field} must be at most {MAX_AMOUNT}")
        });
        self.ensure(value.scale() <= 2, || {
            format!("{field} can have at most 2 decimal places")
        });
    }

    /// Checks that a string field is not blank.
    pub fn not_blank(&mut self, field: &str, value: &str) {
        self.ensure(!value.trim().is_empty(), || {
            format!("{field} must not be empty")
        });
    }

    /// Checks an IBAN: shape and ISO 13616 check digits (mod 97).
    pub fn iban(&mut self, field: &str, value: &str) {
        self.ensure(is_valid_iban(value), || {
            format!("{field} must be a valid IBAN (country code, check digits, account number)")
        });
    }

    /// Checks that an open enum value is one of the values the spec lists.
    pub fn known_value(&mut self, field: &str, value: &str, known: &[&str]) {
        self.ensure(known.contains(&value), || {
            format!(
                "{field} must be one of the following values: {}",
                known.join(", ")
            )
        });
    }

    /// Returns `P403` with every failure, or `Ok` when there is none.
    pub fn finish(self) -> ApiResult<()> {
        if self.failures.is_empty() {
            return Ok(());
        }
        Err(ApiFailure::validation(join_failures(&self.failures)))
    }
}

/// Joins failure messages the way P100 does: sentences separated by ". ".
pub fn join_failures(failures: &[String]) -> String {
    let mut text = failures
        .iter()
        .map(|failure| failure.trim_end_matches('.'))
        .collect::<Vec<_>>()
        .join(". ");
    text.push('.');
    text
}

/// Returns true for an IBAN with a valid shape and mod-97 check digits.
pub fn is_valid_iban(value: &str) -> bool {
    let bytes = value.as_bytes();
    let shape_ok = (15..=34).contains(&bytes.len())
        && bytes[..2].iter().all(u8::is_ascii_uppercase)
        && bytes[2..4].iter().all(u8::is_ascii_digit)
        && bytes[4..]
            .iter()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit());
    if !shape_ok {
        return false;
    }

    // Move the first four characters to the end, turn letters into 10..35, and take the
    // remainder digit by digit so no big integer is needed.
    let rearranged = bytes[4..].iter().chain(&bytes[..4]);
    let mut remainder: u32 = 0;
    for byte in rearranged {
        let digits = if byte.is_ascii_digit() {
            u32::from(byte - b'0')
        } else {
            u32::from(byte - b'A') + 10
        };
        let width = if digits >= 10 { 100 } else { 10 };
        remainder = (remainder * width + digits) % 97;
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn iban_check_digits() {
        assert!(is_valid_iban("DE89370400440532013000"));
        assert!(is_valid_iban("GB82WEST12345698765432"));
        assert!(!is_valid_iban("DE89370400440532013001"));
        assert!(!is_valid_iban("de89370400440532013000"));
        assert!(!is_valid_iban("DE8937"));
    }

    #[test]
    fn amount_rules_are_joined() {
        let mut checks = Checks::new();
        let eur = catalog::currency("eur");
        assert!(checks.amount("amount", dec("-1.123"), eur).is_none());
        let failure = checks.finish().unwrap_err();
        assert_eq!(failure.code(), "P403");
        assert_eq!(
            failure.message(),
            "amount must be greater than 0. amount can have at most 2 decimal places for eur."
        );
    }

    #[test]
    fn amount_over_eight_decimals() {
        let mut checks = Checks::new();
        assert!(checks.amount("amount", dec("0.000000001"), None).is_none());
        assert!(
            checks
                .finish()
                .unwrap_err()
                .message()
                .contains("at most 8 decimal")
        );
    }

    #[test]
    fn valid_amount_passes() {
        let mut checks = Checks::new();
        let btc = catalog::currency("btc");
        assert_eq!(
            checks.amount("amount", dec("0.00000001"), btc),
            Some(dec("0.00000001"))
        );
        assert!(checks.finish().is_ok());
    }

    #[test]
    fn unknown_currency_lists_values() {
        let mut checks = Checks::new();
        assert!(checks.currency("currency", "xyz").is_none());
        let message = checks.finish().unwrap_err().message().to_string();
        assert!(message.starts_with("currency must be one of the following values: eur, btc"));
    }
}
