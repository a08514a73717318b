//! Optional rate limiting over all clients: a token bucket with room for one second's worth of
//! requests, refilled continuously. A request that finds the bucket empty gets HTTP 429
//! with `Retry-After` (whole seconds, at least 1) and an `ApiError` body.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Token bucket for `per_second` requests per second.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

impl RateLimiter {
    /// Creates a full bucket.
    pub fn new(per_second: NonZeroU32) -> Self {
        let per_second = f64::from(per_second.get());
        Self {
            per_second,
            bucket: Mutex::new(Bucket {
                tokens: per_second,
                refilled_at: Instant::now(),
            }),
        }
    }

    /// Takes one token, or returns how long until the next one is available.
    pub fn try_acquire(&self) -> Result<(), Duration> {
        let mut bucket = self
            .bucket
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let elapsed = now.duration_since(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.per_second);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let missing = 1.0 - bucket.tokens;
        Err(Duration::from_secs_f64(missing / self.per_second))
    }
}

/// Converts a wait into the whole seconds of a `Retry-After` header (rounded up, at least 1).
pub fn retry_after_seconds(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_burst_then_refuses() {
        let limiter = RateLimiter::new(NonZeroU32::new(3).unwrap());
        assert!(limiter.try_acquire().is_ok());
        assert!(limiter.try_acquire().is_ok());
        assert!(limiter.try_acquire().is_ok());
        let wait = limiter.try_acquire().unwrap_err();
        assert!(wait <= Duration::from_millis(334), "{wait:?}");
        assert_eq!(retry_after_seconds(wait), 1);
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_seconds(Duration::from_millis(1500)), 2);
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
    }
}
