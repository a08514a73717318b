//! Cells and columns that tables add to responses: withdrawal fees and minimums per network,
//! and the direction of history items. `--json` output never contains them.

use crate::json_tree::JsonNode;

/// Summarizes a `networkConfig` object as `ethereum fee 10 min 15; polygon fee 10 min 15`:
/// the withdrawal fee and minimum withdrawal per network, `-` where one is missing.
///
/// Returns `None` when a network's value is not an object, so the caller can fall back.
pub fn network_config_summary(entries: &[(String, JsonNode)]) -> Option<String> {
    let mut parts = Vec::new();
    for (network, config) in entries {
        if !matches!(config, JsonNode::Object(_)) {
            return None;
        }
        let withdrawal = config.field("withdrawal");
        let value = |key: &str| {
            withdrawal
                .and_then(|node| node.field(key))
                .and_then(JsonNode::as_text)
                .unwrap_or("-")
                .to_string()
        };
        parts.push(format!(
            "{network} fee {} min {}",
            value("feeWithdrawal"),
            value("minWithdrawal")
        ));
    }
    Some(parts.join("; "))
}

/// Returns which way a history item moved money, from its `type`: `in` or `out` of the P100
/// balance involved (the partner's, or that of the user in `externalUserId`), `in/out` for an
/// exchange, which does both, and `?` when the item does not record it.
///
/// NOTE: a history item of type TRANSFER names the user but not whether the user was the
/// source or the destination, and ORDER and CARD_TRANSACTION items can go either way
/// (refunds), so those rows show `?`.
pub fn direction(transaction_type: &str) -> &'static str {
    match transaction_type.to_ascii_uppercase().as_str() {
        "SEPA_DEPOSIT" | "CRYPTO_DEPOSIT" => "in",
        "SEPA_TRANSFER" | "CRYPTO_WITHDRAWAL" => "out",
        "EXCHANGE" => "in/out",
        _ => "?",
    }
}

/// Inserts a `direction` field after `type` in every history item of `node`, an array.
pub fn add_direction_column(node: &mut JsonNode) {
    let JsonNode::Array(items) = node else {
        return;
    };
    for item in items {
        let JsonNode::Object(entries) = item else {
            continue;
        };
        let Some(position) = entries.iter().position(|(key, _)| key == "type") else {
            continue;
        };
        let kind = entries[position].1.as_text().unwrap_or_default();
        let direction = JsonNode::String(direction(kind).to_string());
        entries.insert(position + 1, (String::from("direction"), direction));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_config_shows_fee_and_minimum() {
        let node = JsonNode::parse(
            r#"{"ethereum":{"mainnet":false,"name":"sepolia",
                  "withdrawal":{"feeWithdrawal":10,"minWithdrawal":15},"deposit":{"minDeposit":5}},
                "polygon":{"name":"amoy","withdrawal":{"feeWithdrawal":"0.5"}}}"#,
        )
        .unwrap();
        let JsonNode::Object(entries) = node else {
            panic!("not an object");
        };
        assert_eq!(
            network_config_summary(&entries).unwrap(),
            "ethereum fee 10 min 15; polygon fee 0.5 min -"
        );
    }

    #[test]
    fn network_config_of_scalars_falls_back() {
        let node = JsonNode::parse(r#"{"ethereum":1}"#).unwrap();
        let JsonNode::Object(entries) = node else {
            panic!("not an object");
        };
        assert!(network_config_summary(&entries).is_none());
    }

    #[test]
    fn direction_follows_type() {
        let mut node = JsonNode::parse(
            r#"[{"id":"1","type":"SEPA_DEPOSIT"},{"id":"2","type":"CRYPTO_WITHDRAWAL"},
                {"id":"3","type":"TRANSFER"},{"id":"4","type":"EXCHANGE"},{"id":"5"}]"#,
        )
        .unwrap();
        add_direction_column(&mut node);
        let directions: Vec<Option<&str>> = match &node {
            JsonNode::Array(items) => items
                .iter()
                .map(|item| item.field("direction").and_then(JsonNode::as_text))
                .collect(),
            _ => panic!("not an array"),
        };
        assert_eq!(
            directions,
            [Some("in"), Some("out"), Some("?"), Some("in/out"), None]
        );
        let text = serde_json::to_string(&node).unwrap();
        assert!(
            text.starts_with(r#"[{"id":"1","type":"SEPA_DEPOSIT","direction":"in"}"#),
            "{text}"
        );
    }
}
