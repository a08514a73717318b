//! The SDK's error variants for every documented error the sandbox returns: the 401s of a
//! missing or wrong API key, `P403` validation errors with their individual failures, the
//! `P4xx` business errors, and 429 with `Retry-After` when rate limiting is on.

mod e2e_support;

use std::fmt::Debug;
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use p100::enums::{Currency, Network};
use p100::{Error, ErrorCode, Pin, RetryPolicy};
use p100_workspace_tests::prism::RecordingProxy;
use reqwest::StatusCode;

use e2e_support::{self as support, dec};

/// Unwraps the error of `result`, naming `case` when the call succeeded.
fn error_of<T: Debug>(case: &str, result: p100::Result<T>) -> Error {
    match result {
        Ok(value) => panic!("{case}: expected an error, got {value:?}"),
        Err(error) => error,
    }
}

#[tokio::test]
async fn missing_api_key_is_missing_api_key_error() {
    let (sandbox, _) = support::start_default().await;
    let proxy = RecordingProxy::spawn_without_header(sandbox.base_url(), "x-api-key")
        .await
        .expect("the proxy starts");
    let client = support::client(&proxy.base_url(), "key-removed-by-the-proxy");

    let error = error_of("no API key", client.partner().balances().await);

    assert!(matches!(error, Error::MissingApiKey), "{error:?}");
    assert!(error.is_auth());
    assert!(!error.is_retryable());
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    let exchanges = proxy.exchanges();
    assert_eq!(exchanges.len(), 1, "an auth failure is not retried");
    assert_eq!(exchanges[0].status, 401);
}

#[tokio::test]
async fn wrong_api_key_is_invalid_api_key_error() {
    let (sandbox, _) = support::start_default().await;
    let client = support::client(sandbox.base_url(), "wrong-secret-key-123");

    let error = error_of("wrong API key", client.users().balances("anyone").await);

    assert!(matches!(error, Error::InvalidApiKey), "{error:?}");
    assert!(error.is_auth());
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert!(!error.to_string().contains("wrong-secret-key-123"));
    assert!(!format!("{error:?}").contains("wrong-secret-key-123"));
}

#[tokio::test]
async fn validation_error_lists_each_failure() {
    let (_sandbox, client) = support::start_default().await;

    // Three faults in one body: 3 decimal places for EUR, an IBAN with wrong check digits,
    // and a blank title.
    let request = support::body(serde_json::json!({
        "amount": "10.001",
        "currency": "eur",
        "destinationIban": "PL07109027500000000148911547",
        "transferTitle": " "
    }));
    let error = error_of(
        "invalid partner SEPA transfer",
        client.sepa().create_for_partner(request).await,
    );

    assert!(error.is_validation(), "{error:?}");
    assert_eq!(error.code(), Some(ErrorCode::ValidationFailed));
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    let failures = error.validation_failures();
    assert_eq!(failures.len(), 3, "{failures:?}");
    assert!(
        failures.iter().any(|failure| failure.contains("amount")),
        "{failures:?}"
    );
    assert!(
        failures
            .iter()
            .any(|failure| failure.contains("destinationIban")),
        "{failures:?}"
    );
    assert!(
        failures
            .iter()
            .any(|failure| failure.contains("transferTitle")),
        "{failures:?}"
    );
    assert!(
        failures.iter().all(|failure| !failure.ends_with('.')),
        "{failures:?}"
    );
}

/// One expected business error: its code and HTTP status.
struct Expected {
    case: &'static str,
    code: ErrorCode,
    status: StatusCode,
}

fn check(expected: Expected, error: Error) {
    let case = expected.case;
    let failure = error
        .api_failure()
        .unwrap_or_else(|| panic!("{case}: not an API error: {error:?}"));
    assert_eq!(failure.code, expected.code, "{case}: {error}");
    assert_eq!(failure.status, expected.status, "{case}: {error}");
    assert!(
        failure.message.is_some(),
        "{case}: P100 errors carry a message"
    );
    assert!(!error.is_retryable(), "{case}: a business error is final");
    let not_found = matches!(
        expected.code,
        ErrorCode::UnknownUser
            | ErrorCode::SepaTransferNotFound
            | ErrorCode::CardNotFound
            | ErrorCode::KycNotFound
    );
    assert_eq!(error.is_not_found(), not_found, "{case}: is_not_found");
}

