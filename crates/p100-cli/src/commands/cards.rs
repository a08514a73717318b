//! `p100 cards`: virtual cards of a user.
//!
//! The SDK returns card numbers, CVVs and expiry dates as secret types that cannot be
//! serialized. This module reveals them into a plain [`CardView`], and the output layer masks
//! them again unless `--show-secrets` is given.

use clap::{Args, Subcommand};
use p100::types::CardLimitsUpdate;
use p100::{AmountNumber, CardDetails, CreatedCard, Decimal, Pin};
use serde::Serialize;

use super::{Context, api_error};
use crate::error::CliError;

/// Card subcommands.
#[derive(Debug, Subcommand)]
pub enum CardsCommand {
    /// Issue a virtual card to a user.
    Create(CreateArgs),
    /// List a user's cards.
    List(UserArgs),
    /// Show a card's number, CVV, expiry and status (masked without --show-secrets).
    Details(CardArgs),
    /// Change a card's PIN.
    Pin(PinArgs),
    /// Block a card; reversible with `unblock`.
    Block(CardArgs),
    /// Unblock a blocked card.
    Unblock(CardArgs),
    /// Read or change a card's transaction limits.
    #[command(subcommand)]
    Limits(LimitsCommand),
    /// Delete a card permanently.
    Delete(CardArgs),
}

/// Card limit subcommands.
#[derive(Debug, Subcommand)]
pub enum LimitsCommand {
    /// Show a card's limits.
    Get(CardArgs),
    /// Replace all six limits of a card.
    Set(SetLimitsArgs),
}

/// A user.
#[derive(Debug, Args)]
pub struct UserArgs {
    /// The partner's id for the user.
    #[arg(long)]
    pub user: String,
}

/// A card of a user.
#[derive(Debug, Args)]
pub struct CardArgs {
    /// The partner's id for the card holder.
    #[arg(long)]
    pub user: String,
    /// P100's id of the card.
    pub card: String,
}

/// Arguments of `cards create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The partner's id for the card holder.
    #[arg(long)]
    pub user: String,
    /// Card label shown to the holder (3 to 30 characters).
    #[arg(long)]
    pub label: String,
    /// Four-digit PIN; without it, P100_CARD_PIN is read. Prefer the variable: a flag is
    /// visible to other local users in the process list.
    #[arg(long)]
    pub pin: Option<String>,
}

/// Arguments of `cards pin`.
#[derive(Debug, Args)]
pub struct PinArgs {
    #[command(flatten)]
    pub card: CardArgs,
    /// New four-digit PIN; without it, P100_CARD_PIN is read. Prefer the variable: a flag is
    /// visible to other local users in the process list.
    #[arg(long)]
    pub pin: Option<String>,
}

/// Arguments of `cards limits set`. Limits are plain decimals (e.g. 500 or 0.5, at most 8
/// decimal places) in the card's currency.
#[derive(Debug, Args)]
pub struct SetLimitsArgs {
    #[command(flatten)]
    pub card: CardArgs,
    /// Daily limit over all transactions.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_limit_amount)]
    pub daily_all: Decimal,
    /// Monthly limit over all transactions.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_limit_amount)]
    pub monthly_all: Decimal,
    /// Daily limit for ATM withdrawals.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_limit_amount)]
    pub daily_atm: Decimal,
    /// Monthly limit for ATM withdrawals.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_limit_amount)]
    pub monthly_atm: Decimal,
    /// Daily limit for online payments.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_limit_amount)]
    pub daily_ecom: Decimal,
    /// Monthly limit for online payments.
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_limit_amount)]
    pub monthly_ecom: Decimal,
}

/// A card with its secrets in clear, for the output layer to mask.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub card_number: Option<String>,
    pub cvv: Option<String>,
    pub exp: Option<String>,
}

impl From<&CreatedCard> for CardView {
    fn from(card: &CreatedCard) -> Self {
        Self {
            card_id: Some(card.card_id.clone()),
            status: None,
            card_number: card
                .card_number
                .as_ref()
                .map(|value| value.reveal().to_string()),
            cvv: card.cvv.as_ref().map(|value| value.reveal().to_string()),
            exp: card.expiry.as_ref().map(|value| value.reveal().to_string()),
        }
    }
}

impl CardView {
    /// Reveals the secrets of a card read with Get Card Details.
    pub fn from_details(card_id: &str, card: &CardDetails) -> Self {
        Self {
            card_id: Some(card_id.to_string()),
            status: card.status.as_ref().map(ToString::to_string),
            card_number: card
                .card_number
                .as_ref()
                .map(|value| value.reveal().to_string()),
            cvv: card.cvv.as_ref().map(|value| value.reveal().to_string()),
            exp: card.expiry.as_ref().map(|value| value.reveal().to_string()),
        }
    }
}

/// Variable the PIN is read from when `--pin` is not given.
const PIN_VARIABLE: &str = "P100_CARD_PIN";

