//! Splits a `P403` message into its individual failures.
//!
//! P100 joins the failures of one request with ". " (for example `currency must be one of
//! the following values: btc, eth, usdt. Amount can have at most 8 decimal places.`). A
//! period splits only when whitespace follows it, so decimals such as `0.5` stay whole.

/// Returns the failures in `message`, in order, trimmed and without their final period.
pub(crate) fn split_failures(message: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let mut start = 0;
    let mut chars = message.char_indices().peekable();

    while let Some((index, ch)) = chars.next() {
        let next_is_space = chars.peek().is_some_and(|(_, next)| next.is_whitespace());
        if ch == '.' && next_is_space {
            push_failure(&mut failures, &message[start..index]);
            start = index + 1;
        }
    }
    push_failure(&mut failures, &message[start..]);
    failures
}

fn push_failure(failures: &mut Vec<String>, part: &str) {
    let part = part.trim();
    let part = part.strip_suffix('.').unwrap_or(part).trim_end();
    if !part.is_empty() {
        failures.push(part.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_joined_failures_are_split() {
        let failures = split_failures(
            "currency must be one of the following values: btc, eth, usdt. \
             Amount can have at most 8 decimal places.",
        );
        assert_eq!(
            failures,
            [
                "currency must be one of the following values: btc, eth, usdt",
                "Amount can have at most 8 decimal places"
            ]
        );
    }

    #[test]
    fn decimals_do_not_split() {
        let failures = split_failures("amount must not be less than 0.5. pin must be 4 digits");
        assert_eq!(
            failures,
            ["amount must not be less than 0.5", "pin must be 4 digits"]
        );
    }

    #[test]
    fn single_and_empty_messages() {
        assert_eq!(
            split_failures("label should not be empty"),
            ["label should not be empty"]
        );
        assert!(split_failures("  ").is_empty());
        assert_eq!(split_failures("a.  b. "), ["a", "b"]);
    }
}
