//! When to send a request again, and after how long.
//!
//! P100 documents neither idempotency keys nor rate limits. So the policy decides on two
//! facts only: whether the request is safe to repeat (GET), and whether any byte of it may
//! have reached the server. A POST that moves money is sent again only when the connection
//! failed before anything was sent.

use std::time::Duration;

use rand::Rng;
use reqwest::StatusCode;

/// Retry rules for failed requests.
///
/// The default sends a GET up to 3 times on transport errors, timeouts, 408, 429 and 5xx. It
/// waits 200 ms, then 400 ms, each delay cut to a random value between half and all of it.
/// A `Retry-After` delay from P100 replaces the computed one. Computed delays are capped at
/// 5 s each, and all delays of a call at 30 s. Other methods are sent again only when the
/// connection could not be opened, because P100 has no idempotency keys.
///
/// ```
/// use std::time::Duration;
/// let policy = p100::RetryPolicy::default()
///     .max_attempts(5)
///     .max_total_delay(Duration::from_secs(10));
/// assert_eq!(policy.attempts(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_total_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_total_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Returns a policy that sends each request once, with no retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets how many times a request may be sent in total, first attempt included (at
    /// least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the delay before the second attempt; each later delay doubles.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// Sets the maximum computed delay between two attempts. A longer `Retry-After` is
    /// still honoured while it fits in [`max_total_delay`](Self::max_total_delay).
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// Sets the maximum sum of delays for one call; the SDK stops retrying instead of
    /// waiting past it.
    pub fn max_total_delay(mut self, delay: Duration) -> Self {
        self.max_total_delay = delay;
        self
    }

    /// Returns the maximum number of attempts per call.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Decides what to do after `attempt` (1-based) ended with `outcome`, given the delays
    /// already spent on this call.
    pub(crate) fn decide(
        &self,
        kind: RequestKind,
        outcome: &Outcome,
        attempt: u32,
        delayed: Duration,
    ) -> Decision {
        let delay = match (kind, outcome) {
            (_, Outcome::Success) => return Decision::Stop,

            // Nothing was sent, so repeating cannot execute anything twice.
            (_, Outcome::ConnectFailed) => self.backoff(attempt),

            // A safe request has no effect to duplicate.
            (RequestKind::Safe, Outcome::TimedOut | Outcome::SendFailed) => self.backoff(attempt),
            (
                RequestKind::Safe,
                Outcome::Status {
                    status,
                    retry_after,
                },
            ) => {
                if !is_transient(*status) {
                    return Decision::Stop;
                }
                retry_after.unwrap_or_else(|| self.backoff(attempt))
            }

            // The request may have reached P100: a second copy could move money twice.
            (RequestKind::Unsafe, _) => return Decision::Stop,
        };

        if attempt >= self.max_attempts {
            return Decision::Stop;
        }
        if delayed + delay > self.max_total_delay {
            return Decision::Stop;
        }
        Decision::Retry(delay)
    }

    /// Exponential backoff with jitter: a random delay in `[d/2, d]` where `d` doubles per
    /// attempt, so clients that failed together do not retry together.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
        let full = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = full / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(rand::rng().random_range(0..=jitter_nanos))
    }
}

/// Returns `true` for 408, 429 and 5xx, the statuses meaning that the server did not
/// complete the request for a reason that may pass.
fn is_transient(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// Whether repeating a request could repeat its effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RequestKind {
    /// GET and HEAD: reading twice changes nothing.
    Safe,
    /// Every other method, money-moving or not.
    Unsafe,
}

impl RequestKind {
    pub(crate) fn of(method: &reqwest::Method) -> Self {
        if method == reqwest::Method::GET || method == reqwest::Method::HEAD {
            return Self::Safe;
        }
        Self::Unsafe
    }
}

