//! Checks of money amounts made before a request is sent, so a value P100 would reject never
//! leaves the process.
//!
//! P100 accepts request amounts with at most 8 decimal places. Amounts that move money must
//! be greater than 0, while card spending limits may be 0.

use rust_decimal::Decimal;

use crate::{Error, Result};

/// Maximum number of decimal places P100 accepts in a request amount.
pub(crate) const MAX_DECIMAL_PLACES: u32 = 8;

/// Checks an amount that moves money and returns it as it should be written on the wire.
///
/// `operation` is the spec's operation id and `field` the JSON field name, both quoted in
/// the error.
///
/// # Errors
/// [`Error::InvalidRequest`] when `amount` is 0 or negative, or has more than
/// [`MAX_DECIMAL_PLACES`] significant decimal places.
pub(crate) fn positive_amount(operation: &str, field: &str, amount: Decimal) -> Result<Decimal> {
    if amount.is_zero() || amount.is_sign_negative() {
        return Err(Error::InvalidRequest(format!(
            "{operation} {field} {amount} must be greater than 0. Send a positive amount."
        )));
    }
    decimal_places(operation, field, amount)
}

/// Checks a card spending limit, which may be 0, and returns it as it should be written on
/// the wire.
///
/// # Errors
/// [`Error::InvalidRequest`] when `limit` is negative or has more than
/// [`MAX_DECIMAL_PLACES`] significant decimal places.
pub(crate) fn limit(operation: &str, field: &str, limit: Decimal) -> Result<Decimal> {
    if limit.is_sign_negative() && !limit.is_zero() {
        return Err(Error::InvalidRequest(format!(
            "{operation} {field} {limit} must not be negative. Send 0 or a positive amount."
        )));
    }
    decimal_places(operation, field, limit.abs())
}

/// Rejects more than [`MAX_DECIMAL_PLACES`] significant decimal places. Trailing zeros past
/// the limit do not change the value, so they are dropped instead (`1.500000000` is sent as
/// `1.50000000`).
fn decimal_places(operation: &str, field: &str, amount: Decimal) -> Result<Decimal> {
    let places = amount.normalize().scale();
    if places > MAX_DECIMAL_PLACES {
        return Err(Error::InvalidRequest(format!(
            "{operation} {field} {amount} has {places} decimal places, but P100 accepts at \
             most {MAX_DECIMAL_PLACES}. Round it to at most {MAX_DECIMAL_PLACES} decimal places."
        )));
    }
    if amount.scale() > MAX_DECIMAL_PLACES {
        return Ok(amount.round_dp(MAX_DECIMAL_PLACES));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negative_zero() -> Decimal {
        let mut zero = Decimal::new(0, 2);
        zero.set_sign_negative(true);
        zero
    }

    fn message(result: Result<Decimal>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn positive_amounts_pass_unchanged() {
        let amount = Decimal::new(2500, 2);
        assert_eq!(positive_amount("op", "amount", amount).unwrap(), amount);
        assert_eq!(positive_amount("op", "amount", amount).unwrap().scale(), 2);
        let smallest = Decimal::new(1, 8);
        assert_eq!(positive_amount("op", "amount", smallest).unwrap(), smallest);
    }

    #[test]
    fn zero_and_negative_amounts_are_rejected() {
        for value in [Decimal::ZERO, negative_zero(), Decimal::new(-1, 0)] {
            let text = message(positive_amount("createTransfer", "amount", value));
            assert!(text.contains("createTransfer amount"), "{text}");
            assert!(text.contains(&value.to_string()), "{text}");
            assert!(text.contains("must be greater than 0"), "{text}");
        }
    }

    #[test]
    fn nine_decimal_places_are_rejected() {
        let value = Decimal::new(1_123_456_789, 9);
        let text = message(positive_amount("createSepaTransfer", "amount", value));
        assert!(
            text.contains("createSepaTransfer amount 1.123456789"),
            "{text}"
        );
        assert!(text.contains("has 9 decimal places"), "{text}");
        assert!(
            text.contains("Round it to at most 8 decimal places."),
            "{text}"
        );
        assert!(!text.contains("round_dp"), "{text}");
    }

    #[test]
    fn trailing_zeros_past_eight_places_are_dropped() {
        let value = Decimal::new(1_500_000_000, 9);
        let sent = positive_amount("op", "amount", value).unwrap();
        assert_eq!(sent, value);
        assert_eq!(sent.scale(), 8);
        assert_eq!(sent.to_string(), "1.50000000");
    }

    #[test]
    fn limits_accept_zero_and_reject_negatives() {
        assert_eq!(
            limit("updateCardLimits", "dailyTrxAtm", Decimal::ZERO).unwrap(),
            Decimal::ZERO
        );
        let zero = limit("updateCardLimits", "dailyTrxAtm", negative_zero()).unwrap();
        assert!(!zero.is_sign_negative());

        let text = message(limit(
            "updateCardLimits",
            "dailyTrxAtm",
            Decimal::new(-1, 0),
        ));
        assert!(text.contains("updateCardLimits dailyTrxAtm -1"), "{text}");
        assert!(text.contains("must not be negative"), "{text}");

        let text = message(limit(
            "updateCardLimits",
            "monthlyTrxAll",
            Decimal::new(1, 9),
        ));
        assert!(text.contains("has 9 decimal places"), "{text}");
    }
}
