//! The webhook kinds P100 sends, and how a delivery path or an envelope `event_type` maps to one.
//!
//! P100 puts no event type in the body: it posts each kind to its own path on the partner's
//! server. The paths come from the spec's `x-webhooks` section through
//! [`p100_raw::webhooks::WEBHOOKS`]; several of them are inferred there.

use p100_raw::webhooks::{WEBHOOKS, WebhookInfo};

/// One kind of webhook, named after its entry in the spec's `x-webhooks` section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum WebhookKind {
    /// One-time 3-D Secure code for a card payment.
    Card3dsCode,
    /// Code that activates a card.
    CardActivationCode,
    /// Card payment (fields not documented).
    CardTransaction,
    /// Status change of an incoming crypto deposit.
    CryptoDeposit,
    /// Status change of a crypto withdrawal.
    CryptoWithdrawal,
    /// Final state of an exchange (fields not documented).
    Exchange,
    /// First-party check of an incoming SEPA transfer's IBAN.
    IbanStatus,
    /// KYC document upload accepted or rejected.
    KycFileAdded,
    /// Progress of a KYC verification done by P100.
    KycVerificationStatus,
    /// Status change of an order (fields not documented).
    OrderStatus,
    /// Payment link event (fields not documented).
    PaymentLink,
    /// Status change of a proof-of-address check.
    PoaVerificationStatus,
    /// Incoming SEPA deposit credited to a user (fields not documented).
    SepaDeposit,
    /// Final outcome of an outgoing SEPA transfer.
    SepaTransfer,
    /// Internal transfer between the partner and a user.
    Transfer,
    /// User status change, in particular balances created and status `ACTIVE`.
    UserBalanceGeneration,
}

impl WebhookKind {
    /// Every kind, in the order of [`WEBHOOKS`] (sorted by name).
    pub const ALL: &'static [WebhookKind] = &[
        Self::Card3dsCode,
        Self::CardActivationCode,
        Self::CardTransaction,
        Self::CryptoDeposit,
        Self::CryptoWithdrawal,
        Self::Exchange,
        Self::IbanStatus,
        Self::KycFileAdded,
        Self::KycVerificationStatus,
        Self::OrderStatus,
        Self::PaymentLink,
        Self::PoaVerificationStatus,
        Self::SepaDeposit,
        Self::SepaTransfer,
        Self::Transfer,
        Self::UserBalanceGeneration,
    ];

    /// Returns the key of the kind's `x-webhooks` entry, such as `cryptoDeposit`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Card3dsCode => "card3dsCode",
            Self::CardActivationCode => "cardActivationCode",
            Self::CardTransaction => "cardTransaction",
            Self::CryptoDeposit => "cryptoDeposit",
            Self::CryptoWithdrawal => "cryptoWithdrawal",
            Self::Exchange => "exchange",
            Self::IbanStatus => "ibanStatus",
            Self::KycFileAdded => "kycFileAdded",
            Self::KycVerificationStatus => "kycVerificationStatus",
            Self::OrderStatus => "orderStatus",
            Self::PaymentLink => "paymentLink",
            Self::PoaVerificationStatus => "poaVerificationStatus",
            Self::SepaDeposit => "sepaDeposit",
            Self::SepaTransfer => "sepaTransfer",
            Self::Transfer => "transfer",
            Self::UserBalanceGeneration => "userBalanceGeneration",
        }
    }

    /// Returns the spec's facts about this kind: delivery path, payload schema and evidence.
    pub fn info(self) -> &'static WebhookInfo {
        // The variants are declared in the order of WEBHOOKS (sorted by name), so the
        // discriminant is the entry's index. The unit tests check both tables after each
        // regeneration.
        &WEBHOOKS[self as usize]
    }

    /// Returns the path on the partner's server that P100 posts this kind to, such as
    /// `/webhook/user/status`.
    pub fn delivery_path(self) -> &'static str {
        self.info().delivery_path
    }

    /// Finds the kind with the `x-webhooks` key `name` (such as `cryptoDeposit`).
    pub fn from_name(name: &str) -> Option<WebhookKind> {
        Self::ALL.iter().copied().find(|kind| kind.name() == name)
    }

    /// Finds the kind delivered to `path`.
    ///
    /// The path may carry a prefix under which the partner mounts the receiver
    /// (`/p100/webhook/user/status`), a query string and a trailing slash. When several delivery
    /// paths end the given path, the longest one wins.
    pub fn from_path(path: &str) -> Option<WebhookKind> {
        let path = normalize_path(path);
        Self::ALL
            .iter()
            .copied()
            .filter(|kind| path.ends_with(kind.delivery_path()))
            .max_by_key(|kind| kind.delivery_path().len())
    }

    /// Finds the kind named by an envelope's `event_type`, such as
    /// `crypto_deposit.status_changed`.
    ///
    /// The docs show one name only, so the match is tolerant. The whole name, then the part
    /// before the first `.`, is compared with each kind's name and with the resource part of
    /// its delivery path, ignoring case, `_`, `-` and `.`. Thus `cryptoDeposit`,
    /// `crypto_deposit.status_changed`, `kyc_files.status` and `user.status` all match.
    pub fn from_event_type(event_type: &str) -> Option<WebhookKind> {
        let head = event_type.split('.').next().unwrap_or(event_type);
        [simplify(event_type), simplify(head)]
            .into_iter()
            .filter(|candidate| !candidate.is_empty())
            .find_map(|candidate| {
                Self::ALL.iter().copied().find(|kind| {
                    candidate == simplify(kind.name())
                        || candidate == simplify(&path_resource(kind.delivery_path()))
                })
            })
    }
}

