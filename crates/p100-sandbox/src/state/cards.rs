//! Virtual cards: issuing with P100's per-user limits, PIN changes, blocking, spending
//! limits and deletion.
//!
//! Limits enforced on issuing: at most 10 cards in any status other than `DELETED`, and at
//! most 5 new cards per rolling 24 hours, 10 per 30 days and 20 per 365 days. P100 documents
//! no error code for these, so the sandbox returns `P403` with a message naming the limit.

use chrono::{DateTime, Duration, Utc};
use p100_raw::enums::CardStatus;
use p100_raw::money::Amount;
use p100_raw::types::{
    Card3dsCodeWebhook, CardActivationCodeWebhook, CardDetails, CardLimits, CardLimitsUpdate,
    CardList, CardSummary, VirtualCard,
};
use rust_decimal::Decimal;

use super::users::UserModel;
use super::{Event, State, ids};
use crate::error::{ApiFailure, ApiResult};

/// Most cards a user may hold in a status other than `DELETED`.
pub const MAX_CARDS_HELD: usize = 10;

/// Issuing limits: (window, most new cards in it, label for messages).
const ISSUE_LIMITS: [(i64, usize, &str); 3] = [
    (1, 5, "24 hours"),
    (30, 10, "30 days"),
    (365, 20, "12 months"),
];

/// Countries whose residents cannot get cards in the sandbox (`P451`).
pub const CARD_FORBIDDEN_COUNTRIES: &[&str] = &["US", "RU", "BY", "IR", "KP", "SY", "CU"];

/// Spending limits of a card, in EUR.
#[derive(Debug, Clone)]
pub struct Limits {
    pub daily_all: Decimal,
    pub monthly_all: Decimal,
    pub daily_atm: Decimal,
    pub monthly_atm: Decimal,
    pub daily_ecom: Decimal,
    pub monthly_ecom: Decimal,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            daily_all: Decimal::from(1000),
            monthly_all: Decimal::from(5000),
            daily_atm: Decimal::from(200),
            monthly_atm: Decimal::from(1000),
            daily_ecom: Decimal::from(500),
            monthly_ecom: Decimal::from(3000),
        }
    }
}

