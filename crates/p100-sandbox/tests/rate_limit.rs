//! Optional rate limiting returns 429 with `Retry-After` and an `ApiError` body.

mod common;

use std::num::NonZeroU32;

use common::TestSandbox;
use p100_sandbox::Sandbox;
use reqwest::StatusCode;

#[tokio::test]
async fn over_the_limit_is_429_with_retry_after() {
    let limit = NonZeroU32::new(5).unwrap();
    let sandbox = TestSandbox::start_with(Sandbox::builder().rate_limit(limit)).await;
    let mut limited = None;
    for _ in 0..20 {
        let response = sandbox
            .http
            .get(sandbox.url("/v1/partner/balances"))
            .header("x-api-key", sandbox.handle.api_key())
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(response);
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
    }
    let response = limited.expect("the 6th request within a second is limited");
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errorCode"], "P429");
    assert_eq!(body["errorName"], "too-many-requests");

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let reply = sandbox.get("/v1/partner/balances").await;
    assert_eq!(reply.status, StatusCode::OK, "the bucket refills");
}

#[tokio::test]
async fn no_limit_by_default() {
    let sandbox = TestSandbox::start().await;
    for _ in 0..50 {
        assert_eq!(
            sandbox.get("/v1/partner/balances").await.status,
            StatusCode::OK
        );
    }
}
