//! Masks secrets in text the SDK puts into errors: response bodies that failed to decode and
//! parser messages.
//!
//! Masking takes two passes. First, the values of sensitive keys (`cardNumber`, `cvv`, `pin`,
//! `x-api-key`, `authorization`, ...) in JSON, header or query syntax become `<redacted>`.
//! Then every run of 13 to 19 digits, the length of a card number, keeps only its last four
//! digits, also when spaces or dashes group the digits. A run joined to letters, digits or
//! an id separator on either side is part of a longer id (a UUID, a reference) and is kept.
//!
//! Errors also lose the values of the caller's secrets (the API key, a PIN) wherever P100
//! echoes them back. [`api_key_value`] states the length rule for the API key.

mod card_number;

use card_number::mask_card_numbers;

/// Keys whose values are always masked, compared in ASCII lower case.
const SENSITIVE_KEYS: &[&str] = &[
    "cardnumber",
    "card_number",
    "cvv",
    "cvc",
    "pin",
    "exp",
    "x-api-key",
    "apikey",
    "api_key",
    "authorization",
    "token",
];

/// Maximum number of body bytes scanned for a decode error.
const MAX_SCANNED_BODY: usize = 64 * 1024;

/// Maximum number of characters of a body kept in a decode error.
const MAX_BODY_PREFIX: usize = 512;

/// Minimum length of an API key that error messages are scrubbed of by value.
///
/// Replacing every occurrence of a very short key mangles unrelated text: the key `k` turns
/// `kyc-not-found` into `<redacted>yc-not-found`. Real P100 keys are far longer than this, and
/// a shorter key is still masked where it follows a key name such as `x-api-key:`.
pub(crate) const MIN_API_KEY_LENGTH_FOR_VALUE_MASKING: usize = 8;

/// Returns `key` when it is long enough to be masked by value in error messages, so
/// [`MIN_API_KEY_LENGTH_FOR_VALUE_MASKING`] characters or more, and `None` otherwise.
pub(crate) fn api_key_value(key: &str) -> Option<&str> {
    (key.chars().count() >= MIN_API_KEY_LENGTH_FOR_VALUE_MASKING).then_some(key)
}

/// Returns the start of `body` as text with secrets masked, for [`crate::Error::Decode`].
pub(crate) fn body_prefix(body: &[u8]) -> String {
    let scanned = &body[..body.len().min(MAX_SCANNED_BODY)];
    let masked = text(&String::from_utf8_lossy(scanned));

    let mut prefix: String = masked.chars().take(MAX_BODY_PREFIX).collect();
    if prefix.len() < masked.len() || scanned.len() < body.len() {
        prefix.push('…');
    }
    if prefix.is_empty() {
        prefix.push_str("<empty>");
    }
    prefix
}

/// Masks sensitive key values and card numbers in `input`.
pub(crate) fn text(input: &str) -> String {
    mask_card_numbers(&mask_sensitive_values(input))
}

/// Masks every double-quoted span of a parser message: serde quotes the offending value
/// there (`invalid type: string "4111…"`), while field names stay in backticks.
pub(crate) fn parser_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for ch in message.chars() {
        if ch == '"' {
            if !inside {
                out.push_str("\"<redacted>");
            }
            inside = !inside;
            if !inside {
                out.push('"');
            }
            continue;
        }
        if !inside {
            out.push(ch);
        }
    }
    mask_card_numbers(&out)
}

fn is_key_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// Replaces the value after each sensitive key (`"key": value`, `key=value`, `key: value`).
fn mask_sensitive_values(input: &str) -> String {
    let lower = input.to_ascii_lowercase();
    let lower = lower.as_bytes();
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut copied = 0;
    let mut index = 0;

    while index < bytes.len() {
        let Some(mut value) = sensitive_value_at(lower, bytes, index) else {
            index += 1;
            continue;
        };
        while !input.is_char_boundary(value.end) {
            value.end += 1;
        }
        out.push_str(&input[copied..value.start]);
        out.push_str("<redacted>");
        copied = value.end;
        index = value.end.max(index + 1);
    }
    out.push_str(&input[copied..]);
    out
}

/// Returns the byte range of the value when a sensitive key starts at `index`.
fn sensitive_value_at(lower: &[u8], bytes: &[u8], index: usize) -> Option<std::ops::Range<usize>> {
    if index > 0 && is_key_char(bytes[index - 1]) {
        return None;
    }
    let key = SENSITIVE_KEYS
        .iter()
        .find(|key| lower[index..].starts_with(key.as_bytes()))?;

    let mut cursor = index + key.len();
    if cursor < bytes.len() && is_key_char(bytes[cursor]) {
        return None;
    }
    if cursor < bytes.len() && (bytes[cursor] == b'"' || bytes[cursor] == b'\'') {
        cursor += 1;
    }
    cursor = skip_spaces(bytes, cursor);
    if cursor >= bytes.len() || !(bytes[cursor] == b':' || bytes[cursor] == b'=') {
        return None;
    }
    cursor = skip_spaces(bytes, cursor + 1);

    if cursor < bytes.len() && bytes[cursor] == b'"' {
        let start = cursor + 1;
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        return Some(start..end.min(bytes.len()));
    }

    let start = cursor;
    let mut end = start;
    while end < bytes.len() && !b",}]&;\r\n".contains(&bytes[end]) {
        end += 1;
    }
    (end > start).then_some(start..end)
}

fn skip_spaces(bytes: &[u8], mut cursor: usize) -> usize {
    while cursor < bytes.len() && (bytes[cursor] == b' ' || bytes[cursor] == b'\t') {
        cursor += 1;
    }
    cursor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_values_are_masked_in_json_and_headers() {
        let body = r#"{"cardNumber":"5555444433331111","cvv":"123","pin":4321,"label":"ok"}"#;
        let masked = text(body);
        assert!(!masked.contains("5555444433331111"));
        assert!(!masked.contains("123\""));
        assert!(!masked.contains("4321"));
        assert!(masked.contains(r#""label":"ok""#));
        assert_eq!(
            text("x-api-key: sk_live_abc\nok"),
            "x-api-key: <redacted>\nok"
        );
        assert_eq!(text("pin=1234&a=b"), "pin=<redacted>&a=b");
    }

    #[test]
    fn keys_inside_other_words_are_kept() {
        assert_eq!(
            text(r#"{"expiresAt":"2025-01-01","spinner":"x"}"#)
                .matches("<redacted>")
                .count(),
            0
        );
    }

    #[test]
    fn api_key_value_needs_eight_characters() {
        assert_eq!(api_key_value("k"), None);
        assert_eq!(api_key_value("1234567"), None);
        assert_eq!(api_key_value("12345678"), Some("12345678"));
        assert_eq!(
            api_key_value("sk-live-0123456789"),
            Some("sk-live-0123456789")
        );
    }

    #[test]
    fn body_prefix_is_cut_and_marked() {
        let long = "a".repeat(2_000);
        let prefix = body_prefix(long.as_bytes());
        assert_eq!(prefix.chars().count(), MAX_BODY_PREFIX + 1);
        assert!(prefix.ends_with('…'));
        assert_eq!(body_prefix(b""), "<empty>");
    }

    #[test]
    fn parser_messages_lose_quoted_values() {
        let message = parser_message(r#"invalid type: string "4111111111111111", expected u64"#);
        assert_eq!(
            message,
            r#"invalid type: string "<redacted>", expected u64"#
        );
    }
}
