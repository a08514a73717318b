//! Durations of the sandbox's simulated processes, divided by a configurable time scale so
//! tests can run minutes of P100 behaviour in milliseconds.

use std::time::Duration;

/// How long an exchange or order rate lock stays valid at time scale 1.
pub const LOCK_TTL: Duration = Duration::from_secs(30);

/// Delay before an accepted exchange, withdrawal, SEPA transfer, verification or POA check
/// reaches its final state, at time scale 1.
pub const PROCESSING_DELAY: Duration = Duration::from_secs(2);

/// Delays between webhook delivery attempts at time scale 1: P100 makes 5 attempts in all,
/// waiting about 8, 16, 32 and 64 s after each failure.
pub const WEBHOOK_RETRY_DELAYS: [Duration; 4] = [
    Duration::from_secs(8),
    Duration::from_secs(16),
    Duration::from_secs(32),
    Duration::from_secs(64),
];

/// Speed-up factor: every simulated duration is divided by it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeScale(f64);

impl TimeScale {
    /// Real time.
    pub const REAL: Self = Self(1.0);

    /// Creates a time scale; returns `None` unless `factor` is finite and positive.
    pub fn new(factor: f64) -> Option<Self> {
        (factor.is_finite() && factor > 0.0).then_some(Self(factor))
    }

    /// Returns the speed-up factor.
    pub fn factor(self) -> f64 {
        self.0
    }

    /// Divides `duration` by the factor.
    pub fn apply(self, duration: Duration) -> Duration {
        duration.div_f64(self.0)
    }
}

impl Default for TimeScale {
    fn default() -> Self {
        Self::REAL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_divides_durations() {
        let scale = TimeScale::new(100.0).unwrap();
        assert_eq!(
            scale.apply(Duration::from_secs(8)),
            Duration::from_millis(80)
        );
    }

    #[test]
    fn scale_rejects_zero_and_nan() {
        assert!(TimeScale::new(0.0).is_none());
        assert!(TimeScale::new(f64::NAN).is_none());
        assert!(TimeScale::new(-1.0).is_none());
    }
}
