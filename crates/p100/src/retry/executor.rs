//! The [`p100_raw::Executor`] the SDK installs in the generated client: it sends each
//! request, applies the [`RetryPolicy`], and traces every attempt.
//!
//! The `p100.request` span carries `operation_id`, `method`, `path` and `money_moving`. The
//! path is the spec's template, so user ids stay out of logs. Each attempt logs `attempt`,
//! `status` or `error`, and `duration_ms`, and each retry logs `delay_ms`. Headers and bodies
//! are never logged.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use p100_raw::operations::{OPERATIONS, OperationInfo};
use reqwest::header::{HeaderValue, USER_AGENT};
use reqwest::{Request, Response};
use tracing::Instrument;

use super::context;
use super::policy::{Decision, Outcome, RequestKind, RetryPolicy};

/// Sends requests with retries and tracing.
#[derive(Debug)]
pub(crate) struct RetryingExecutor {
    policy: RetryPolicy,
    /// Timeout set on requests that have none; used when the caller supplied the
    /// `reqwest::Client`, whose own timeouts the SDK cannot change.
    timeout: Option<Duration>,
    user_agent: HeaderValue,
}

impl RetryingExecutor {
    pub(crate) fn new(
        policy: RetryPolicy,
        timeout: Option<Duration>,
        user_agent: HeaderValue,
    ) -> Self {
        Self {
            policy,
            timeout,
            user_agent,
        }
    }

    /// Sends `request` for `operation_id` (camelCase or snake_case), retrying as the policy
    /// allows, and returns the last response whatever its status.
    pub(crate) async fn send(
        &self,
        client: &reqwest::Client,
        mut request: Request,
        operation_id: &'static str,
    ) -> reqwest::Result<Response> {
        let operation = find_operation(operation_id);
        let name = operation.map_or(operation_id, |info| info.operation_id);
        let money_moving = operation.is_some_and(|info| info.money_moving);
        let kind = RequestKind::of(request.method());

        if !request.headers().contains_key(USER_AGENT) {
            request
                .headers_mut()
                .insert(USER_AGENT, self.user_agent.clone());
        }
        if request.timeout().is_none() {
            *request.timeout_mut() = self.timeout;
        }

        // The span records its fields when it is created, so the path can borrow the request.
        let path = operation.map_or_else(|| request.url().path(), |info| info.path);
        let span = tracing::info_span!(
            "p100.request",
            operation_id = name,
            method = %request.method(),
            path = %path,
            money_moving,
        );
        self.send_attempts(client, request, kind)
            .instrument(span)
            .await
    }

    async fn send_attempts(
        &self,
        client: &reqwest::Client,
        mut request: Request,
        kind: RequestKind,
    ) -> reqwest::Result<Response> {
        let mut delayed = Duration::ZERO;
        let mut attempt = 1;

        loop {
            // The copy for the next attempt is made only while the policy allows one. A POST
            // needs it too, because a failed connection is retried for every method. A
            // streamed body (multipart upload) cannot be cloned, so that request is sent once.
            let spare = if attempt < self.policy.attempts() {
                request.try_clone()
            } else {
                None
            };
            let started = Instant::now();
            let result = client.execute(request).await;
            let outcome = record_attempt(&result, attempt, started.elapsed());

            let decision = self.policy.decide(kind, &outcome, attempt, delayed);
            let Decision::Retry(delay) = decision else {
                if outcome != Outcome::Success {
                    tracing::debug!(attempt, ?kind, "P100 request not retried");
                }
                return result;
            };
            let Some(next) = spare else {
                tracing::debug!(attempt, "P100 request not retried: its body is a stream");
                return result;
            };

            tracing::warn!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                reason = ?outcome,
                "retrying P100 request"
            );
            drop(result);
            tokio::time::sleep(delay).await;
            delayed += delay;
            attempt += 1;
            request = next;
        }
    }
}

/// Logs one attempt, records its status for error mapping and classifies it.
fn record_attempt(result: &reqwest::Result<Response>, attempt: u32, elapsed: Duration) -> Outcome {
    let duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
    match result {
        Ok(response) => {
            let status = response.status();
            context::record_status(status);
            tracing::debug!(
                attempt,
                status = status.as_u16(),
                duration_ms,
                "P100 responded"
            );
            Outcome::of_response(status, crate::error::retry_after(response.headers()))
        }
        Err(error) => {
            tracing::warn!(attempt, duration_ms, error = %error, "P100 request failed");
            Outcome::of_error(error)
        }
    }
}

/// Spec operations by `operation_id` (camelCase) and by `method_name` (snake_case, what the
/// generated client passes).
static OPERATIONS_BY_ID: LazyLock<HashMap<&'static str, &'static OperationInfo>> =
    LazyLock::new(|| {
        let mut by_id = HashMap::with_capacity(OPERATIONS.len() * 2);
        for info in OPERATIONS {
            by_id.insert(info.operation_id, info);
            by_id.insert(info.method_name, info);
        }
        by_id
    });

/// Finds the spec operation for an id in camelCase (the spec) or snake_case (what the
/// generated client passes). Other spellings are compared ignoring case and `_`.
fn find_operation(operation_id: &str) -> Option<&'static OperationInfo> {
    if let Some(info) = OPERATIONS_BY_ID.get(operation_id) {
        return Some(info);
    }
    let target = operation_id
        .bytes()
        .filter(|byte| *byte != b'_')
        .map(|byte| byte.to_ascii_lowercase());
    OPERATIONS.iter().find(|info| {
        let candidate = info
            .operation_id
            .bytes()
            .map(|byte| byte.to_ascii_lowercase());
        candidate.eq(target.clone())
    })
}

impl p100_raw::Executor for RetryingExecutor {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: Request,
        operation_id: &'static str,
    ) -> Pin<Box<dyn Future<Output = reqwest::Result<Response>> + Send + 'a>> {
        Box::pin(self.send(client, request, operation_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_found_in_both_cases() {
        assert_eq!(
            find_operation("create_partner_exchange")
                .unwrap()
                .operation_id,
            "createPartnerExchange"
        );
        assert_eq!(
            find_operation("addKycFile").unwrap().path,
            "/v1/user/kyc-files/{externalUserId}"
        );
        assert!(find_operation("no_such_operation").is_none());
    }

    #[test]
    fn every_operation_is_found_by_both_names() {
        for info in OPERATIONS {
            let by_id = find_operation(info.operation_id).unwrap();
            assert_eq!(by_id.operation_id, info.operation_id);
            let by_method = find_operation(info.method_name).unwrap();
            assert_eq!(by_method.operation_id, info.operation_id);
        }
        let other_case = find_operation("CREATE_PARTNER_EXCHANGE").unwrap();
        assert_eq!(other_case.operation_id, "createPartnerExchange");
    }
}
