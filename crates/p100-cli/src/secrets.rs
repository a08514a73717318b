//! Masking of card secrets in everything the CLI prints.
//!
//! The spec marks the card number, CVV and expiry as sensitive; PINs appear in card requests,
//! and the card 3DS and activation webhooks carry a one-time `code`. Unless the user passes
//! `--show-secrets`, the card number keeps only its last four digits and the others are
//! replaced entirely, in tables and in `--json` output alike.

use crate::json_tree::JsonNode;

/// Replacement for a hidden CVV, PIN, expiry or one-time code.
pub const HIDDEN: &str = "***";

/// Masking rule of a sensitive field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sensitivity {
    /// Keep the last four digits: `**** **** **** 1234`.
    CardNumber,
    /// Replace the whole value.
    Hidden,
}

/// Returns how the field `key` is masked, or `None` when it is not sensitive.
fn sensitivity(key: &str) -> Option<Sensitivity> {
    match key.to_ascii_lowercase().as_str() {
        "cardnumber" | "pan" => Some(Sensitivity::CardNumber),
        "cvv" | "cvc" | "pin" | "exp" | "expiry" | "code" => Some(Sensitivity::Hidden),
        _ => None,
    }
}

/// Masks a card number to `**** **** **** 1234`, keeping at most its last four digits.
pub fn mask_card_number(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        // Too short to be a card number: show none of it.
        return String::from("**** **** **** ****");
    }
    let last: String = digits[digits.len() - 4..].iter().collect();
    format!("**** **** **** {last}")
}

/// Masks every sensitive field of `node` in place, at any depth.
pub fn mask_secrets(node: &mut JsonNode) {
    match node {
        JsonNode::Array(items) => items.iter_mut().for_each(mask_secrets),
        JsonNode::Object(entries) => {
            for (key, value) in entries.iter_mut() {
                match (sensitivity(key), &*value) {
                    (_, JsonNode::Null) => {}
                    (Some(Sensitivity::CardNumber), JsonNode::String(text))
                    | (Some(Sensitivity::CardNumber), JsonNode::Number(text)) => {
                        *value = JsonNode::String(mask_card_number(text));
                    }
                    (Some(_), _) => *value = JsonNode::String(HIDDEN.to_string()),
                    (None, _) => mask_secrets(value),
                }
            }
        }
        JsonNode::Null | JsonNode::Bool(_) | JsonNode::Number(_) | JsonNode::String(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_number_keeps_last_four() {
        assert_eq!(mask_card_number("4111111111111234"), "**** **** **** 1234");
        assert_eq!(
            mask_card_number("4111 1111 1111 9876"),
            "**** **** **** 9876"
        );
        assert_eq!(mask_card_number("123"), "**** **** **** ****");
    }

    #[test]
    fn nested_secrets_are_masked() {
        let mut node = JsonNode::parse(
            r#"{"cardId":"c1","cardNumber":"5555444433331111","cvv":"123","exp":"12/29",
                "cards":[{"pin":"1234","label":"x"}],"status":"ACTIVE","errorCode":"P1"}"#,
        )
        .unwrap();
        mask_secrets(&mut node);
        let text = serde_json::to_string(&node).unwrap();
        assert!(!text.contains("5555444433331111"), "{text}");
        assert!(!text.contains("\"123\""), "{text}");
        assert!(!text.contains("12/29"), "{text}");
        assert!(!text.contains("\"1234\""), "{text}");
        assert_eq!(
            node.field("cardNumber").unwrap().as_text(),
            Some("**** **** **** 1111")
        );
        assert_eq!(node.field("status").unwrap().as_text(), Some("ACTIVE"));
        assert_eq!(node.field("errorCode").unwrap().as_text(), Some("P1"));
    }
}
