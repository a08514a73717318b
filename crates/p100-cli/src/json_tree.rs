//! A JSON tree that keeps numbers as their literal text and object keys in wire order.
//!
//! `serde_json::Value` stores numbers as `f64` unless the `arbitrary_precision` feature is on,
//! which would turn an amount such as `0.10000000` into `0.1`. Every response is rendered
//! through this tree instead, so tables and `--json` print money digit for digit.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

/// One JSON value with exact number text and ordered object entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonNode {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, stored as the literal text the serializer wrote.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<JsonNode>),
    /// An object, with its entries in the order they appeared.
    Object(Vec<(String, JsonNode)>),
}

impl JsonNode {
    /// Serializes `value` to JSON text and reads it back as a tree.
    ///
    /// # Errors
    ///
    /// Fails when `value` cannot be serialized to JSON.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        let text = serde_json::to_string(value)?;
        Self::parse(&text)
    }

    /// Parses JSON text.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Returns the entry `key` of an object, or `None` for other nodes.
    pub fn field(&self, key: &str) -> Option<&JsonNode> {
        let JsonNode::Object(entries) = self else {
            return None;
        };
        entries
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    /// Returns the text of a string or number node.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            JsonNode::String(text) | JsonNode::Number(text) => Some(text),
            _ => None,
        }
    }

    /// Returns whether this node is an array or an object.
    pub fn is_container(&self) -> bool {
        matches!(self, JsonNode::Array(_) | JsonNode::Object(_))
    }

    /// Prints the node as pretty JSON with exact number text.
    pub fn to_pretty_json(&self) -> String {
        // Serialization fails only for a Number node whose text is not a JSON number, which
        // the parser never produces.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| String::from("null"))
    }

    /// Builds a tree from raw JSON text, dispatching on its first character.
    fn from_raw(raw: &RawValue) -> Result<Self, serde_json::Error> {
        let text = raw.get().trim();
        match text.as_bytes().first() {
            Some(b'{') => {
                let OrderedEntries(entries) = serde_json::from_str(text)?;
                Ok(JsonNode::Object(entries))
            }
            Some(b'[') => Ok(JsonNode::Array(serde_json::from_str(text)?)),
            Some(b'"') => Ok(JsonNode::String(serde_json::from_str(text)?)),
            Some(b't') | Some(b'f') => Ok(JsonNode::Bool(serde_json::from_str(text)?)),
            Some(b'n') => Ok(JsonNode::Null),
            _ => Ok(JsonNode::Number(text.to_string())),
        }
    }
}

impl fmt::Display for JsonNode {
    /// Writes strings without quotes, numbers as their text, and containers as compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonNode::Null => f.write_str("-"),
            JsonNode::Bool(value) => write!(f, "{value}"),
            JsonNode::Number(text) | JsonNode::String(text) => f.write_str(text),
            JsonNode::Array(_) | JsonNode::Object(_) => {
                let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
                f.write_str(&text)
            }
        }
    }
}

impl<'de> Deserialize<'de> for JsonNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: Box<RawValue> = Deserialize::deserialize(deserializer)?;
        JsonNode::from_raw(&raw).map_err(de::Error::custom)
    }
}

impl Serialize for JsonNode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            JsonNode::Null => serializer.serialize_unit(),
            JsonNode::Bool(value) => serializer.serialize_bool(*value),
            JsonNode::Number(text) => {
                let raw = RawValue::from_string(text.clone()).map_err(serde::ser::Error::custom)?;
                raw.serialize(serializer)
            }
            JsonNode::String(text) => serializer.serialize_str(text),
            JsonNode::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            JsonNode::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Object entries in wire order; `serde_json::Map` sorts them without `preserve_order`.
struct OrderedEntries(Vec<(String, JsonNode)>);

impl<'de> Deserialize<'de> for OrderedEntries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(OrderedEntriesVisitor)
    }
}

struct OrderedEntriesVisitor;

impl<'de> Visitor<'de> for OrderedEntriesVisitor {
    type Value = OrderedEntries;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedEntries, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, JsonNode>()? {
            entries.push((key, value));
        }
        Ok(OrderedEntries(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_digits() {
        let node =
            JsonNode::parse(r#"{"amount": 0.10000000, "big": 12345678901234567890.123456789}"#)
                .unwrap();
        assert_eq!(node.field("amount").unwrap().as_text(), Some("0.10000000"));
        assert_eq!(
            node.field("big").unwrap().as_text(),
            Some("12345678901234567890.123456789")
        );
        let json = serde_json::to_string(&node).unwrap();
        assert_eq!(
            json,
            r#"{"amount":0.10000000,"big":12345678901234567890.123456789}"#
        );
    }

    #[test]
    fn object_keys_keep_wire_order() {
        let node = JsonNode::parse(r#"{"z": 1, "a": [true, null, "x"], "m": {}}"#).unwrap();
        let JsonNode::Object(entries) = &node else {
            panic!("expected an object, got {node:?}");
        };
        let keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(
            node.field("a"),
            Some(&JsonNode::Array(vec![
                JsonNode::Bool(true),
                JsonNode::Null,
                JsonNode::String("x".into())
            ]))
        );
    }

    #[test]
    fn pretty_json_round_trips() {
        let text = r#"{"fee":1.50,"list":[{"id":"a"}],"flag":false}"#;
        let node = JsonNode::parse(text).unwrap();
        let again = JsonNode::parse(&node.to_pretty_json()).unwrap();
        assert_eq!(node, again);
    }
}
