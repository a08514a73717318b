//! Transaction history of the partner and of each user, served one page at a time.

use std::num::NonZeroU64;

use chrono::{DateTime, Utc};
use p100_raw::enums::{Currency, TransactionType};
use p100_raw::money::Amount;
use p100_raw::types::{Timestamp, Transaction, TransactionPage};
use rust_decimal::Decimal;

/// One transaction.
#[derive(Debug, Clone)]
pub struct TransactionRecord {
    /// Id of the underlying exchange, transfer, withdrawal, deposit or order.
    pub id: String,
    /// Kind of transaction.
    pub kind: TransactionType,
    /// Status in the vocabulary of the underlying operation.
    pub status: String,
    /// Amount moved.
    pub amount: Decimal,
    /// Currency code of `amount`.
    pub currency: &'static str,
    /// Fee charged, if any.
    pub fee: Option<Decimal>,
    /// User involved, if any.
    pub external_user_id: Option<String>,
    /// True when the partner's balance is involved.
    pub partner: bool,
    /// When the transaction was created.
    pub created_at: DateTime<Utc>,
}

/// Every transaction, oldest first.
#[derive(Debug, Default)]
pub struct History {
    records: Vec<TransactionRecord>,
}

/// Whose transactions a page lists.
#[derive(Debug, Clone, Copy)]
pub enum HistoryFilter<'a> {
    /// Transactions that touch the partner's balance.
    Partner,
    /// Transactions of one user.
    User(&'a str),
}

impl History {
    /// Appends a transaction.
    pub fn push(&mut self, record: TransactionRecord) {
        self.records.push(record);
    }

    /// Changes the status of the transaction with `id`.
    pub fn set_status(&mut self, id: &str, status: &str) {
        if let Some(record) = self.records.iter_mut().find(|record| record.id == id) {
            record.status = status.to_string();
        }
    }

    /// Changes the fee of the transaction with `id`.
    pub fn set_fee(&mut self, id: &str, fee: Decimal) {
        if let Some(record) = self.records.iter_mut().find(|record| record.id == id) {
            record.fee = Some(fee);
        }
    }

    /// Returns page `page` (1-based) of at most `limit` transactions, newest first.
    pub fn page(
        &self,
        filter: HistoryFilter<'_>,
        page: NonZeroU64,
        limit: NonZeroU64,
    ) -> TransactionPage {
        let matching: Vec<&TransactionRecord> = self
            .records
            .iter()
            .rev()
            .filter(|record| match filter {
                HistoryFilter::Partner => record.partner,
                HistoryFilter::User(id) => record.external_user_id.as_deref() == Some(id),
            })
            .collect();
        let skip =
            usize::try_from((page.get() - 1).saturating_mul(limit.get())).unwrap_or(usize::MAX);
        let take = usize::try_from(limit.get()).unwrap_or(usize::MAX);
        let transactions = matching
            .iter()
            .skip(skip)
            .take(take)
            .map(|record| to_transaction(record))
            .collect();
        TransactionPage {
            transactions,
            page,
            limit,
            total: Some(matching.len() as u64),
        }
    }
}

fn to_transaction(record: &TransactionRecord) -> Transaction {
    Transaction {
        id: record.id.clone(),
        type_: record.kind.clone(),
        status: record.status.clone(),
        amount: Amount(record.amount),
        currency: Currency::from(record.currency),
        fee: record.fee.map(Amount),
        external_user_id: record.external_user_id.clone(),
        description: None,
        created_at: Timestamp(record.created_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, user: Option<&str>) -> TransactionRecord {
        TransactionRecord {
            id: id.to_string(),
            kind: TransactionType::Transfer,
            status: "SUCCESSFUL".to_string(),
            amount: Decimal::ONE,
            currency: "eur",
            fee: None,
            external_user_id: user.map(str::to_string),
            partner: user.is_none(),
            created_at: Utc::now(),
        }
    }

    #[test]
    fn pages_newest_first() {
        let mut history = History::default();
        for index in 0..5 {
            history.push(record(&format!("t{index}"), None));
        }
        history.push(record("u1", Some("alice")));
        let two = NonZeroU64::new(2).unwrap();
        let page = history.page(HistoryFilter::Partner, two, two);
        let ids: Vec<&str> = page.transactions.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["t2", "t1"]);
        assert_eq!(page.total, Some(5));
        let user = history.page(HistoryFilter::User("alice"), NonZeroU64::MIN, two);
        assert_eq!(user.transactions.len(), 1);
    }
}
