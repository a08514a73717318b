//! Orders (a crypto payment settled in EUR) with their rate locks, and payment links.
//!
//! An order starts in `WAITING_FOR_WALLET_ADDRESS` and gets its deposit address after the
//! processing delay (`WAITING_FOR_CONFIRMATION`). The spec documents no later status, so the
//! sandbox stops there.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use p100_raw::enums::{Currency, Network, OrderStatus, TransactionType};
use p100_raw::money::Amount;
use p100_raw::types::{
    OrderDetails, OrderLock, OrderStatusWebhook, PaymentLink, PaymentLinkDetails, Timestamp,
};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::json;

use super::history::TransactionRecord;
use super::{Event, State, ids};
use crate::catalog::{CurrencyInfo, NetworkInfo};
use crate::error::{ApiFailure, ApiResult};

/// Block confirmations an order waits for.
const REQUIRED_CONFIRMATIONS: u64 = 3;

/// Rate lock of an order: how much crypto pays a EUR amount.
#[derive(Debug, Clone)]
pub struct OrderRateLock {
    pub id: String,
    pub currency: &'static CurrencyInfo,
    pub network: &'static NetworkInfo,
    /// Crypto amount the payer must send.
    pub crypto_amount: Decimal,
    pub expires: Instant,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

/// One order.
#[derive(Debug, Clone)]
pub struct Order {
    pub id: String,
    pub lock: OrderRateLock,
    pub status: OrderStatus,
    pub wallet_address: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One payment link or hosted checkout.
#[derive(Debug, Clone)]
pub struct PaymentLinkRecord {
    pub id: String,
    pub url: String,
}

impl State {
    /// Locks the rate at which `fiat_amount` EUR is paid in `currency`.
    pub fn create_order_lock(
        &mut self,
        currency: &'static CurrencyInfo,
        network: &'static NetworkInfo,
        fiat_amount: Decimal,
        ttl: Duration,
    ) -> ApiResult<OrderLock> {
        let rate = currency.eur_rate();
        let crypto_amount = (fiat_amount / rate)
            .round_dp_with_strategy(currency.decimals, RoundingStrategy::AwayFromZero)
            .normalize();
        let expires_at = Utc::now() + chrono::Duration::from_std(ttl).unwrap_or_default();
        let lock = OrderRateLock {
            id: ids::new_id(),
            currency,
            network,
            crypto_amount,
            expires: Instant::now() + ttl,
            expires_at,
            used: false,
        };
        let body = OrderLock {
            lock_id: lock.id.clone(),
            amount: Some(Amount(crypto_amount)),
            rate: Some(Amount(rate)),
            expires_at: Some(Timestamp(expires_at)),
            currency: Some(Currency::from(currency.code)),
            cryptocurrency: None,
            destination_currency: Some(Currency::Eur),
            network: Some(Network::from(network.key)),
        };
        self.order_locks.insert(lock.id.clone(), lock);
        Ok(body)
    }

    /// Creates an order from an unused, unexpired order lock.
    pub fn create_order(&mut self, lock_id: &str) -> ApiResult<String> {
        let Some(lock) = self.order_locks.get_mut(lock_id) else {
            return Err(ApiFailure::validation(format!(
                "lockId {lock_id:?} does not exist; create an order lock first."
            )));
        };
        if lock.used {
            return Err(ApiFailure::validation(format!(
                "lockId {lock_id:?} was already used; create a new lock."
            )));
        }
        if Instant::now() >= lock.expires {
            return Err(ApiFailure::validation(format!(
                "lockId {lock_id:?} expired at {}; create a new lock.",
                lock.expires_at.to_rfc3339()
            )));
        }
        lock.used = true;
        let order = Order {
            id: ids::new_id(),
            lock: lock.clone(),
            status: OrderStatus::WaitingForWalletAddress,
            wallet_address: None,
            created_at: Utc::now(),
        };
        self.history.push(TransactionRecord {
            id: order.id.clone(),
            kind: TransactionType::Order,
            status: order.status.to_string(),
            amount: order.lock.crypto_amount,
            currency: order.lock.currency.code,
            fee: None,
            external_user_id: None,
            partner: true,
            created_at: order.created_at,
        });
        let id = order.id.clone();
        self.orders.insert(id.clone(), order);
        Ok(id)
    }

    /// Assigns the deposit address of a new order (`WAITING_FOR_CONFIRMATION`).
    pub fn assign_order_wallet(&mut self, order_id: &str) -> Vec<Event> {
        let Some(order) = self.orders.get_mut(order_id) else {
            return Vec::new();
        };
        if order.status != OrderStatus::WaitingForWalletAddress {
            return Vec::new();
        }
        order.wallet_address = Some(ids::new_wallet(order.lock.currency.code));
        order.status = OrderStatus::WaitingForConfirmation;
        let payload = json!({"orderId": order.id, "status": order.status.as_str()});
        let status = order.status.to_string();
        self.history.set_status(order_id, &status);
        vec![Event::new(
            "orderStatus",
            &OrderStatusWebhook(payload.as_object().cloned().unwrap_or_default()),
        )]
    }

    /// Returns an order, or 404.
    pub fn order_details(&self, order_id: &str) -> ApiResult<OrderDetails> {
        let Some(order) = self.orders.get(order_id) else {
            return Err(ApiFailure::not_found("Order", order_id));
        };
        let waiting = order.wallet_address.is_none();
        Ok(OrderDetails {
            order_id: order.id.clone(),
            lock_id: order.lock.id.clone(),
            status: order.status.clone(),
            created_at: Timestamp(order.created_at),
            confirmations: Some(0),
            required_confirmations: Some(REQUIRED_CONFIRMATIONS),
            received_amount: Some(Amount(Decimal::ZERO)),
            total_amount_required: Some(Amount(order.lock.crypto_amount)),
            cryptocurrency: Some(Currency::from(order.lock.currency.code)),
            currency: Some(Currency::from(order.lock.currency.code)),
            wallet_address: order.wallet_address.clone(),
            transaction_hash: None,
            network: Some(Network::from(order.lock.network.key)),
            expires_at: (!waiting).then_some(order.lock.expires_at),
        })
    }

    /// Creates a payment link (or hosted checkout) served under `base_url`.
    pub fn create_payment_link(&mut self, base_url: &str) -> PaymentLink {
        let id = ids::new_id();
        let url = format!("{}/sandbox/checkout/{id}", base_url.trim_end_matches('/'));
        self.payment_links.insert(
            id.clone(),
            PaymentLinkRecord {
                id: id.clone(),
                url: url.clone(),
            },
        );
        PaymentLink {
            payment_link_id: Some(id),
            url: Some(url),
        }
    }

    /// Returns a payment link, or 404.
    pub fn payment_link_details(&self, payment_link_id: &str) -> ApiResult<PaymentLinkDetails> {
        let Some(link) = self.payment_links.get(payment_link_id) else {
            return Err(ApiFailure::not_found("Payment link", payment_link_id));
        };
        Ok(PaymentLinkDetails {
            payment_link_id: Some(link.id.clone()),
            status: Some("ACTIVE".to_string()),
            url: Some(link.url.clone()),
        })
    }
}