impl std::fmt::Display for WebhookKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Drops the query string and any trailing `/` from a request path.
pub(crate) fn normalize_path(path: &str) -> &str {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() { "/" } else { trimmed }
}

/// Lowercases and keeps letters and digits only, so `crypto_deposit`, `crypto-deposit` and
/// `cryptoDeposit` compare equal.
fn simplify(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Returns the resource part of a delivery path: `/webhook/kyc-files/status` gives `kyc-files`,
/// `/crypto-deposit-webhook` gives `crypto-deposit`.
fn path_resource(delivery_path: &str) -> String {
    let inner = delivery_path.trim_start_matches('/');
    let inner = inner.strip_prefix("webhook/").unwrap_or(inner);
    let inner = inner.strip_suffix("/status").unwrap_or(inner);
    let inner = inner.strip_suffix("-webhook").unwrap_or(inner);
    inner.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_generated_entry() {
        assert_eq!(WebhookKind::ALL.len(), WEBHOOKS.len());
        for (kind, hook) in WebhookKind::ALL.iter().zip(WEBHOOKS) {
            assert_eq!(kind.name(), hook.name);
        }
    }

    #[test]
    fn info_is_the_entry_of_the_same_name() {
        for kind in WebhookKind::ALL.iter().copied() {
            let entry = WEBHOOKS
                .iter()
                .find(|hook| hook.name == kind.name())
                .unwrap_or_else(|| panic!("no WEBHOOKS entry named {}", kind.name()));
            assert_eq!(kind.info().name, entry.name);
            assert_eq!(kind.delivery_path(), entry.delivery_path, "{kind:?}");
            assert_eq!(WebhookKind::from_path(entry.delivery_path), Some(kind));
        }
    }

    #[test]
    fn from_path_accepts_prefix_query_and_slash() {
        let kind = Some(WebhookKind::UserBalanceGeneration);
        assert_eq!(WebhookKind::from_path("/webhook/user/status"), kind);
        assert_eq!(WebhookKind::from_path("/p100/webhook/user/status/"), kind);
        assert_eq!(WebhookKind::from_path("/webhook/user/status?x=1"), kind);
        assert_eq!(WebhookKind::from_path("/webhook/user/statusx"), None);
    }

    #[test]
    fn from_path_keeps_transfer_and_sepa_apart() {
        let sepa = WebhookKind::from_path("/hooks/sepa-transfer-webhook");
        assert_eq!(sepa, Some(WebhookKind::SepaTransfer));
        let transfer = WebhookKind::from_path("/hooks/transfer-webhook");
        assert_eq!(transfer, Some(WebhookKind::Transfer));
    }

    #[test]
    fn from_event_type_is_tolerant() {
        let deposit = Some(WebhookKind::CryptoDeposit);
        assert_eq!(
            WebhookKind::from_event_type("crypto_deposit.status_changed"),
            deposit
        );
        assert_eq!(WebhookKind::from_event_type("cryptoDeposit"), deposit);
        assert_eq!(WebhookKind::from_event_type("CRYPTO-DEPOSIT"), deposit);
        let user = Some(WebhookKind::UserBalanceGeneration);
        assert_eq!(WebhookKind::from_event_type("user.status_changed"), user);
        let kyc_file = Some(WebhookKind::KycFileAdded);
        assert_eq!(WebhookKind::from_event_type("kyc_files.status"), kyc_file);
        assert_eq!(WebhookKind::from_event_type("kyc.file_added"), kyc_file);
        let kyc = Some(WebhookKind::KycVerificationStatus);
        assert_eq!(WebhookKind::from_event_type("kyc.status_changed"), kyc);
        assert_eq!(WebhookKind::from_event_type("something_new.happened"), None);
        assert_eq!(WebhookKind::from_event_type(""), None);
    }
}
