//! Decimal money types that replace the spec's `Amount` and `AmountNumber` schemas.
//!
//! P100 sends amounts as JSON strings in some fields and JSON numbers in others, so both types
//! read either form. They differ only in how they are written: `Amount` as a string, and
//! `AmountNumber` as a JSON number with the exact decimal digits.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Token that serde_json uses for numbers when its `arbitrary_precision` feature is on.
const ARBITRARY_PRECISION_TOKEN: &str = "$serde_json::private::Number";
/// Newtype name that makes serde_json (with its `raw_value` feature, which this crate enables)
/// hand over the exact JSON text of a value instead of parsing it.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Amount of money read from a JSON string or number and written as a JSON string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub Decimal);

/// Amount of money read from a JSON string or number and written as a JSON number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AmountNumber(pub Decimal);

macro_rules! common_impls {
    ($name:ident) => {
        impl $name {
            /// Returns the decimal value.
            pub fn value(self) -> Decimal {
                self.0
            }
        }

        impl From<Decimal> for $name {
            fn from(value: Decimal) -> Self {
                Self(value)
            }
        }

        impl From<$name> for Decimal {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = rust_decimal::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                parse_decimal(text).map(Self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Asking for serde_json's raw-value newtype gets the literal text of a JSON
                // number, so no digit goes through f64. Other deserializers call
                // `visit_newtype_struct`, which falls back to `deserialize_any`.
                deserializer
                    .deserialize_newtype_struct(RAW_VALUE_TOKEN, DecimalVisitor)
                    .map(Self)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> String {
                stringify!($name).to_string()
            }

            fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
                decimal_schema()
            }
        }
    };
}

common_impls!(Amount);
common_impls!(AmountNumber);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Serialize for AmountNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A RawValue with the decimal text makes serde_json print the exact digits as a JSON
        // number. Going through f64 would round values such as 0.1 + 0.2.
        let raw = serde_json::value::RawValue::from_string(self.0.to_string())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// Parses a decimal string, accepting exponent notation (`1e-8`) as JSON numbers allow.
fn parse_decimal(text: &str) -> Result<Decimal, rust_decimal::Error> {
    let text = text.trim();
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    }
}

/// Reads a decimal from the literal JSON text of a string or number value.
fn decimal_from_json_text(raw: &str) -> Result<Decimal, String> {
    let raw = raw.trim();
    if raw.starts_with('"') {
        // Decimal text needs no escapes, so the quotes are stripped in place. Only a string
        // with a backslash goes through serde_json, which decodes its escapes.
        if let Some(inner) = raw
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            && !inner.contains('\\')
        {
            return parse_decimal(inner)
                .map_err(|error| format!("invalid amount {inner:?}: {error}"));
        }
        let text: String = serde_json::from_str(raw).map_err(|error| error.to_string())?;
        return parse_decimal(&text).map_err(|error| format!("invalid amount {text:?}: {error}"));
    }
    if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return parse_decimal(raw).map_err(|error| format!("invalid amount {raw}: {error}"));
    }
    let prefix: String = raw.chars().take(40).collect();
    Err(format!(
        "invalid amount {prefix}: expected a decimal as a JSON string or number"
    ))
}

/// Key of the one-entry map that serde_json uses for raw values and precise numbers.
enum MarkerKey {
    RawValue,
    Number,
    Other,
}

impl<'de> Deserialize<'de> for MarkerKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(MarkerKeyVisitor)
    }
}

struct MarkerKeyVisitor;

impl Visitor<'_> for MarkerKeyVisitor {
    type Value = MarkerKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }

    // `visit_borrowed_str` and `visit_string` forward here, so the key is compared without
    // being copied.
    fn visit_str<E: de::Error>(self, key: &str) -> Result<MarkerKey, E> {
        Ok(match key {
            RAW_VALUE_TOKEN => MarkerKey::RawValue,
            ARBITRARY_PRECISION_TOKEN => MarkerKey::Number,
            _ => MarkerKey::Other,
        })
    }
}

/// Reads the marker map's value, the literal JSON text, and parses it without copying it.
enum MarkerText {
    /// Text of a raw value: a JSON string with its quotes, or a JSON number.
    RawValue,
    /// Digits of a number under `arbitrary_precision`.
    Number,
}

