//! Order statistics over measured durations.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Returns the `quantile` (0.0 to 1.0) of `sorted` by the nearest-rank method, or zero for an
/// empty slice.
pub fn quantile(sorted: &[Duration], quantile: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // Nearest rank: the smallest value with at least `quantile` of the values at or below it.
    let rank = (quantile * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Median, minimum and maximum of repeated wall-clock runs, in seconds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Spread {
    /// Median run.
    pub median_s: f64,
    /// Fastest run.
    pub min_s: f64,
    /// Slowest run.
    pub max_s: f64,
    /// Number of runs.
    pub runs: usize,
}

impl Spread {
    /// Summarizes `runs`; all figures are zero for an empty list.
    pub fn of(runs: &[Duration]) -> Self {
        let mut sorted = runs.to_vec();
        sorted.sort();
        Self {
            median_s: median(&sorted).as_secs_f64(),
            min_s: sorted.first().copied().unwrap_or_default().as_secs_f64(),
            max_s: sorted.last().copied().unwrap_or_default().as_secs_f64(),
            runs: sorted.len(),
        }
    }
}

/// Returns the median of `sorted` (the mean of the two middle values for an even count).
pub fn median(sorted: &[Duration]) -> Duration {
    match sorted.len() {
        0 => Duration::ZERO,
        count if count % 2 == 1 => sorted[count / 2],
        count => (sorted[count / 2 - 1] + sorted[count / 2]) / 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(values: &[u64]) -> Vec<Duration> {
        values
            .iter()
            .map(|value| Duration::from_millis(*value))
            .collect()
    }

    #[test]
    fn quantile_nearest_rank() {
        let sorted = millis(&(1..=100).collect::<Vec<_>>());
        assert_eq!(quantile(&sorted, 0.5), Duration::from_millis(50));
        assert_eq!(quantile(&sorted, 0.99), Duration::from_millis(99));
        assert_eq!(quantile(&sorted, 1.0), Duration::from_millis(100));
        assert_eq!(quantile(&sorted, 0.0), Duration::from_millis(1));
        assert_eq!(quantile(&[], 0.5), Duration::ZERO);
    }

    #[test]
    fn median_odd_and_even() {
        assert_eq!(median(&millis(&[1, 2, 9])), Duration::from_millis(2));
        assert_eq!(median(&millis(&[1, 3, 5, 9])), Duration::from_millis(4));
        let spread = Spread::of(&millis(&[30, 10, 20]));
        assert_eq!(spread.median_s, 0.02);
        assert_eq!(spread.min_s, 0.01);
        assert_eq!(spread.max_s, 0.03);
        assert_eq!(spread.runs, 3);
    }
}
