//! Printing of responses: human-readable tables by default, exact JSON with `--json`.
//!
//! Every response goes through [`JsonNode`], so amounts print with the digits the server sent
//! and card secrets are masked in both formats unless `--show-secrets` is given.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::CliError;
use crate::json_tree::JsonNode;
use crate::secrets::mask_secrets;
use crate::table_views::network_config_summary;

/// Output settings chosen on the command line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Output {
    /// Print the JSON of each response instead of tables.
    pub json: bool,
    /// Print card numbers, CVVs, PINs and one-time codes in clear.
    pub show_secrets: bool,
}

impl Output {
    /// Prints a response to stdout in the chosen format.
    ///
    /// # Errors
    ///
    /// Fails only when the value cannot be serialized to JSON.
    pub fn print<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), CliError> {
        let node = self.prepare(value)?;
        outln!("{}", self.render(&node));
        Ok(())
    }

    /// Converts a value to a tree and masks its secrets unless `--show-secrets` is on.
    pub fn prepare<T: Serialize + ?Sized>(&self, value: &T) -> Result<JsonNode, CliError> {
        let mut node = JsonNode::from_serialize(value)
            .map_err(|error| CliError::Internal(format!("cannot encode the response: {error}")))?;
        if !self.show_secrets {
            mask_secrets(&mut node);
        }
        Ok(node)
    }

    /// Renders a prepared tree as pretty JSON or as tables.
    pub fn render(&self, node: &JsonNode) -> String {
        if self.json {
            return node.to_pretty_json();
        }
        render_human(node)
    }
}

/// Writes one line to stdout. Exits with status 0 when the reader closed the pipe, and with
/// status 1 on any other write error, because nothing more can be printed.
pub fn write_line(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(error) => {
            eprintln!("error: cannot write to stdout: {error}");
            std::process::exit(i32::from(crate::error::EXIT_FAILURE));
        }
    }
}

/// Renders a tree as tables: objects as field/value rows, arrays of objects as columns.
pub fn render_human(node: &JsonNode) -> String {
    match node {
        JsonNode::Object(entries) if entries.is_empty() => String::from("(empty response)"),
        JsonNode::Object(entries) => render_object(entries),
        JsonNode::Array(items) => render_array(items),
        scalar => scalar.to_string(),
    }
}

/// Renders an object: its scalar and nested-object fields as one two-column table, then each
/// array of objects as its own titled table.
fn render_object(entries: &[(String, JsonNode)]) -> String {
    let mut rows = Vec::new();
    let mut sections = Vec::new();
    flatten_fields("", entries, &mut rows, &mut sections);

    let mut parts = Vec::new();
    if !rows.is_empty() {
        let mut table = new_table();
        table.set_header(vec!["field", "value"]);
        for (key, value) in rows {
            table.add_row(vec![key, value]);
        }
        parts.push(table.to_string());
    }
    for (title, items) in sections {
        parts.push(format!("{title}:\n{}", render_array(items)));
    }
    parts.join("\n")
}

/// Collects `prefix.key = value` rows and the arrays of objects found under `entries`.
fn flatten_fields<'a>(
    prefix: &str,
    entries: &'a [(String, JsonNode)],
    rows: &mut Vec<(String, String)>,
    sections: &mut Vec<(String, &'a [JsonNode])>,
) {
    for (key, value) in entries {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            JsonNode::Object(inner) if !inner.is_empty() => {
                flatten_fields(&name, inner, rows, sections)
            }
            JsonNode::Array(items) if items.iter().any(JsonNode::is_container) => {
                sections.push((name, items));
            }
            JsonNode::Array(items) => {
                let joined: Vec<String> = items.iter().map(ToString::to_string).collect();
                let text = if joined.is_empty() {
                    String::from("(none)")
                } else {
                    joined.join(", ")
                };
                rows.push((name, text));
            }
            other => rows.push((name, other.to_string())),
        }
    }
}