/// Returns the PIN from `--pin`, or else from P100_CARD_PIN, checked before anything is sent.
/// Errors name the flag or variable the PIN came from and never repeat its value.
fn resolve_pin(flag: Option<&str>) -> Result<Pin, CliError> {
    let (pin, source) = match flag {
        Some(pin) => (pin.to_string(), "--pin"),
        None => match std::env::var_os(PIN_VARIABLE) {
            Some(pin) => (pin.to_string_lossy().into_owned(), PIN_VARIABLE),
            None => {
                return Err(CliError::Usage(format!(
                    "missing card PIN: set {PIN_VARIABLE} to the 4-digit PIN (preferred, \
                     because other local users can see a flag in the process list) or pass --pin"
                )));
            }
        },
    };
    check_pin(&pin, source)?;
    Pin::new(pin).map_err(|error| CliError::Usage(format!("invalid {source}: {error}")))
}

/// Checks that `pin` is exactly four ASCII digits, naming `source` in the error.
fn check_pin(pin: &str, source: &str) -> Result<(), CliError> {
    let invalid = |problem: String| {
        Err(CliError::Usage(format!(
            "invalid {source}: {problem}; a card PIN is exactly 4 digits (0-9)"
        )))
    };
    if pin.is_empty() {
        return invalid(String::from("it is empty"));
    }
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return invalid(String::from("it contains a character that is not a digit"));
    }
    let length = pin.len();
    if length != 4 {
        return invalid(format!("it has {length} digits"));
    }
    Ok(())
}

/// Runs a `cards` subcommand.
pub async fn run(command: CardsCommand, context: &Context) -> Result<(), CliError> {
    let cards = context.client.cards();
    match command {
        CardsCommand::Create(args) => {
            let pin = resolve_pin(args.pin.as_deref())?;
            let operation = format!("create a card for user {}", args.user);
            let card = cards
                .create_virtual(&args.user, &args.label, &pin)
                .await
                .map_err(api_error(&operation))?;
            context.output.print(&CardView::from(&card))
        }
        CardsCommand::List(args) => {
            let list = cards
                .list(&args.user)
                .await
                .map_err(api_error(&format!("list cards of user {}", args.user)))?;
            context.output.print(&list)
        }
        CardsCommand::Details(args) => {
            let details = cards
                .details(&args.user, &args.card)
                .await
                .map_err(api_error(&format!("get card {}", args.card)))?;
            context
                .output
                .print(&CardView::from_details(&args.card, &details))
        }
        CardsCommand::Pin(args) => {
            let pin = resolve_pin(args.pin.as_deref())?;
            let result = cards
                .update_pin(&args.card.user, &args.card.card, &pin)
                .await
                .map_err(api_error(&format!(
                    "change the PIN of card {}",
                    args.card.card
                )))?;
            context.output.print(&result)
        }
        CardsCommand::Block(args) => {
            let result = cards
                .block(&args.user, &args.card)
                .await
                .map_err(api_error(&format!("block card {}", args.card)))?;
            context.output.print(&result)
        }
        CardsCommand::Unblock(args) => {
            let result = cards
                .unblock(&args.user, &args.card)
                .await
                .map_err(api_error(&format!("unblock card {}", args.card)))?;
            context.output.print(&result)
        }
        CardsCommand::Limits(LimitsCommand::Get(args)) => {
            let limits = cards
                .limits(&args.user, &args.card)
                .await
                .map_err(api_error(&format!("get limits of card {}", args.card)))?;
            context.output.print(&limits)
        }
        CardsCommand::Limits(LimitsCommand::Set(args)) => {
            let operation = format!("set limits of card {}", args.card.card);
            let request = CardLimitsUpdate {
                external_user_id: args.card.user,
                card_id: args.card.card,
                daily_trx_all: AmountNumber(args.daily_all),
                monthly_trx_all: AmountNumber(args.monthly_all),
                daily_trx_atm: AmountNumber(args.daily_atm),
                monthly_trx_atm: AmountNumber(args.monthly_atm),
                daily_trx_ecom: AmountNumber(args.daily_ecom),
                monthly_trx_ecom: AmountNumber(args.monthly_ecom),
            };
            let result = cards
                .update_limits(request)
                .await
                .map_err(api_error(&operation))?;
            context.output.print(&result)
        }
        CardsCommand::Delete(args) => {
            let result = cards
                .delete(&args.user, &args.card)
                .await
                .map_err(api_error(&format!("delete card {}", args.card)))?;
            context.output.print(&result)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(pin: &str, source: &str) -> String {
        check_pin(pin, source).unwrap_err().to_string()
    }

    #[test]
    fn pin_errors_name_the_problem_and_source() {
        let text = message("12a4", "--pin");
        assert!(text.starts_with("invalid --pin: "), "{text}");
        assert!(text.contains("not a digit"), "{text}");
        assert!(!text.contains("12a4"), "{text}");

        let text = message("12345", PIN_VARIABLE);
        assert!(text.starts_with("invalid P100_CARD_PIN: "), "{text}");
        assert!(text.contains("5 digits"), "{text}");

        assert!(message("", "--pin").contains("empty"));
        assert!(check_pin("0420", "--pin").is_ok());
    }
}
