//! Typed webhook events and the parser that picks the type from the delivery path.
//!
//! P100 sends flat JSON objects with no event type, one kind per path. One docs page instead
//! shows an envelope `{"event_type": "...", "data": {...}}`, so the parser accepts that form
//! too. Parsing never fails on content it does not know: an unknown path or event type gives
//! [`Event::Unknown`], and a body that does not fit its kind's type gives [`Event::Unparsed`].
//! Only a body that is not JSON at all is an error.

use p100_raw::types;
use serde_json::Value;
use serde_json::value::RawValue;

use super::error::WebhookError;
use super::kind::{WebhookKind, normalize_path};

/// One webhook delivery, typed by its kind.
///
/// Payload types are the spec's schemas in [`p100_raw::types`]. Their status fields are open
/// enums and unknown fields are ignored, so a payload with new values still parses.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// One-time 3-D Secure code for a card payment.
    Card3dsCode(types::Card3dsCodeWebhook),
    /// Code that activates a card.
    CardActivationCode(types::CardActivationCodeWebhook),
    /// Card payment; the fields are not documented, so the body is kept as a JSON object.
    CardTransaction(types::CardTransactionWebhook),
    /// Status change of an incoming crypto deposit.
    CryptoDeposit(types::CryptoDepositWebhook),
    /// Status change of a crypto withdrawal.
    CryptoWithdrawal(types::CryptoWithdrawalWebhook),
    /// Final state of an exchange; the fields are not documented.
    Exchange(types::ExchangeWebhook),
    /// First-party check of an incoming SEPA transfer's IBAN.
    IbanStatus(types::IbanStatusWebhook),
    /// KYC document upload accepted (`ADDED`) or rejected (`ERROR`).
    KycFileAdded(types::KycFileAddedWebhook),
    /// Progress of a KYC verification done by P100.
    KycVerificationStatus(types::KycVerificationStatusWebhook),
    /// Status change of an order; the fields are not documented.
    OrderStatus(types::OrderStatusWebhook),
    /// Payment link event; the fields are not documented.
    PaymentLink(types::PaymentLinkWebhook),
    /// Status change of a proof-of-address check.
    PoaVerificationStatus(types::PoaVerificationStatusWebhook),
    /// Incoming SEPA deposit; the fields are not documented.
    SepaDeposit(types::SepaDepositWebhook),
    /// Final outcome of an outgoing SEPA transfer.
    SepaTransfer(types::SepaTransferWebhook),
    /// Internal transfer between the partner and a user.
    Transfer(types::TransferWebhook),
    /// User status change, in particular balances created and status `ACTIVE`.
    UserBalanceGeneration(types::UserBalanceGenerationWebhook),

    /// A delivery of a known kind whose body does not fit that kind's payload type, for
    /// example because a required field is missing. Kept so that the event is not lost.
    Unparsed {
        /// Kind chosen from the path or the envelope's `event_type`.
        kind: WebhookKind,
        /// Deserialization error that shows where the body differs from the payload type.
        error: String,
        /// The payload as received (the envelope's `data` for the envelope form).
        raw: Value,
    },

    /// A delivery this SDK version does not know: the path matches no documented delivery
    /// path and the body names no known `event_type`. New webhook kinds arrive here.
    Unknown {
        /// Request path the body was posted to.
        path: String,
        /// The envelope's `event_type`, when the body was an envelope.
        event_type: Option<String>,
        /// The whole body as received.
        raw: Value,
    },
}

impl Event {
    /// Parses a delivery posted to `path` without checking its token.
    ///
    /// Use [`Verifier::parse`](super::Verifier::parse) for requests from the network; this
    /// function is for bodies that were verified elsewhere.
    ///
    /// The kind is chosen as follows. For the envelope form (a JSON object with a string
    /// `event_type` and an object `data`), the `event_type` decides, and the path is the
    /// fallback when the name is unknown. For a flat body, the path decides; it may carry a
    /// mount prefix, because only its end is compared with the documented delivery paths.
    ///
    /// The typed payload is deserialized from the body text, not from a [`Value`], so an
    /// amount sent as a JSON number keeps its exact digits (`10.10` stays `10.10`).
    ///
    /// # Errors
    /// [`WebhookError::InvalidPayload`] when the body is not valid JSON. Everything else gives
    /// an event, possibly [`Event::Unknown`] or [`Event::Unparsed`].
    pub fn parse(path: &str, body: &[u8]) -> Result<Event, WebhookError> {
        // serde_json skips unknown fields without checking their UTF-8 or their `\u` escapes,
        // so a body that is not UTF-8 or contains a backslash is parsed into a `Value` up
        // front, which rejects it as a full parse does. Other bodies are parsed into a `Value`
        // only when the typed parse fails or the event carries the payload.
        // NOTE: serde_json also skips unknown fields without its 128-level nesting limit, so a
        // body whose unknown field nests deeper parses into a typed event, not InvalidPayload.
        let checked = if std::str::from_utf8(body).is_err() || body.contains(&b'\\') {
            Some(parse_value(path, body)?)
        } else {
            None
        };

        // Without escapes, an envelope spells its key as the plain bytes `"event_type"`.
        let envelope = if checked.is_some() || contains_event_type_key(body) {
            Envelope::probe(body)
        } else {
            None
        };
        if let Some((event_type, data)) = envelope {
            let kind = WebhookKind::from_event_type(&event_type).or(WebhookKind::from_path(path));
            let Some(kind) = kind else {
                return Ok(Event::Unknown {
                    path: path.to_string(),
                    event_type: Some(event_type),
                    raw: value_or_parse(checked, path, body)?,
                });
            };
            return match typed_from_text(kind, data.get().as_bytes()) {
                Ok(event) => Ok(event),
                Err(error) => {
                    let raw = match checked {
                        Some(value) => value.get("data").cloned().unwrap_or(Value::Null),
                        None => parse_value(path, data.get().as_bytes())?,
                    };
                    Ok(Self::from_result(kind, Err(error), || raw))
                }
            };
        }

        let Some(kind) = WebhookKind::from_path(path) else {
            return Ok(Event::Unknown {
                path: path.to_string(),
                event_type: None,
                raw: value_or_parse(checked, path, body)?,
            });
        };
        match typed_from_text(kind, body) {
            Ok(event) => Ok(event),
            Err(error) => {
                // The typed parse also fails on a body that is not JSON, which the `Value`
                // parse reports as `InvalidPayload` before any `Unparsed` warning is logged.
                let raw = value_or_parse(checked, path, body)?;
                Ok(Self::from_result(kind, Err(error), || raw))
            }
        }
    }