/// Renders an array: objects as a table with one column per key seen, scalars one per line.
///
/// Inside such a table a `networkConfig` shows each network's withdrawal fee and minimum,
/// another nested object shows as its keys (`{btc, polygon}`), and a nested
/// array of objects as its length, because flattening them would add a column per nested
/// field. `--json` prints them in full.
fn render_array(items: &[JsonNode]) -> String {
    if items.is_empty() {
        return String::from("(none)");
    }
    if !items.iter().all(|item| matches!(item, JsonNode::Object(_))) {
        let lines: Vec<String> = items.iter().map(ToString::to_string).collect();
        return lines.join("\n");
    }

    let mut columns: Vec<String> = Vec::new();
    let mut flat_items = Vec::new();
    for item in items {
        let JsonNode::Object(entries) = item else {
            continue;
        };
        let rows: Vec<(String, String)> = entries
            .iter()
            .map(|(key, value)| (key.clone(), summarize_field(key, value)))
            .collect();
        for (key, _) in &rows {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
        flat_items.push(rows);
    }

    let mut table = new_table();
    table.set_header(columns.clone());
    for rows in flat_items {
        let cells: Vec<String> = columns
            .iter()
            .map(|column| {
                rows.iter()
                    .find(|(key, _)| key == column)
                    .map_or_else(|| String::from("-"), |(_, value)| value.clone())
            })
            .collect();
        table.add_row(cells);
    }
    table.to_string()
}

/// Returns the cell text of field `key`: fees and minimums for a `networkConfig`, otherwise
/// [`summarize`].
fn summarize_field(key: &str, value: &JsonNode) -> String {
    if let ("networkConfig", JsonNode::Object(entries)) = (key, value)
        && let Some(text) = network_config_summary(entries)
    {
        return text;
    }
    summarize(value)
}

/// Returns a one-cell text for a value inside an array table.
fn summarize(value: &JsonNode) -> String {
    match value {
        JsonNode::Object(entries) => {
            let keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
            format!("{{{}}}", keys.join(", "))
        }
        JsonNode::Array(items) if items.iter().any(JsonNode::is_container) => {
            format!("[{} items]", items.len())
        }
        JsonNode::Array(items) => {
            let texts: Vec<String> = items.iter().map(ToString::to_string).collect();
            texts.join(", ")
        }
        scalar => scalar.to_string(),
    }
}

fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_renders_flattened_fields() {
        let node = JsonNode::parse(r#"{"userId":"u1","limits":{"daily":100.50},"tags":["a","b"]}"#)
            .unwrap();
        let text = render_human(&node);
        assert!(text.contains("userId"), "{text}");
        assert!(text.contains("limits.daily"), "{text}");
        assert!(text.contains("100.50"), "{text}");
        assert!(text.contains("a, b"), "{text}");
    }

    #[test]
    fn array_of_objects_becomes_section() {
        let node = JsonNode::parse(
            r#"{"fiatBalances":[{"currency":"eur","amount":"10.00"}],
                "cryptoBalances":[{"currency":"btc","amount":"0.00000001","network":"bitcoin"}]}"#,
        )
        .unwrap();
        let text = render_human(&node);
        assert!(text.contains("fiatBalances:"), "{text}");
        assert!(text.contains("cryptoBalances:"), "{text}");
        assert!(text.contains("0.00000001"), "{text}");
        assert!(text.contains("network"), "{text}");
    }

    #[test]
    fn nested_values_summarized_in_rows() {
        let node = JsonNode::parse(
            r#"[{"name":"usdt","limits":{"polygon":{"fee":1},"ethereum":{"fee":2}},
                 "networkConfig":{"polygon":{"withdrawal":{"feeWithdrawal":1,"minWithdrawal":3}}},
                 "tags":["a","b"],"history":[{"x":1},{"x":2},{"x":3}]}]"#,
        )
        .unwrap();
        let text = render_human(&node);
        assert!(text.contains("{polygon, ethereum}"), "{text}");
        assert!(text.contains("polygon fee 1 min 3"), "{text}");
        assert!(text.contains("a, b"), "{text}");
        assert!(text.contains("[3 items]"), "{text}");
        assert!(!text.contains("networkConfig.polygon"), "{text}");
    }

    #[test]
    fn secrets_masked_unless_requested() {
        let card =
            serde_json::json!({"cardId": "c1", "cardNumber": "4000123412341234", "cvv": "987"});
        let masked = Output::default().prepare(&card).unwrap();
        let text = render_human(&masked);
        assert!(text.contains("**** **** **** 1234"), "{text}");
        assert!(!text.contains("4000123412341234"), "{text}");
        assert!(!text.contains("987"), "{text}");

        let shown = Output {
            json: false,
            show_secrets: true,
        }
        .prepare(&card)
        .unwrap();
        let text = render_human(&shown);
        assert!(text.contains("4000123412341234"), "{text}");
        assert!(text.contains("987"), "{text}");
    }
}