impl<'de> de::DeserializeSeed<'de> for MarkerText {
    type Value = Decimal;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for MarkerText {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the JSON text of a decimal amount")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        match self {
            Self::RawValue => decimal_from_json_text(text).map_err(E::custom),
            Self::Number => DecimalVisitor.visit_str(text),
        }
    }
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount as a JSON string or number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        parse_decimal(text).map_err(|error| E::custom(format!("invalid amount {text:?}: {error}")))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        // NOTE: numbers arrive here as f64 only from sources without raw text, such as a
        // `serde_json::Value` or another format, because JSON text takes the raw-value path.
        // Rust prints an f64 as the shortest text that reads back to the same f64. That text
        // is the original literal for every number with at most 15 significant digits.
        if !value.is_finite() {
            return Err(E::custom(format!(
                "invalid amount {value}: not a finite number"
            )));
        }
        self.visit_str(&value.to_string())
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        // serde_json hands raw values, and numbers under `arbitrary_precision`, over as a
        // one-entry map whose value is the literal JSON text, which keeps every digit.
        match map.next_key::<MarkerKey>()? {
            Some(MarkerKey::RawValue) => map.next_value_seed(MarkerText::RawValue),
            Some(MarkerKey::Number) => map.next_value_seed(MarkerText::Number),
            Some(MarkerKey::Other) | None => Err(de::Error::custom(
                "expected a decimal amount, found an object",
            )),
        }
    }
}

fn decimal_schema() -> schemars::schema::Schema {
    use schemars::schema::{InstanceType, Metadata, SchemaObject, SingleOrVec, StringValidation};

    SchemaObject {
        instance_type: Some(SingleOrVec::Vec(vec![
            InstanceType::String,
            InstanceType::Number,
        ])),
        string: Some(Box::new(StringValidation {
            pattern: Some(r"^-?[0-9]+(\.[0-9]+)?$".to_string()),
            ..Default::default()
        })),
        metadata: Some(Box::new(Metadata {
            description: Some("Decimal amount as a JSON string or number.".to_string()),
            ..Default::default()
        })),
        ..Default::default()
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_reads_string_and_number() {
        let from_string: Amount = serde_json::from_str("\"92619.60\"").unwrap();
        let from_number: Amount = serde_json::from_str("0.00000001").unwrap();
        assert_eq!(from_string.0.to_string(), "92619.60");
        assert_eq!(from_number.0.to_string(), "0.00000001");
    }

    #[test]
    fn amount_writes_string() {
        let amount = Amount("92619.60".parse().unwrap());
        assert_eq!(serde_json::to_string(&amount).unwrap(), "\"92619.60\"");
    }

    #[test]
    fn amount_number_writes_exact_number() {
        let amount = AmountNumber("0.00000001".parse().unwrap());
        assert_eq!(serde_json::to_string(&amount).unwrap(), "0.00000001");
        let large = AmountNumber("12345678901234.12345678".parse().unwrap());
        assert_eq!(
            serde_json::to_string(&large).unwrap(),
            "12345678901234.12345678"
        );
    }

    #[test]
    fn amount_keeps_every_digit_of_a_long_number() {
        let amount: Amount = serde_json::from_str("12345678901234.12345678").unwrap();
        assert_eq!(amount.0.to_string(), "12345678901234.12345678");
        let nested: std::collections::BTreeMap<String, Amount> =
            serde_json::from_str(r#"{"a": 0.1000000000000000055511, "b": "7.50"}"#).unwrap();
        assert_eq!(nested["a"].0.to_string(), "0.1000000000000000055511");
        assert_eq!(nested["b"].0.to_string(), "7.50");
    }

    #[test]
    fn amount_reads_from_buffered_values() {
        // serde_json::Value goes through `deserialize_any`, not the raw-value path.
        let value = serde_json::json!({"amount": "1.25"});
        let amount: Amount = serde_json::from_value(value["amount"].clone()).unwrap();
        assert_eq!(amount.0.to_string(), "1.25");
    }

    #[test]
    fn amount_rejects_garbage() {
        let error = serde_json::from_str::<Amount>("\"12,5\"").unwrap_err();
        assert!(
            error.to_string().contains("invalid amount \"12,5\""),
            "{error}"
        );
        assert!(serde_json::from_str::<Amount>("{}").is_err());
    }

    #[test]
    fn amount_reads_escaped_string() {
        // `\u0037` is `7`, so the text only parses after serde_json decodes the escape.
        let amount: Amount = serde_json::from_str(r#""\u00372.50""#).unwrap();
        assert_eq!(amount.0.to_string(), "72.50");
        let nested: std::collections::BTreeMap<String, AmountNumber> =
            serde_json::from_str(r#"{"a": "1\u002e5", "b": "2.25"}"#).unwrap();
        assert_eq!(nested["a"].0.to_string(), "1.5");
        assert_eq!(nested["b"].0.to_string(), "2.25");
    }

    #[test]
    fn amount_reads_from_a_reader() {
        // A reader source hands over owned text, not text borrowed from the input.
        let amount: Amount = serde_json::from_reader(&b"\"0.10\""[..]).unwrap();
        assert_eq!(amount.0.to_string(), "0.10");
        let number: AmountNumber = serde_json::from_reader(&b"10.10"[..]).unwrap();
        assert_eq!(number.0.to_string(), "10.10");
    }
}
