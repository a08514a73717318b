//! The partner API key, kept as a secret: it is sent in the `x-api-key` header and never
//! appears in `Debug`, `Display`, logs or error messages.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;

use crate::error::ConfigError;

/// A P100 partner API key.
///
/// `Debug` and `Display` print `<redacted>`; the SDK reads the key only to build the
/// `x-api-key` header.
///
/// ```
/// let key = p100::ApiKey::new("sk-staging-123").unwrap();
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(Arc<str>);

impl ApiKey {
    /// Creates a key from its text, trimmed of surrounding whitespace.
    ///
    /// # Errors
    /// [`ConfigError::MissingApiKey`] when the text is empty, and
    /// [`ConfigError::InvalidApiKey`] when it contains characters that an HTTP header value
    /// cannot carry (control characters or non-ASCII text).
    pub fn new(key: impl AsRef<str>) -> Result<Self, ConfigError> {
        let key = key.as_ref().trim();
        if key.is_empty() {
            return Err(ConfigError::MissingApiKey);
        }
        if HeaderValue::from_str(key).is_err() || !key.is_ascii() {
            return Err(ConfigError::InvalidApiKey);
        }
        Ok(Self(Arc::from(key)))
    }

    /// Returns the clear key, for the `x-api-key` header only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::str::FromStr for ApiKey {
    type Err = ConfigError;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        Self::new(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_hides_the_key() {
        let key = ApiKey::new("  secret-key-42 ").unwrap();
        assert_eq!(key.expose(), "secret-key-42");
        assert!(!format!("{key:?}").contains("secret"));
        assert!(!key.to_string().contains("secret"));
    }

    #[test]
    fn empty_and_non_header_keys_are_rejected() {
        assert!(matches!(
            ApiKey::new("   "),
            Err(ConfigError::MissingApiKey)
        ));
        assert!(matches!(
            ApiKey::new("a\nb"),
            Err(ConfigError::InvalidApiKey)
        ));
        assert!(matches!(
            ApiKey::new("clé"),
            Err(ConfigError::InvalidApiKey)
        ));
    }
}
