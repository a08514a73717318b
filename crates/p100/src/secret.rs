//! Card secrets: the card number, CVV and expiry returned by Create Virtual Card and Get Card
//! Details, and the PIN sent by Create Virtual Card and Update PIN.
//!
//! Each is a type whose `Debug` and `Display` show a masked value (`****1234`, `***`); the
//! clear value is read only through an explicit `reveal()`. None implements `Serialize`, so
//! a secret cannot end up in a JSON log by accident.

use std::fmt;

use p100_raw::enums::CardStatus;
use p100_raw::types;

use crate::Error;

macro_rules! secret_string {
    ($(#[$doc:meta])* $name:ident, $mask:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Returns the clear value. Keep it out of logs and error messages.
            pub fn reveal(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mask: fn(&str) -> String = $mask;
                write!(f, "{}({})", stringify!($name), mask(&self.0))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mask: fn(&str) -> String = $mask;
                f.write_str(&mask(&self.0))
            }
        }
    };
}

secret_string!(
    /// A card number (PAN). `Debug` and `Display` show only the last four digits.
    CardNumber,
    |value| format!("****{}", last_four_digits(value))
);

secret_string!(
    /// A card verification value. `Debug` and `Display` show `***`.
    Cvv,
    |_| "***".to_string()
);

secret_string!(
    /// A card expiry date, as P100 sends it. `Debug` and `Display` show `**/**`.
    CardExpiry,
    |_| "**/**".to_string()
);

secret_string!(
    /// A card PIN: exactly four ASCII digits, checked before any request is sent.
    ///
    /// ```
    /// let pin = p100::Pin::new("0420").unwrap();
    /// assert_eq!(format!("{pin:?}"), "Pin(****)");
    /// assert!(p100::Pin::new("42").is_err());
    /// ```
    Pin,
    |_| "****".to_string()
);

impl CardNumber {
    /// Returns the last four digits, which may be shown to the card holder.
    pub fn last_four(&self) -> String {
        last_four_digits(&self.0)
    }
}

impl Pin {
    /// Checks and wraps a PIN.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] unless `pin` is exactly four ASCII digits; the message
    /// never contains the value.
    pub fn new(pin: impl Into<String>) -> Result<Self, Error> {
        let pin = pin.into();
        if pin.len() != 4 || !pin.bytes().all(|byte| byte.is_ascii_digit()) {
            let length = pin.chars().count();
            return Err(Error::InvalidRequest(format!(
                "a card PIN must be exactly 4 digits (0-9), got {length} characters"
            )));
        }
        Ok(Self(pin))
    }
}

impl std::str::FromStr for Pin {
    type Err = Error;

    fn from_str(pin: &str) -> Result<Self, Self::Err> {
        Self::new(pin)
    }
}

fn last_four_digits(value: &str) -> String {
    let digits: Vec<char> = value.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return String::new();
    }
    digits[digits.len() - 4..].iter().collect()
}

/// A card returned by Create Virtual Card.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreatedCard {
    /// P100's id of the card.
    pub card_id: String,
    /// Full card number, when P100 returns it.
    pub card_number: Option<CardNumber>,
    /// CVV, when P100 returns it.
    pub cvv: Option<Cvv>,
    /// Expiry date, when P100 returns it.
    pub expiry: Option<CardExpiry>,
}

impl From<types::VirtualCard> for CreatedCard {
    fn from(card: types::VirtualCard) -> Self {
        Self {
            card_id: card.card_id,
            card_number: card.card_number.map(CardNumber),
            cvv: card.cvv.map(Cvv),
            expiry: card.exp.map(CardExpiry),
        }
    }
}

/// A card's secrets and status, returned by Get Card Details.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CardDetails {
    /// Full card number.
    pub card_number: Option<CardNumber>,
    /// CVV.
    pub cvv: Option<Cvv>,
    /// Expiry date.
    pub expiry: Option<CardExpiry>,
    /// Card status.
    pub status: Option<CardStatus>,
}

impl From<types::CardDetails> for CardDetails {
    fn from(card: types::CardDetails) -> Self {
        Self {
            card_number: card.card_number.map(CardNumber),
            cvv: card.cvv.map(Cvv),
            expiry: card.exp.map(CardExpiry),
            status: card.status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_mask_the_values() {
        let number = CardNumber("4111111111111234".into());
        assert_eq!(format!("{number:?}"), "CardNumber(****1234)");
        assert_eq!(number.to_string(), "****1234");
        assert_eq!(number.reveal(), "4111111111111234");
        assert_eq!(format!("{:?}", Cvv("987".into())), "Cvv(***)");
        assert_eq!(CardExpiry("12/29".into()).to_string(), "**/**");
    }

    #[test]
    fn short_numbers_show_no_digits() {
        assert_eq!(CardNumber("1234".into()).to_string(), "****");
    }

    #[test]
    fn pin_accepts_four_digits_only() {
        assert_eq!(Pin::new("0000").unwrap().reveal(), "0000");
        for bad in ["123", "12345", "12a4", "١٢٣٤", ""] {
            let error = Pin::new(bad).unwrap_err();
            assert!(matches!(error, Error::InvalidRequest(_)));
        }
        let message = Pin::new("98765").unwrap_err().to_string();
        assert!(!message.contains("98765"));
    }
}
