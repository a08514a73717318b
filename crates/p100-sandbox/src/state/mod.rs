//! The sandbox's in-memory world: the partner account, users, cards, locks, exchanges,
//! transfers, withdrawals, deposits, orders and the transaction history.
//!
//! One `State` value sits behind one mutex in `App`, and every operation runs start to finish
//! under that lock, so concurrent requests never lose an update. Operations check their
//! input, users and balances before they change anything, so a rejected request leaves the
//! state as it was.

pub mod accounts;
pub mod cards;
pub mod deposits;
pub mod exchange;
pub mod history;
pub mod ids;
pub mod kyc;
pub mod ledger;
pub mod orders;
pub mod profile;
pub mod transfers;
pub mod users;
pub mod withdrawals;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use p100_raw::types::PartnerSepaDepositContact;
use serde::Serialize;
use serde_json::Value;

use crate::catalog::CURRENCIES;
use crate::config::Config;
use crate::error::ApiResult;

use self::accounts::Account;
use self::cards::Card;
use self::deposits::Deposit;
use self::exchange::{ExchangeRecord, RateLock};
use self::history::History;
use self::ledger::Ledger;
use self::orders::{Order, OrderRateLock, PaymentLinkRecord};
use self::transfers::{SepaTransfer, Transfer};
use self::users::User;
use self::withdrawals::Withdrawal;

/// Id of the crypto deposit that every sandbox starts with, held for Travel Rule data.
pub const SEED_DEPOSIT_ID: &str = "facc5951-bdc8-46bc-a01c-9b36f25be6af";

/// A webhook to send: the `x-webhooks` name of its kind and its JSON payload.
#[derive(Debug, Clone)]
pub struct Event {
    /// Name of the webhook kind, as in `p100_raw::webhooks::WEBHOOKS`.
    pub kind: &'static str,
    /// Body to post.
    pub payload: Value,
}

impl Event {
    /// Creates an event from one of the generated webhook payload types.
    pub fn new(kind: &'static str, payload: &impl Serialize) -> Self {
        let payload = serde_json::to_value(payload).unwrap_or_else(|error| {
            tracing::error!(kind, %error, "webhook payload does not serialize");
            Value::Null
        });
        Self { kind, payload }
    }
}

/// Whose balance an operation uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// The partner's own (master) balance.
    Partner,
    /// The balance of the user with this `externalUserId`.
    User(String),
}

impl Owner {
    /// Returns the user id, or `None` for the partner.
    pub fn external_user_id(&self) -> Option<&str> {
        match self {
            Self::Partner => None,
            Self::User(id) => Some(id),
        }
    }
}

/// Everything the sandbox stores.
#[derive(Debug)]
pub struct State {
    /// The partner's own balances.
    pub partner: Account,
    /// SEPA reference (`title`) of the partner's deposit details.
    pub partner_sepa_reference: String,
    /// Users by `externalUserId`, deleted ones included (their ids stay taken).
    pub users: HashMap<String, User>,
    /// Money flows per currency.
    pub ledger: Ledger,
    /// Transactions of the partner and of every user.
    pub history: History,
    /// Exchange rate locks by `lockId`.
    pub locks: HashMap<String, RateLock>,
    /// Exchanges by id.
    pub exchanges: HashMap<String, ExchangeRecord>,
    /// Internal transfers by id.
    pub transfers: HashMap<String, Transfer>,
    /// SEPA transfers by id.
    pub sepa_transfers: HashMap<String, SepaTransfer>,
    /// Crypto withdrawals by id.
    pub withdrawals: HashMap<String, Withdrawal>,
    /// Crypto deposits by id.
    pub deposits: HashMap<String, Deposit>,
    /// Order rate locks by `lockId`.
    pub order_locks: HashMap<String, OrderRateLock>,
    /// Orders by id.
    pub orders: HashMap<String, Order>,
    /// Payment links and hosted checkouts by id.
    pub payment_links: HashMap<String, PaymentLinkRecord>,
    /// Cards by `cardId`.
    pub cards: HashMap<String, Card>,
    /// Allow-listed SEPA deposit senders.
    pub contacts: Vec<PartnerSepaDepositContact>,
    /// When the sandbox started.
    pub started_at: DateTime<Utc>,
}

impl State {
    /// Creates the starting state: partner balances from `config`, one deposit waiting for
    /// Travel Rule data and one allow-listed SEPA sender.
    pub fn new(config: &Config) -> Self {
        let mut partner = Account::new(true);
        let mut ledger = Ledger::new();
        for currency in CURRENCIES {
            let amount = config.seed_amount(currency.code);
            // Seed amounts are validated non-negative decimals; a credit to a fresh balance
            // cannot overflow.
            if partner.credit(currency, amount).is_ok() {
                ledger.of(currency.code).initial = amount;
            }
        }

        let mut state = Self {
            partner,
            partner_sepa_reference: ids::new_id(),
            users: HashMap::new(),
            ledger,
            history: History::default(),
            locks: HashMap::new(),
            exchanges: HashMap::new(),
            transfers: HashMap::new(),
            sepa_transfers: HashMap::new(),
            withdrawals: HashMap::new(),
            deposits: HashMap::new(),
            order_locks: HashMap::new(),
            orders: HashMap::new(),
            payment_links: HashMap::new(),
            cards: HashMap::new(),
            contacts: Vec::new(),
            started_at: Utc::now(),
        };
        state.seed_examples();
        state
    }

    fn seed_examples(&mut self) {
        self.seed_held_deposit();
        self.contacts.push(PartnerSepaDepositContact {
            iban: "PL06109027500000000148911547".to_string(),
            name: Some("John Brown".to_string()),
            external_user_id: None,
            created_at: Some(p100_raw::types::Timestamp(self.started_at)),
        });
    }

    /// Returns the account of `owner`; a user must exist and not be deleted (`P412`).
    pub fn account_mut(&mut self, owner: &Owner) -> ApiResult<&mut Account> {
        match owner {
            Owner::Partner => Ok(&mut self.partner),
            Owner::User(id) => Ok(&mut self.user_mut(id)?.account),
        }
    }
}
