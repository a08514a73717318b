//! Parsing of money amounts typed on the command line.
//!
//! `rust_decimal`'s `FromStr` also accepts exponents (`1e3`), underscores (`1_00`) and a
//! sign, so a typo could move a different sum than the one meant. Every amount flag goes
//! through these parsers instead, which accept only plain decimals such as `12.5`.

use std::str::FromStr;

use p100::Decimal;

/// Maximum number of decimal places P100 accepts in an amount.
pub const MAX_DECIMAL_PLACES: usize = 8;

/// Parses an amount that moves money or is locked for an exchange or order: a plain decimal
/// greater than zero.
///
/// clap prints the error as `invalid value '<text>' for '--<flag> <AMOUNT>': <message>`.
pub fn parse_payment_amount(text: &str) -> Result<Decimal, String> {
    let amount = parse_plain_decimal(text)?;
    if amount.is_zero() {
        return Err(String::from("the amount must be greater than 0"));
    }
    Ok(amount)
}

/// Parses a limit, such as a card's daily limit: a plain decimal that may be 0.
pub fn parse_limit_amount(text: &str) -> Result<Decimal, String> {
    parse_plain_decimal(text)
}

/// Accepts `^[0-9]+(\.[0-9]+)?$` with at most [`MAX_DECIMAL_PLACES`] decimal places.
fn parse_plain_decimal(text: &str) -> Result<Decimal, String> {
    const EXAMPLE: &str = "use a plain decimal with a dot, such as 12.5";

    if text.trim().is_empty() {
        return Err(format!("the amount is empty; {EXAMPLE}"));
    }
    if text.starts_with('-') {
        return Err(String::from(
            "the amount must be positive; give it without a sign, such as 12.5",
        ));
    }
    if text.starts_with('+') {
        return Err(format!("remove the + sign; {EXAMPLE}"));
    }
    if text.contains(',') {
        return Err(String::from(
            "use a dot as the decimal separator and no thousands separators, such as 1234.5",
        ));
    }

    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let is_digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !is_digits(whole) || !fraction.is_none_or(is_digits) {
        return Err(format!(
            "{EXAMPLE} (only digits and one dot: no exponent, underscore or spaces)"
        ));
    }
    if let Some(fraction) = fraction
        && fraction.len() > MAX_DECIMAL_PLACES
    {
        return Err(format!(
            "the amount has {} decimal places but P100 accepts at most {MAX_DECIMAL_PLACES}; \
             round it",
            fraction.len()
        ));
    }

    // Only the size can fail here, because the text is already a plain decimal.
    Decimal::from_str(text).map_err(|_| {
        String::from("the amount is too large; give a value below 79228162514264337593543950335")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_parse_exactly() {
        assert_eq!(parse_payment_amount("12.5").unwrap(), Decimal::new(125, 1));
        assert_eq!(parse_payment_amount("200").unwrap(), Decimal::new(200, 0));
        assert_eq!(
            parse_payment_amount("0.00000001").unwrap(),
            Decimal::new(1, 8)
        );
        assert_eq!(
            parse_payment_amount("007.50").unwrap(),
            Decimal::new(750, 2)
        );
        assert_eq!(parse_limit_amount("0").unwrap(), Decimal::ZERO);
    }

    #[test]
    fn other_number_forms_rejected() {
        for text in [
            "1e3", "2E2", "1_00", "12,5", " 12", "12 ", "1 000", "+5", "-5", "-0.1", ".5", "5.",
            "1.2.3", "", "0x10", "NaN", "inf", "١٢",
        ] {
            assert!(parse_payment_amount(text).is_err(), "{text:?} accepted");
            assert!(parse_limit_amount(text).is_err(), "{text:?} accepted");
        }
    }

    #[test]
    fn zero_rejected_only_for_payments() {
        assert!(parse_payment_amount("0").is_err());
        assert!(parse_payment_amount("0.000").is_err());
        assert!(parse_limit_amount("0.00").is_ok());
    }

    #[test]
    fn decimal_places_capped_at_eight() {
        assert!(parse_payment_amount("1.12345678").is_ok());
        let error = parse_payment_amount("1.123456789").unwrap_err();
        assert!(error.contains("9 decimal places"), "{error}");
        assert!(!error.contains("round_dp"), "{error}");
    }

    #[test]
    fn messages_give_the_fix() {
        assert!(parse_payment_amount("-5").unwrap_err().contains("positive"));
        assert!(parse_payment_amount("12,5").unwrap_err().contains("dot"));
        assert!(
            parse_payment_amount("1e3")
                .unwrap_err()
                .contains("exponent")
        );
        assert!(
            parse_payment_amount("99999999999999999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
    }
}
