//! Transaction history paging against a wiremock server that serves the inferred scheme:
//! query `page` (1-based) and `limit`, body `{transactions, page, limit, total}`.

use futures::{StreamExt, TryStreamExt};
use p100::{Client, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const API_KEY: &str = "pagination-test-key";

/// Serves `count` transactions in pages, as the spec infers P100 does.
#[derive(Clone, Default)]
struct HistoryServer {
    count: u64,
    /// Page that returns 500 instead of items.
    failing_page: Option<u64>,
    /// Maximum page size the server applies, whatever the request contains.
    max_limit: Option<u64>,
    /// Echo page 1 for every request, as a server that does not support `page` would.
    ignore_page: bool,
}

fn transaction(index: u64) -> Value {
    json!({
        "id": format!("tx-{index:03}"),
        "amount": format!("{index}.50"),
        "currency": "eur",
        "status": "SUCCESSFUL",
        "type": "transfer",
        "createdAt": "2025-01-20T11:04:29.719Z",
        "fieldAddedLater": true
    })
}

fn query(request: &Request, name: &str) -> Option<u64> {
    let (_, value) = request.url.query_pairs().find(|(key, _)| key == name)?;
    value.parse().ok()
}

impl Respond for HistoryServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page = if self.ignore_page {
            1
        } else {
            query(request, "page").unwrap_or(1)
        };
        let requested = query(request, "limit").unwrap_or(20);
        let limit = self.max_limit.map_or(requested, |max| requested.min(max));
        if self.failing_page == Some(page) {
            let body = json!({"errorCode": "P500", "errorMessage": "Internal error"});
            return ResponseTemplate::new(500).set_body_json(body);
        }

        let start = (page - 1) * limit;
        let end = (start + limit).min(self.count);
        let transactions: Vec<Value> = (start..end.max(start)).map(transaction).collect();
        let body = json!({"transactions": transactions, "page": page, "limit": limit, "total": self.count});
        ResponseTemplate::new(200).set_body_json(body)
    }
}

async fn start(history: HistoryServer) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/v1/(partner|user)/transactions"))
        .respond_with(history)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    (server, client)
}

/// Returns `(page, limit)` of every request the server received, in order.
async fn requested_pages(server: &MockServer) -> Vec<(u64, u64)> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|request| {
            (
                query(request, "page").unwrap(),
                query(request, "limit").unwrap(),
            )
        })
        .collect()
}

fn ids(transactions: &[p100::types::Transaction]) -> Vec<String> {
    transactions
        .iter()
        .map(|transaction| transaction.id.clone())
        .collect()
}

fn expected_ids(range: std::ops::Range<u64>) -> Vec<String> {
    range.map(|index| format!("tx-{index:03}")).collect()
}

#[tokio::test]
async fn several_pages_in_order() {
    let (server, client) = start(HistoryServer {
        count: 10,
        ..Default::default()
    })
    .await;

    let pages: Vec<_> = client
        .partner()
        .transactions(4)
        .pages()
        .try_collect()
        .await
        .unwrap();

    let sizes: Vec<usize> = pages.iter().map(|page| page.items.len()).collect();
    assert_eq!(sizes, [4, 4, 2]);
    let numbers: Vec<u64> = pages.iter().map(|page| page.page).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert!(
        pages
            .iter()
            .all(|page| page.limit == 4 && page.total == Some(10))
    );
    let all: Vec<_> = pages.into_iter().flat_map(|page| page.items).collect();
    assert_eq!(ids(&all), expected_ids(0..10));
    assert_eq!(all[3].amount.0, p100::Decimal::new(350, 2));
    assert_eq!(requested_pages(&server).await, [(1, 4), (2, 4), (3, 4)]);
}

#[tokio::test]
async fn items_flatten_pages() {
    let (server, client) = start(HistoryServer {
        count: 7,
        ..Default::default()
    })
    .await;

    let items: Vec<_> = client
        .partner()
        .transactions(3)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), expected_ids(0..7));
    assert_eq!(requested_pages(&server).await, [(1, 3), (2, 3), (3, 3)]);
}

#[tokio::test]
async fn empty_history_sends_one_request() {
    let (server, client) = start(HistoryServer {
        count: 0,
        ..Default::default()
    })
    .await;

    let pages: Vec<_> = client
        .partner()
        .transactions(50)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].items.is_empty());

    let items: Vec<_> = client
        .partner()
        .transactions(50)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(requested_pages(&server).await, [(1, 50), (1, 50)]);
}