    /// Builds the typed event of `kind` from a flat payload, or [`Event::Unparsed`] when the
    /// payload does not fit the kind's type.
    ///
    /// A `Value` stores JSON numbers as `f64`, so an amount sent as a number loses trailing
    /// zeros (`10.10` becomes `10.1`) and can lose digits beyond the 15th significant one.
    /// [`Event::parse`] reads the payload from the JSON text instead and keeps every digit.
    pub fn from_payload(kind: WebhookKind, payload: Value) -> Event {
        let result = typed(kind, &payload);
        Self::from_result(kind, result, || payload)
    }

    /// Turns a deserialization result into an event. A failure is logged by category and
    /// becomes [`Event::Unparsed`], carrying the payload that `raw` builds.
    fn from_result(
        kind: WebhookKind,
        result: Result<Event, serde_json::Error>,
        raw: impl FnOnce() -> Value,
    ) -> Event {
        match result {
            Ok(event) => event,
            Err(error) => {
                // The serde message can quote a field value, so only its category is logged.
                tracing::warn!(
                    webhook = kind.name(),
                    category = ?error.classify(),
                    "webhook payload does not fit its documented type; delivering it as Unparsed"
                );
                Event::Unparsed {
                    kind,
                    error: error.to_string(),
                    raw: raw(),
                }
            }
        }
    }

    /// Returns the kind of the event, or `None` for [`Event::Unknown`].
    pub fn kind(&self) -> Option<WebhookKind> {
        Some(match self {
            Event::Card3dsCode(_) => WebhookKind::Card3dsCode,
            Event::CardActivationCode(_) => WebhookKind::CardActivationCode,
            Event::CardTransaction(_) => WebhookKind::CardTransaction,
            Event::CryptoDeposit(_) => WebhookKind::CryptoDeposit,
            Event::CryptoWithdrawal(_) => WebhookKind::CryptoWithdrawal,
            Event::Exchange(_) => WebhookKind::Exchange,
            Event::IbanStatus(_) => WebhookKind::IbanStatus,
            Event::KycFileAdded(_) => WebhookKind::KycFileAdded,
            Event::KycVerificationStatus(_) => WebhookKind::KycVerificationStatus,
            Event::OrderStatus(_) => WebhookKind::OrderStatus,
            Event::PaymentLink(_) => WebhookKind::PaymentLink,
            Event::PoaVerificationStatus(_) => WebhookKind::PoaVerificationStatus,
            Event::SepaDeposit(_) => WebhookKind::SepaDeposit,
            Event::SepaTransfer(_) => WebhookKind::SepaTransfer,
            Event::Transfer(_) => WebhookKind::Transfer,
            Event::UserBalanceGeneration(_) => WebhookKind::UserBalanceGeneration,
            Event::Unparsed { kind, .. } => *kind,
            Event::Unknown { .. } => return None,
        })
    }

