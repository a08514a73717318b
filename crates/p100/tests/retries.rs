//! Retry rules against a real loopback server that counts requests: a money-moving POST is
//! sent once whatever happens after its bytes left, a GET is retried, a refused connection is
//! retried for both, and `Retry-After` is honoured.

mod support;

use std::time::{Duration, Instant};

use p100::enums::Currency;
use p100::types::ExchangeRequest;
use p100::{Decimal, Error, RetryPolicy};
use support::{Behavior, LogCapture, ScriptedServer, client, fast_retries};

const BALANCES: &str = r#"{"fiatBalances":[],"cryptoBalances":[]}"#;

fn exchange_request() -> ExchangeRequest {
    ExchangeRequest {
        amount: Decimal::new(1000, 2).into(),
        currency_from: Currency::Eur,
        currency_to: Currency::Usdt,
        lock_id: "lock-1".to_string(),
    }
}

async fn post_exchange(server: &ScriptedServer) -> Error {
    let client = client(&server.url, fast_retries());
    client
        .exchange()
        .exchange(exchange_request())
        .await
        .unwrap_err()
}

async fn get_balances(server: &ScriptedServer) -> p100::Result<p100::types::Balances> {
    client(&server.url, fast_retries())
        .partner()
        .balances()
        .await
}

fn rate_limited(seconds: u64) -> Behavior {
    Behavior::Respond {
        status: 429,
        headers: vec![("retry-after", seconds.to_string())],
        body: String::new(),
    }
}

#[tokio::test]
async fn post_is_sent_once_on_error_statuses() {
    for (status, body) in [(500, r#"{"errorCode":"P500"}"#), (503, ""), (429, "")] {
        let server = ScriptedServer::start(vec![Behavior::status(status, body)]).await;
        let error = post_exchange(&server).await;
        assert_eq!(server.requests(), 1, "HTTP {status}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    }
}

#[tokio::test]
async fn post_is_sent_once_when_the_server_stalls() {
    let server = ScriptedServer::start(vec![Behavior::Stall]).await;
    let error = post_exchange(&server).await;
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn post_is_sent_once_when_the_server_closes() {
    let server = ScriptedServer::start(vec![Behavior::Close]).await;
    let error = post_exchange(&server).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn get_is_retried_on_error_statuses() {
    for status in [500, 503, 429] {
        let server = ScriptedServer::start(vec![rate_or_status(status)]).await;
        let error = get_balances(&server).await.unwrap_err();
        assert_eq!(server.requests(), 3, "HTTP {status}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(error.is_retryable());
    }
}

fn rate_or_status(status: u16) -> Behavior {
    if status == 429 {
        return rate_limited(0);
    }
    Behavior::status(status, "")
}

#[tokio::test]
async fn get_retried_on_stall_and_close() {
    let server = ScriptedServer::start(vec![Behavior::Stall]).await;
    let error = get_balances(&server).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.requests(), 3);

    let server = ScriptedServer::start(vec![Behavior::Close]).await;
    let error = get_balances(&server).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn get_succeeds_after_transient_failures() {
    let script = vec![
        Behavior::status(502, ""),
        Behavior::Close,
        Behavior::status(200, BALANCES),
    ];
    let server = ScriptedServer::start(script).await;
    let balances = get_balances(&server).await.unwrap();
    assert!(balances.fiat_balances.is_empty());
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let body = r#"{"errorCode":"P412","errorName":"invalid-user"}"#;
    let server = ScriptedServer::start(vec![Behavior::status(400, body)]).await;
    let error = get_balances(&server).await.unwrap_err();
    assert_eq!(server.requests(), 1);
    assert_eq!(error.code(), Some(p100::ErrorCode::UnknownUser));
}

#[tokio::test]
async fn policy_none_sends_get_once() {
    let server = ScriptedServer::start(vec![Behavior::status(503, "")]).await;
    let client = client(&server.url, RetryPolicy::none());
    client.partner().balances().await.unwrap_err();
    assert_eq!(server.requests(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn refused_connection_is_retried_for_post() {
    let (logs, _guard) = LogCapture::install();
    let url = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let client = client(&url, fast_retries());

    let error = client
        .exchange()
        .exchange(exchange_request())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let failures = logs.lines_containing("P100 request failed");
    assert_eq!(failures.len(), 3, "{}", logs.text());
    for (index, line) in failures.iter().enumerate() {
        assert!(line.contains(&format!("attempt={}", index + 1)), "{line}");
        assert!(
            line.contains("operation_id=\"createPartnerExchange\""),
            "{line}"
        );
        assert!(line.contains("money_moving=true"), "{line}");
    }
    assert_eq!(logs.lines_containing("retrying P100 request").len(), 2);
}

#[tokio::test]
async fn retry_after_delays_the_next_attempt() {
    let server =
        ScriptedServer::start(vec![rate_limited(1), Behavior::status(200, BALANCES)]).await;
    let started = Instant::now();
    get_balances(&server).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_budget_returns_rate_limited() {
    let server = ScriptedServer::start(vec![rate_limited(120)]).await;
    let started = Instant::now();
    let error = get_balances(&server).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.requests(), 1);
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
}

#[tokio::test(flavor = "current_thread")]
async fn every_attempt_is_traced() {
    let (logs, _guard) = LogCapture::install();
    let script = vec![Behavior::status(500, ""), Behavior::status(200, BALANCES)];
    let server = ScriptedServer::start(script).await;
    get_balances(&server).await.unwrap();

    let responses = logs.lines_containing("P100 responded");
    assert_eq!(responses.len(), 2, "{}", logs.text());
    assert!(responses[0].contains("attempt=1"), "{}", responses[0]);
    assert!(responses[0].contains("status=500"), "{}", responses[0]);
    assert!(responses[1].contains("attempt=2"), "{}", responses[1]);
    assert!(responses[1].contains("status=200"), "{}", responses[1]);
    for line in &responses {
        assert!(
            line.contains("operation_id=\"getPartnerBalances\""),
            "{line}"
        );
        assert!(line.contains("method=GET"), "{line}");
        assert!(line.contains("path=/v1/partner/balances"), "{line}");
        assert!(line.contains("duration_ms="), "{line}");
    }
    let retries = logs.lines_containing("retrying P100 request");
    assert_eq!(retries.len(), 1);
    assert!(retries[0].contains("delay_ms="), "{}", retries[0]);
}
