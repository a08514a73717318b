//! Transaction history as a stream of pages or of single transactions.
//!
//! P100 documents no paging for the transaction history calls, so the scheme is the spec's
//! inference: a 1-based `page`, a `limit` of 1 to 100, and a `TransactionPage` body. Every
//! fact about it lives in one private adapter type, `PageNumberScheme`, so that [`History`]
//! keeps its API if the real scheme differs.

use std::num::NonZeroU64;

use futures::stream::{self, Stream, TryStreamExt};
use p100_raw::types::{Transaction, TransactionPage};
use reqwest::StatusCode;

use crate::{Client, Error, Result};

/// Largest page size the spec allows (inferred, like the whole paging scheme).
pub const MAX_PAGE_SIZE: u32 = 100;

/// Whose transaction history to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryScope {
    /// The partner's own transactions (`GET /v1/partner/transactions`).
    Partner,
    /// One user's transactions (`GET /v1/user/transactions/{externalUserId}`), by the
    /// partner's id for the user.
    User(String),
}

/// One page of a paged listing, as P100 returned it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page, in the order P100 sent them.
    pub items: Vec<T>,
    /// 1-based page number, as P100 echoed it.
    pub page: u64,
    /// Page size P100 applied, which may be below the requested one.
    pub limit: u64,
    /// Number of items over all pages, when P100 reports it. It is informational: the end of
    /// the listing is detected from a short page, not from this total.
    pub total: Option<u64>,
}

/// A lazily fetched transaction history.
///
/// Nothing is sent until the stream from [`pages`](History::pages) or
/// [`items`](History::items) is polled. Pages are fetched one at a time, in order. After an
/// error the stream yields that error and ends.
///
/// ```no_run
/// use futures::TryStreamExt;
///
/// # async fn run(client: p100::Client) -> p100::Result<()> {
/// let history = client.users().transactions("user-42", 100);
/// let transactions: Vec<_> = history.items().try_collect().await?;
/// println!("{} transactions", transactions.len());
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a History does nothing until its stream is polled"]
pub struct History {
    client: Client,
    scope: HistoryScope,
    scheme: PageNumberScheme,
}

impl History {
    /// Returns a stream of pages. The last page may be empty.
    pub fn pages(self) -> impl Stream<Item = Result<Page<Transaction>>> + Send + 'static {
        let Self {
            client,
            scope,
            scheme,
        } = self;
        let start = Some(scheme.first_request());

        stream::unfold(start, move |next| {
            let client = client.clone();
            let scope = scope.clone();
            async move {
                let request = next?;
                match scheme.fetch(&client, &scope, &request).await {
                    Ok(received) => {
                        let following = scheme.next_request(&request, &received);
                        Some((Ok(scheme.page_from_response(received)), following))
                    }
                    Err(error) => Some((Err(error), None)),
                }
            }
        })
    }

    /// Returns a stream of single transactions, fetching pages as needed.
    pub fn items(self) -> impl Stream<Item = Result<Transaction>> + Send + 'static {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }
}

/// Starts a history of `scope` with pages of `page_size` transactions.
///
/// `page_size` is clamped to 1..=[`MAX_PAGE_SIZE`].
pub(crate) fn history(client: Client, scope: HistoryScope, page_size: u32) -> History {
    let page_size = page_size.clamp(1, MAX_PAGE_SIZE);
    let limit = NonZeroU64::new(u64::from(page_size)).unwrap_or(NonZeroU64::MIN);
    History {
        client,
        scope,
        scheme: PageNumberScheme { limit },
    }
}

/// Request parameters of one page under [`PageNumberScheme`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PageRequest {
    page: NonZeroU64,
    limit: NonZeroU64,
}

/// The paging scheme of the transaction history: building the request parameters, sending
/// them, and deciding from a response whether and which page comes next.
///
/// NOTE: the scheme is inferred, because P100 documents no paging. If P100 uses cursors or
/// offsets instead, change `PageRequest` and the methods here; [`History`] stays as it is.
///
/// Inferred: query `page` (1-based) and `limit`. The next page is `page + 1`. The listing ends
/// after the first page with fewer items than the `limit` P100 echoes (compared with the
/// echoed value, because a server may cap the requested size), which includes an empty page.
/// When the last page is exactly full, this costs one more request that returns no items.
#[derive(Clone, Copy, Debug)]
struct PageNumberScheme {
    limit: NonZeroU64,
}

impl PageNumberScheme {
    fn first_request(&self) -> PageRequest {
        PageRequest {
            page: NonZeroU64::MIN,
            limit: self.limit,
        }
    }

    /// Sends one page request through the generated client.
    async fn fetch(
        &self,
        client: &Client,
        scope: &HistoryScope,
        request: &PageRequest,
    ) -> Result<TransactionPage> {
        let raw = client.raw();
        let received = match scope {
            HistoryScope::Partner => {
                let call = raw
                    .get_partner_transaction_history()
                    .page(request.page)
                    .limit(request.limit);
                client.call(call.send()).await?
            }
            HistoryScope::User(external_user_id) => {
                let call = raw
                    .get_user_transaction_history()
                    .external_user_id(external_user_id.as_str())
                    .page(request.page)
                    .limit(request.limit);
                client.call(call.send()).await?
            }
        };
        tracing::debug!(
            page = received.page.get(),
            limit = received.limit.get(),
            items = received.transactions.len(),
            "fetched transaction history page"
        );

        // A server that ignores `page` would return the same full page forever; stop instead.
        if received.page != request.page {
            return Err(Error::Decode {
                status: Some(StatusCode::OK),
                body: format!(
                    "{{\"page\":{},\"limit\":{},...}}",
                    received.page, received.limit
                ),
                reason: format!(
                    "requested transaction history page {} but P100 returned page {}; \
                     the inferred paging scheme does not match the server",
                    request.page, received.page
                ),
            });
        }
        Ok(received)
    }

    /// Returns the request for the page after `received`, or `None` when it was the last.
    fn next_request(&self, sent: &PageRequest, received: &TransactionPage) -> Option<PageRequest> {
        let count = u64::try_from(received.transactions.len()).unwrap_or(u64::MAX);
        if count < received.limit.get() {
            return None;
        }
        let page = sent.page.checked_add(1)?;
        Some(PageRequest {
            page,
            limit: sent.limit,
        })
    }

    fn page_from_response(&self, received: TransactionPage) -> Page<Transaction> {
        Page {
            items: received.transactions,
            page: received.page.get(),
            limit: received.limit.get(),
            total: received.total,
        }
    }
}