    /// Returns the flat JSON payload of the event, as P100 would post it.
    ///
    /// Amounts are written as JSON strings, which the parser reads back unchanged. For
    /// [`Event::Unknown`] this is the whole body as received.
    pub fn to_payload(&self) -> Value {
        let serialized = match self {
            Event::Card3dsCode(payload) => serde_json::to_value(payload),
            Event::CardActivationCode(payload) => serde_json::to_value(payload),
            Event::CardTransaction(payload) => serde_json::to_value(payload),
            Event::CryptoDeposit(payload) => serde_json::to_value(payload),
            Event::CryptoWithdrawal(payload) => serde_json::to_value(payload),
            Event::Exchange(payload) => serde_json::to_value(payload),
            Event::IbanStatus(payload) => serde_json::to_value(payload),
            Event::KycFileAdded(payload) => serde_json::to_value(payload),
            Event::KycVerificationStatus(payload) => serde_json::to_value(payload),
            Event::OrderStatus(payload) => serde_json::to_value(payload),
            Event::PaymentLink(payload) => serde_json::to_value(payload),
            Event::PoaVerificationStatus(payload) => serde_json::to_value(payload),
            Event::SepaDeposit(payload) => serde_json::to_value(payload),
            Event::SepaTransfer(payload) => serde_json::to_value(payload),
            Event::Transfer(payload) => serde_json::to_value(payload),
            Event::UserBalanceGeneration(payload) => serde_json::to_value(payload),
            Event::Unparsed { raw, .. } | Event::Unknown { raw, .. } => Ok(raw.clone()),
        };
        // The payload types are plain structs and maps with string keys, which always
        // serialize; `Null` is never returned in practice.
        serialized.unwrap_or(Value::Null)
    }
}

/// Top-level fields that mark the envelope form, with `data` kept as its JSON text.
#[derive(serde::Deserialize)]
struct Envelope {
    event_type: Option<String>,
    data: Option<Box<RawValue>>,
}

impl Envelope {
    /// Returns `(event_type, data)` when `body` is a JSON object with a string `event_type`
    /// and an object `data`. Any other body, including one where either field has another
    /// JSON type, is a flat payload.
    fn probe(body: &[u8]) -> Option<(String, Box<RawValue>)> {
        let envelope: Envelope = serde_json::from_slice(body).ok()?;
        let data = envelope.data.filter(|data| data.get().starts_with('{'))?;
        Some((envelope.event_type?, data))
    }
}

/// Parses `body` into a `Value`, or returns [`WebhookError::InvalidPayload`] when it is not JSON.
fn parse_value(path: &str, body: &[u8]) -> Result<Value, WebhookError> {
    serde_json::from_slice(body).map_err(|source| WebhookError::InvalidPayload {
        path: normalize_path(path).to_string(),
        source,
    })
}

/// Returns `checked`, or parses `body` when it has not been parsed into a `Value` yet.
fn value_or_parse(checked: Option<Value>, path: &str, body: &[u8]) -> Result<Value, WebhookError> {
    match checked {
        Some(value) => Ok(value),
        None => parse_value(path, body),
    }
}

/// Returns true when `body` contains the bytes `"event_type"`.
fn contains_event_type_key(body: &[u8]) -> bool {
    const KEY: &[u8] = b"\"event_type\"";
    body.windows(KEY.len()).any(|window| window == KEY)
}

/// Deserializes the JSON text `payload` into the type of `kind`, so amounts keep the exact
/// digits of the text.
fn typed_from_text(kind: WebhookKind, payload: &[u8]) -> Result<Event, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(payload);
    let event = typed(kind, &mut deserializer)?;
    deserializer.end()?;
    Ok(event)
}

/// Deserializes `payload` into the type of `kind`.
fn typed<'de, D>(kind: WebhookKind, payload: D) -> Result<Event, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;

    Ok(match kind {
        WebhookKind::Card3dsCode => Event::Card3dsCode(Deserialize::deserialize(payload)?),
        WebhookKind::CardActivationCode => {
            Event::CardActivationCode(Deserialize::deserialize(payload)?)
        }
        WebhookKind::CardTransaction => Event::CardTransaction(Deserialize::deserialize(payload)?),
        WebhookKind::CryptoDeposit => Event::CryptoDeposit(Deserialize::deserialize(payload)?),
        WebhookKind::CryptoWithdrawal => {
            Event::CryptoWithdrawal(Deserialize::deserialize(payload)?)
        }
        WebhookKind::Exchange => Event::Exchange(Deserialize::deserialize(payload)?),
        WebhookKind::IbanStatus => Event::IbanStatus(Deserialize::deserialize(payload)?),
        WebhookKind::KycFileAdded => Event::KycFileAdded(Deserialize::deserialize(payload)?),
        WebhookKind::KycVerificationStatus => {
            Event::KycVerificationStatus(Deserialize::deserialize(payload)?)
        }
        WebhookKind::OrderStatus => Event::OrderStatus(Deserialize::deserialize(payload)?),
        WebhookKind::PaymentLink => Event::PaymentLink(Deserialize::deserialize(payload)?),
        WebhookKind::PoaVerificationStatus => {
            Event::PoaVerificationStatus(Deserialize::deserialize(payload)?)
        }
        WebhookKind::SepaDeposit => Event::SepaDeposit(Deserialize::deserialize(payload)?),
        WebhookKind::SepaTransfer => Event::SepaTransfer(Deserialize::deserialize(payload)?),
        WebhookKind::Transfer => Event::Transfer(Deserialize::deserialize(payload)?),
        WebhookKind::UserBalanceGeneration => {
            Event::UserBalanceGeneration(Deserialize::deserialize(payload)?)
        }
    })
}