#[tokio::test]
async fn business_errors_map_to_error_codes() {
    let (_sandbox, client) = support::start_default().await;
    support::active_kyc_user(&client, "active").await;
    client
        .users()
        .create(support::create_user("unverified"))
        .await
        .expect("create user");

    let error = error_of(
        "unknown currency",
        client
            .crypto_withdrawals()
            .network_fee(Currency::from("xyz"), Network::Polygon)
            .await,
    );
    check(
        Expected {
            case: "P410",
            code: ErrorCode::InvalidCurrency,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );

    let error = error_of(
        "user id taken",
        client.users().create(support::create_user("active")).await,
    );
    check(
        Expected {
            case: "P411",
            code: ErrorCode::UserExists,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );

    let error = error_of("unknown user", client.users().balances("nobody").await);
    check(
        Expected {
            case: "P412",
            code: ErrorCode::UnknownUser,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );

    let error = error_of(
        "transfer without source or destination",
        client
            .transfers()
            .create(support::transfer("1", "eur", None, None))
            .await,
    );
    check(
        Expected {
            case: "P424",
            code: ErrorCode::SourceOrDestinationRequired,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );

    let error = error_of(
        "unknown SEPA transfer",
        client.sepa().details("no-such-transfer").await,
    );
    check(
        Expected {
            case: "P428",
            code: ErrorCode::SepaTransferNotFound,
            status: StatusCode::NOT_FOUND,
        },
        error,
    );

    let error = error_of(
        "collection from an empty balance",
        client
            .transfers()
            .create(support::transfer("0.01", "eur", None, Some("active")))
            .await,
    );
    check(
        Expected {
            case: "P433",
            code: ErrorCode::InsufficientFunds,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );

    let error = error_of(
        "unknown card",
        client.cards().details("active", "no-such-card").await,
    );
    check(
        Expected {
            case: "P434",
            code: ErrorCode::CardNotFound,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );

    let error = error_of(
        "no hosted verification",
        client.kyc().status("active").await,
    );
    check(
        Expected {
            case: "P445",
            code: ErrorCode::KycNotFound,
            status: StatusCode::NOT_FOUND,
        },
        error,
    );

    let error = error_of(
        "money for an unverified user",
        client
            .transfers()
            .create(support::transfer("1", "eur", Some("unverified"), None))
            .await,
    );
    check(
        Expected {
            case: "P459",
            code: ErrorCode::UserNotVerified,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );

    client.users().suspend("active").await.expect("suspend");
    let error = error_of(
        "money for a suspended user",
        client
            .transfers()
            .create(support::transfer("1", "eur", Some("active"), None))
            .await,
    );
    check(
        Expected {
            case: "P455",
            code: ErrorCode::UserSuspended,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );

    // Cards are not issued to residents of some countries.
    let mut request = support::create_user("abroad");
    request.country = "US".to_string().into();
    client.users().create(request).await.expect("create user");
    client
        .kyc()
        .add_verification("abroad", support::user_verification())
        .await
        .expect("verify");
    let pin = Pin::new("1234").expect("valid PIN");
    let error = error_of(
        "card in a forbidden country",
        client.cards().create_virtual("abroad", "Card", &pin).await,
    );
    check(
        Expected {
            case: "P451",
            code: ErrorCode::ForbiddenCountryCard,
            status: StatusCode::BAD_REQUEST,
        },
        error,
    );
}

#[tokio::test]
async fn failed_money_moving_request_changes_nothing() {
    let (_sandbox, client) = support::start_default().await;
    support::active_kyc_user(&client, "saver").await;
    client
        .transfers()
        .create(support::transfer("10.00", "eur", Some("saver"), None))
        .await
        .expect("fund the user");

    let error = error_of(
        "SEPA transfer above the balance",
        client
            .sepa()
            .create(support::user_sepa("saver", "9.50", "Too much with the fee"))
            .await,
    );

    // 9.50 EUR plus the 1 EUR minimum fee is more than the 10 EUR balance.
    assert_eq!(error.code(), Some(ErrorCode::InsufficientFunds), "{error}");
    let balances = client.users().balances("saver").await.expect("balances");
    let eur = support::balance_of(&balances.fiat_balances, &balances.crypto_balances, "eur");
    assert_eq!(eur, dec("10.00"));
}

#[tokio::test]
async fn rate_limit_gives_retry_after() {
    let per_second = NonZeroU32::new(2).expect("2 is not zero");
    let builder = p100_sandbox::Sandbox::builder()
        .time_scale(support::TIME_SCALE)
        .rate_limit(per_second);
    let (sandbox, client) = support::start(builder).await;

    // The bucket contains 2 tokens, so a third request within the same second is rejected.
    let mut limited = None;
    for _ in 0..5 {
        if let Err(error) = client.partner().balances().await {
            limited = Some(error);
            break;
        }
    }
    let error = limited.expect("5 requests at once exceed 2 per second");

    assert!(error.is_rate_limited(), "{error:?}");
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    assert!(error.is_retryable());

    // After the delay the sandbox accepts requests again.
    tokio::time::sleep(error.retry_after().unwrap()).await;
    client
        .partner()
        .balances()
        .await
        .expect("a request after Retry-After succeeds");

    // A client that retries waits out the 429 on a GET.
    let retrying = p100::Client::builder()
        .base_url(sandbox.base_url())
        .api_key(sandbox.api_key())
        .retry_policy(RetryPolicy::default().max_attempts(4))
        .build()
        .expect("valid client");
    let started = Instant::now();
    for _ in 0..4 {
        retrying
            .partner()
            .balances()
            .await
            .expect("GETs succeed after waiting out the rate limit");
    }
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "4 requests at 2 per second cannot finish at once: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn rate_limited_transfer_is_not_resent() {
    let per_second = NonZeroU32::new(1).expect("1 is not zero");
    let builder = p100_sandbox::Sandbox::builder()
        .time_scale(support::TIME_SCALE)
        .rate_limit(per_second);
    let sandbox = builder.spawn().await.expect("the sandbox starts");
    let retrying = p100::Client::builder()
        .base_url(sandbox.base_url())
        .api_key(sandbox.api_key())
        .retry_policy(RetryPolicy::default().max_attempts(5))
        .build()
        .expect("valid client");

    // The user creation takes the only token of this second.
    retrying
        .users()
        .create_without_kyc(support::create_user_without_kyc("limited"))
        .await
        .expect("create user");
    let error = error_of(
        "transfer in an exhausted second",
        retrying
            .transfers()
            .create(support::transfer("1", "eur", Some("limited"), None))
            .await,
    );

    assert!(
        error.is_rate_limited(),
        "money-moving POSTs are not retried: {error:?}"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let balances = retrying
        .users()
        .balances("limited")
        .await
        .expect("balances");
    assert!(
        balances
            .balances
            .iter()
            .all(|balance| balance.amount.0.is_zero()),
        "the refused transfer moved nothing"
    );
}