/// Result of one attempt, as the policy classifies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A 1xx, 2xx, 3xx or a 4xx other than 408 and 429.
    Success,
    /// A status the policy may retry, with the `Retry-After` delay if sent.
    Status {
        status: StatusCode,
        retry_after: Option<Duration>,
    },
    /// The connection could not be opened: no byte of the request was sent.
    ConnectFailed,
    /// The request timed out after the connection was opened.
    TimedOut,
    /// The connection broke while sending or receiving.
    SendFailed,
}

impl Outcome {
    pub(crate) fn of_error(error: &reqwest::Error) -> Self {
        // Checked first: reqwest marks a connect timeout as both connect and timeout, and
        // in that case nothing was sent.
        if error.is_connect() {
            return Self::ConnectFailed;
        }
        if error.is_timeout() {
            return Self::TimedOut;
        }
        Self::SendFailed
    }

    pub(crate) fn of_response(status: StatusCode, retry_after: Option<Duration>) -> Self {
        if is_transient(status) {
            return Self::Status {
                status,
                retry_after,
            };
        }
        Self::Success
    }
}

/// Next step of the executor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Return the last result to the caller.
    Stop,
    /// Wait this long, then send again.
    Retry(Duration),
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_DELAY: Duration = Duration::ZERO;

    fn status(code: u16) -> Outcome {
        Outcome::of_response(StatusCode::from_u16(code).unwrap(), None)
    }

    #[test]
    fn unsafe_requests_retry_only_connect_failures() {
        let policy = RetryPolicy::default();
        for outcome in [
            status(500),
            status(503),
            status(429),
            Outcome::TimedOut,
            Outcome::SendFailed,
        ] {
            assert_eq!(
                policy.decide(RequestKind::Unsafe, &outcome, 1, NO_DELAY),
                Decision::Stop
            );
        }
        let decision = policy.decide(RequestKind::Unsafe, &Outcome::ConnectFailed, 1, NO_DELAY);
        assert!(matches!(decision, Decision::Retry(_)));
    }

    #[test]
    fn safe_requests_retry_transient_failures_only() {
        let policy = RetryPolicy::default();
        for outcome in [status(500), status(429), status(408), Outcome::TimedOut] {
            let decision = policy.decide(RequestKind::Safe, &outcome, 1, NO_DELAY);
            assert!(matches!(decision, Decision::Retry(_)), "{outcome:?}");
        }
        assert_eq!(
            policy.decide(RequestKind::Safe, &status(400), 1, NO_DELAY),
            Decision::Stop
        );
        assert_eq!(
            policy.decide(RequestKind::Safe, &status(200), 1, NO_DELAY),
            Decision::Stop
        );
    }

    #[test]
    fn attempts_and_total_delay_are_bounded() {
        let policy = RetryPolicy::default().max_attempts(2);
        assert_eq!(
            policy.decide(RequestKind::Safe, &status(500), 2, NO_DELAY),
            Decision::Stop
        );
        assert_eq!(
            RetryPolicy::none().decide(RequestKind::Safe, &status(500), 1, NO_DELAY),
            Decision::Stop
        );

        let limited = Outcome::Status {
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after: Some(Duration::from_secs(40)),
        };
        assert_eq!(
            RetryPolicy::default().decide(RequestKind::Safe, &limited, 1, NO_DELAY),
            Decision::Stop
        );
    }

    #[test]
    fn retry_after_overrides_backoff() {
        let limited = Outcome::Status {
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after: Some(Duration::from_secs(2)),
        };
        let decision = RetryPolicy::default().decide(RequestKind::Safe, &limited, 1, NO_DELAY);
        assert_eq!(decision, Decision::Retry(Duration::from_secs(2)));
    }

    #[test]
    fn backoff_doubles_within_jitter_bounds() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(100));
        for attempt in 1..=4u32 {
            let full = Duration::from_millis(100 * 2u64.pow(attempt - 1));
            let delay = policy.backoff(attempt);
            assert!(
                delay >= full / 2 && delay <= full,
                "attempt {attempt}: {delay:?}"
            );
        }
        assert!(policy.backoff(30) <= Duration::from_secs(5));
    }
}