/// One card. `Debug` leaves out the number, CVV and PIN.
#[derive(Clone)]
pub struct Card {
    pub card_id: String,
    pub external_user_id: String,
    pub label: String,
    pub number: String,
    pub cvv: String,
    pub exp: String,
    pub pin: String,
    pub status: CardStatus,
    pub limits: Limits,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for Card {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Card")
            .field("card_id", &self.card_id)
            .field("external_user_id", &self.external_user_id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Card status change requested by the partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardAction {
    Block,
    Unblock,
    Delete,
}

impl State {
    /// Issues a card to an active KYC user.
    pub fn create_card(
        &mut self,
        external_user_id: &str,
        label: &str,
        pin: &str,
    ) -> ApiResult<(VirtualCard, Vec<Event>)> {
        let user = self.transacting_user(external_user_id)?;
        if user.model == UserModel::WithoutKyc {
            return Err(ApiFailure::validation(
                "Cards are only available to users created with KYC.",
            ));
        }
        if CARD_FORBIDDEN_COUNTRIES.contains(&user.profile.country.as_str()) {
            return Err(ApiFailure::forbidden_country_card(&user.profile.country));
        }
        self.check_issue_limits(external_user_id)?;

        let now = Utc::now();
        let expiry = now + Duration::days(3 * 365);
        let card = Card {
            card_id: ids::new_id(),
            external_user_id: external_user_id.to_string(),
            label: label.to_string(),
            number: ids::new_card_number(),
            cvv: ids::new_digits(3),
            exp: expiry.format("%m/%y").to_string(),
            pin: pin.to_string(),
            status: CardStatus::Active,
            limits: Limits::default(),
            created_at: now,
        };
        let body = VirtualCard {
            card_id: card.card_id.clone(),
            card_number: Some(card.number.clone()),
            cvv: Some(card.cvv.clone()),
            exp: Some(card.exp.clone()),
        };
        let event = Event::new(
            "cardActivationCode",
            &CardActivationCodeWebhook {
                external_user_id: external_user_id.to_string(),
                card_id: card.card_id.clone(),
                code: ids::new_digits(6),
            },
        );
        self.cards.insert(card.card_id.clone(), card);
        Ok((body, vec![event]))
    }

    fn check_issue_limits(&self, external_user_id: &str) -> ApiResult<()> {
        let cards: Vec<&Card> = self
            .cards
            .values()
            .filter(|card| card.external_user_id == external_user_id)
            .collect();
        let held = cards
            .iter()
            .filter(|card| card.status != CardStatus::Deleted)
            .count();
        if held >= MAX_CARDS_HELD {
            return Err(ApiFailure::validation(format!(
                "Card limit reached: the user holds {held} cards (at most {MAX_CARDS_HELD}); delete one first."
            )));
        }
        let now = Utc::now();
        for (days, most, label) in ISSUE_LIMITS {
            let since = now - Duration::days(days);
            let issued = cards.iter().filter(|card| card.created_at > since).count();
            if issued >= most {
                return Err(ApiFailure::validation(format!(
                    "Card issuing limit reached: {issued} cards created in the last {label} (at most {most})."
                )));
            }
        }
        Ok(())
    }

    /// Returns a user's card that is not deleted (`P412`, `P434`).
    pub fn card(&self, external_user_id: &str, card_id: &str) -> ApiResult<&Card> {
        self.user(external_user_id)?;
        match self.cards.get(card_id) {
            Some(card)
                if card.external_user_id == external_user_id
                    && card.status != CardStatus::Deleted =>
            {
                Ok(card)
            }
            _ => Err(ApiFailure::invalid_card(card_id)),
        }
    }

    fn card_mut(&mut self, external_user_id: &str, card_id: &str) -> ApiResult<&mut Card> {
        self.card(external_user_id, card_id)?;
        self.cards
            .get_mut(card_id)
            .ok_or_else(|| ApiFailure::invalid_card(card_id))
    }

    /// Lists a user's cards that are not deleted.
    pub fn list_cards(&self, external_user_id: &str) -> ApiResult<CardList> {
        self.user(external_user_id)?;
        let mut cards: Vec<&Card> = self
            .cards
            .values()
            .filter(|card| {
                card.external_user_id == external_user_id && card.status != CardStatus::Deleted
            })
            .collect();
        cards.sort_by_key(|card| card.created_at);
        Ok(CardList {
            cards: cards
                .into_iter()
                .map(|card| CardSummary {
                    card_id: card.card_id.clone(),
                    status: Some(card.status.clone()),
                    label: Some(card.label.clone()),
                    card_last_digits: Some(
                        card.number[card.number.len().saturating_sub(4)..].to_string(),
                    ),
                })
                .collect(),
        })
    }

    /// Returns a card's status and sensitive data; the user must be active (`P459`).
    pub fn card_details(&self, external_user_id: &str, card_id: &str) -> ApiResult<CardDetails> {
        let card = self.card(external_user_id, card_id)?;
        let user = self.user(external_user_id)?;
        if user.status != p100_raw::enums::UserStatus::Active {
            return Err(ApiFailure::user_not_verified(external_user_id));
        }
        Ok(CardDetails {
            status: Some(card.status.clone()),
            card_number: Some(card.number.clone()),
            cvv: Some(card.cvv.clone()),
            exp: Some(card.exp.clone()),
        })
    }

    /// Sets a new PIN.
    pub fn update_card_pin(
        &mut self,
        external_user_id: &str,
        card_id: &str,
        pin: &str,
    ) -> ApiResult<()> {
        self.transacting_user(external_user_id)?;
        self.card_mut(external_user_id, card_id)?.pin = pin.to_string();
        Ok(())
    }

    /// Blocks (`LOCKED_BY_USER`), unblocks (`ACTIVE`) or deletes (`DELETED`) a card.
    pub fn apply_card_action(
        &mut self,
        external_user_id: &str,
        card_id: &str,
        action: CardAction,
    ) -> ApiResult<()> {
        if action == CardAction::Unblock {
            // A suspended user keeps its cards locked until it is unsuspended.
            self.transacting_user(external_user_id)?;
        }
        let card = self.card_mut(external_user_id, card_id)?;
        card.status = match (action, &card.status) {
            (CardAction::Block, CardStatus::Active | CardStatus::LockedByUser) => {
                CardStatus::LockedByUser
            }
            (CardAction::Unblock, CardStatus::LockedByUser | CardStatus::Active) => {
                CardStatus::Active
            }
            (CardAction::Delete, _) => CardStatus::Deleted,
            (_, status) => {
                return Err(ApiFailure::validation(format!(
                    "Card {card_id:?} is {status} and cannot be changed by the partner."
                )));
            }
        };
        Ok(())
    }

    /// Returns a card's spending limits.
    pub fn card_limits(&self, external_user_id: &str, card_id: &str) -> ApiResult<CardLimits> {
        let limits = &self.card(external_user_id, card_id)?.limits;
        Ok(CardLimits {
            daily_trx_all: Some(Amount(limits.daily_all)),
            monthly_trx_all: Some(Amount(limits.monthly_all)),
            daily_trx_atm: Some(Amount(limits.daily_atm)),
            monthly_trx_atm: Some(Amount(limits.monthly_atm)),
            daily_trx_ecom: Some(Amount(limits.daily_ecom)),
            monthly_trx_ecom: Some(Amount(limits.monthly_ecom)),
        })
    }

    /// Replaces a card's six spending limits (already validated).
    pub fn update_card_limits(&mut self, update: &CardLimitsUpdate) -> ApiResult<()> {
        self.transacting_user(&update.external_user_id)?;
        let card = self.card_mut(&update.external_user_id, &update.card_id)?;
        card.limits = Limits {
            daily_all: update.daily_trx_all.0,
            monthly_all: update.monthly_trx_all.0,
            daily_atm: update.daily_trx_atm.0,
            monthly_atm: update.monthly_trx_atm.0,
            daily_ecom: update.daily_trx_ecom.0,
            monthly_ecom: update.monthly_trx_ecom.0,
        };
        Ok(())
    }

    /// Builds a Card 3DS Code webhook for a card payment the sandbox simulates.
    pub fn three_ds_code(
        &self,
        external_user_id: &str,
        card_id: &str,
    ) -> ApiResult<(String, Vec<Event>)> {
        self.card(external_user_id, card_id)?;
        let code = ids::new_digits(6);
        let event = Event::new(
            "card3dsCode",
            &Card3dsCodeWebhook {
                external_user_id: external_user_id.to_string(),
                card_id: Some(card_id.to_string()),
                code: code.clone(),
            },
        );
        Ok((code, vec![event]))
    }
}