#[tokio::test]
async fn short_last_page_ends_stream() {
    let (server, client) = start(HistoryServer {
        count: 5,
        ..Default::default()
    })
    .await;

    let pages: Vec<_> = client
        .partner()
        .transactions(2)
        .pages()
        .try_collect()
        .await
        .unwrap();

    let sizes: Vec<usize> = pages.iter().map(|page| page.items.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(requested_pages(&server).await, [(1, 2), (2, 2), (3, 2)]);
}

#[tokio::test]
async fn exact_multiple_needs_one_empty_page() {
    let (server, client) = start(HistoryServer {
        count: 6,
        ..Default::default()
    })
    .await;

    let pages: Vec<_> = client
        .partner()
        .transactions(3)
        .pages()
        .try_collect()
        .await
        .unwrap();

    let sizes: Vec<usize> = pages.iter().map(|page| page.items.len()).collect();
    assert_eq!(sizes, [3, 3, 0]);
    assert_eq!(requested_pages(&server).await, [(1, 3), (2, 3), (3, 3)]);
}

#[tokio::test]
async fn error_mid_stream_ends_items() {
    let history = HistoryServer {
        count: 9,
        failing_page: Some(2),
        ..Default::default()
    };
    let (server, client) = start(history).await;

    let mut items = std::pin::pin!(client.partner().transactions(3).items());
    for expected in expected_ids(0..3) {
        let item = items.next().await.expect("an item").expect("no error yet");
        assert_eq!(item.id, expected);
    }
    let error = items
        .next()
        .await
        .expect("the error")
        .expect_err("page 2 fails");
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert!(items.next().await.is_none(), "stream ends after the error");
    assert_eq!(requested_pages(&server).await, [(1, 3), (2, 3)]);
}

#[tokio::test]
async fn error_mid_stream_in_pages() {
    let history = HistoryServer {
        count: 9,
        failing_page: Some(3),
        ..Default::default()
    };
    let (_server, client) = start(history).await;

    let results: Vec<_> = client.partner().transactions(3).pages().collect().await;
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().page, 1);
    assert_eq!(results[1].as_ref().unwrap().page, 2);
    assert!(results[2].is_err());
}

#[tokio::test]
async fn server_capped_limit_is_followed() {
    let history = HistoryServer {
        count: 5,
        max_limit: Some(2),
        ..Default::default()
    };
    let (server, client) = start(history).await;

    let items: Vec<_> = client
        .partner()
        .transactions(100)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), expected_ids(0..5));
    assert_eq!(
        requested_pages(&server).await,
        [(1, 100), (2, 100), (3, 100)]
    );
}

#[tokio::test]
async fn ignored_page_is_error() {
    let history = HistoryServer {
        count: 10,
        ignore_page: true,
        ..Default::default()
    };
    let (server, client) = start(history).await;

    let results: Vec<_> = client.partner().transactions(2).pages().collect().await;

    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let error = results[1].as_ref().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("requested transaction history page 2"),
        "{error}"
    );
    assert_eq!(requested_pages(&server).await.len(), 2);
}

#[tokio::test]
async fn page_size_is_clamped() {
    let (server, client) = start(HistoryServer {
        count: 1,
        ..Default::default()
    })
    .await;

    let _: Vec<_> = client
        .partner()
        .transactions(0)
        .items()
        .try_collect()
        .await
        .unwrap();
    let _: Vec<_> = client
        .partner()
        .transactions(1000)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(requested_pages(&server).await, [(1, 1), (2, 1), (1, 100)]);
}

#[tokio::test]
async fn user_history_uses_user_path_and_key() {
    let (server, client) = start(HistoryServer {
        count: 3,
        ..Default::default()
    })
    .await;

    let items: Vec<_> = client
        .users()
        .transactions("user 42/a", 10)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.path(),
        "/v1/user/transactions/user%2042%2Fa"
    );
    assert_eq!(requests[0].headers.get("x-api-key").unwrap(), API_KEY);
}

#[tokio::test]
async fn nothing_is_sent_until_polled() {
    let (server, client) = start(HistoryServer {
        count: 3,
        ..Default::default()
    })
    .await;

    let history = client.partner().transactions(10);
    let stream = history.items();
    assert!(server.received_requests().await.unwrap().is_empty());
    drop(stream);
    assert!(server.received_requests().await.unwrap().is_empty());
}
