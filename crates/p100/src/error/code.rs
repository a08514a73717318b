//! The `P`-codes P100 puts in `errorCode`, as an open enum: each code listed in the API
//! reference has a variant, and any other code is kept in [`ErrorCode::Unknown`].

use std::fmt;

/// Value of `errorCode` in a P100 error body.
///
/// Branch on the variant rather than on the text. [`ErrorCode::Unknown`] keeps other codes
/// verbatim, including the `HTTP<status>` codes the SDK gives to bodies that were not JSON.
///
/// ```
/// use p100::ErrorCode;
/// assert_eq!(ErrorCode::from_code("P433"), ErrorCode::InsufficientFunds);
/// assert_eq!(ErrorCode::InsufficientFunds.as_str(), "P433");
/// assert_eq!(ErrorCode::from_code("P999"), ErrorCode::Unknown("P999".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `P211`: proof of address is pending (sent with HTTP 202, not a failure).
    PoaPending,
    /// `P403`: the request failed validation; the message lists the failures.
    ValidationFailed,
    /// `P410`: `invalid-currency`.
    InvalidCurrency,
    /// `P411`: `user-exists`, a user with this `externalUserId` already exists.
    UserExists,
    /// `P412`: `invalid-user`, no user with this `externalUserId`.
    UnknownUser,
    /// `P418`: `partner-not-found`.
    PartnerNotFound,
    /// `P424`: `source-or-destination-required` (transfers).
    SourceOrDestinationRequired,
    /// `P426`: invalid file type (uploads).
    InvalidFileType,
    /// `P428`: `sepa-transfer-not-found`.
    SepaTransferNotFound,
    /// `P433`: `insufficient-funds`.
    InsufficientFunds,
    /// `P434`: `invalid-card`, the card does not exist.
    CardNotFound,
    /// `P440`: file too large (uploads).
    FileTooLarge,
    /// `P445`: no KYC record for the user.
    KycNotFound,
    /// `P447`: proof of address already verified.
    PoaAlreadyVerified,
    /// `P451`: `forbidden-country-card`, cards are not issued for the user's country.
    ForbiddenCountryCard,
    /// `P454`: the user cannot be suspended while they have active cards.
    ActiveCardsPreventSuspension,
    /// `P455`: `user-suspended`.
    UserSuspended,
    /// `P459`: the user is not verified.
    UserNotVerified,
    /// `P460`: no proof-of-address verification found.
    PoaVerificationNotFound,
    /// `P461`: the user has not been extended (no fiat account yet).
    UserNotExtended,
    /// `P500`: unknown exception on P100's side (sent with HTTP 400).
    UnknownException,
    /// `P501`: service temporarily unavailable (sent with HTTP 400).
    ServiceUnavailable,
    /// Any other code, verbatim.
    Unknown(String),
}

/// Known codes and their variants, in code order.
const KNOWN: &[(&str, ErrorCode)] = &[
    ("P211", ErrorCode::PoaPending),
    ("P403", ErrorCode::ValidationFailed),
    ("P410", ErrorCode::InvalidCurrency),
    ("P411", ErrorCode::UserExists),
    ("P412", ErrorCode::UnknownUser),
    ("P418", ErrorCode::PartnerNotFound),
    ("P424", ErrorCode::SourceOrDestinationRequired),
    ("P426", ErrorCode::InvalidFileType),
    ("P428", ErrorCode::SepaTransferNotFound),
    ("P433", ErrorCode::InsufficientFunds),
    ("P434", ErrorCode::CardNotFound),
    ("P440", ErrorCode::FileTooLarge),
    ("P445", ErrorCode::KycNotFound),
    ("P447", ErrorCode::PoaAlreadyVerified),
    ("P451", ErrorCode::ForbiddenCountryCard),
    ("P454", ErrorCode::ActiveCardsPreventSuspension),
    ("P455", ErrorCode::UserSuspended),
    ("P459", ErrorCode::UserNotVerified),
    ("P460", ErrorCode::PoaVerificationNotFound),
    ("P461", ErrorCode::UserNotExtended),
    ("P500", ErrorCode::UnknownException),
    ("P501", ErrorCode::ServiceUnavailable),
];

impl ErrorCode {
    /// Parses an `errorCode` value; the match ignores ASCII case and surrounding whitespace.
    pub fn from_code(code: &str) -> Self {
        let code = code.trim();
        KNOWN
            .iter()
            .find(|(text, _)| text.eq_ignore_ascii_case(code))
            .map(|(_, variant)| variant.clone())
            .unwrap_or_else(|| Self::Unknown(code.to_string()))
    }

    /// Returns the code as P100 writes it, such as `P433`.
    pub fn as_str(&self) -> &str {
        if let Self::Unknown(code) = self {
            return code;
        }
        KNOWN
            .iter()
            .find(|(_, variant)| variant == self)
            .map(|(text, _)| *text)
            .unwrap_or("")
    }

    /// Returns `true` for codes that mean the addressed resource does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Self::UnknownUser
                | Self::PartnerNotFound
                | Self::SepaTransferNotFound
                | Self::CardNotFound
                | Self::KycNotFound
                | Self::PoaVerificationNotFound
        )
    }

    /// Returns `true` when the code has no variant of its own.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Self::Unknown(_))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ErrorCode {
    type Err = std::convert::Infallible;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_code(code))
    }
}

impl From<&str> for ErrorCode {
    fn from(code: &str) -> Self {
        Self::from_code(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips() {
        for (text, variant) in KNOWN {
            assert_eq!(&ErrorCode::from_code(text), variant);
            assert_eq!(variant.as_str(), *text);
        }
    }

    #[test]
    fn parsing_ignores_case_and_keeps_unknown_codes() {
        assert_eq!(ErrorCode::from_code(" p434 "), ErrorCode::CardNotFound);
        assert_eq!(ErrorCode::from_code("HTTP503").as_str(), "HTTP503");
        assert!(ErrorCode::from_code("P999").is_unknown());
    }
}
