//! Area commands against a sandbox started in this test process: JSON output, tables, card
//! masking, API error lines, paging.

mod common;

use common::{Sandbox, create_active_user, p100, run_ok, stderr_lines};
use serde_json::Value;

#[test]
fn balances_json_parses() {
    let sandbox = Sandbox::start();
    let text = run_ok(&sandbox, &["--json", "balances"]);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert!(value["fiatBalances"].is_array(), "{value}");
    assert!(value["cryptoBalances"].is_array(), "{value}");
}

#[test]
fn balances_table_shows_sections() {
    let sandbox = Sandbox::start();
    let text = run_ok(&sandbox, &["balances"]);
    assert!(text.contains("fiatBalances:"), "{text}");
    assert!(text.contains("cryptoBalances:"), "{text}");
    assert!(text.contains("eur"), "{text}");
}

#[test]
fn unknown_user_is_api_error() {
    let sandbox = Sandbox::start();
    let output = sandbox
        .command()
        .args(["balances", "--user", "no-such-user"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("error: get balances of user no-such-user failed: "),
        "{lines:?}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn wrong_key_is_config_error() {
    let sandbox = Sandbox::start();
    let output = p100()
        .env("P100_API_KEY", "not-the-sandbox-key")
        .env("P100_BASE_URL", &sandbox.base_url)
        .arg("balances")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("xo2"), "{lines:?}");
    assert!(!lines[0].contains("not-the-sandbox-key"), "{lines:?}");
}

#[test]
fn card_secrets_need_show_secrets() {
    let sandbox = Sandbox::start();
    create_active_user(&sandbox, "card-holder");

    // Created with --show-secrets to learn the number the masked output must hide.
    let created = run_ok(
        &sandbox,
        &[
            "--json",
            "--show-secrets",
            "cards",
            "create",
            "--user",
            "card-holder",
            "--label",
            "Test card",
            "--pin",
            "1234",
        ],
    );
    let card: Value = serde_json::from_str(&created).unwrap();
    let number = card["cardNumber"].as_str().unwrap().to_string();
    let cvv = card["cvv"].as_str().unwrap().to_string();
    let card_id = card["cardId"].as_str().unwrap().to_string();
    assert!(
        number.chars().filter(char::is_ascii_digit).count() >= 13,
        "{card}"
    );
    let last_four: String = number
        .chars()
        .filter(char::is_ascii_digit)
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();

    let table = run_ok(
        &sandbox,
        &["cards", "details", "--user", "card-holder", &card_id],
    );
    assert!(
        table.contains(&format!("**** **** **** {last_four}")),
        "{table}"
    );
    assert!(!table.contains(&number), "{table}");
    // The CVV's three digits may occur by chance in the card id or last four digits, so only
    // the cvv row is checked.
    let cvv_row = table_row(&table, "cvv");
    assert_eq!(row_cells(&cvv_row), ["cvv", "***"], "{table}");

    let json = run_ok(
        &sandbox,
        &[
            "--json",
            "cards",
            "details",
            "--user",
            "card-holder",
            &card_id,
        ],
    );
    let masked: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(masked["cardNumber"], format!("**** **** **** {last_four}"));
    assert_eq!(masked["cvv"], "***");

    let shown = run_ok(
        &sandbox,
        &[
            "--show-secrets",
            "cards",
            "details",
            "--user",
            "card-holder",
            &card_id,
        ],
    );
    assert!(shown.contains(&number), "{shown}");
    assert_eq!(
        row_cells(&table_row(&shown, "cvv")),
        ["cvv", cvv.as_str()],
        "{shown}"
    );

    let created_table = run_ok(
        &sandbox,
        &[
            "cards",
            "create",
            "--user",
            "card-holder",
            "--label",
            "Second",
            "--pin",
            "4321",
        ],
    );
    assert!(created_table.contains("**** **** **** "), "{created_table}");
}

#[test]
fn invalid_pin_rejected_before_sending() {
    let sandbox = Sandbox::start();
    let output = sandbox
        .command()
        .args([
            "cards", "create", "--user", "u", "--label", "x", "--pin", "12a",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(!lines[0].contains("12a"), "{lines:?}");
}

#[test]
fn history_respects_limit() {
    let sandbox = Sandbox::start();
    create_active_user(&sandbox, "history-user");
    for _ in 0..3 {
        run_ok(
            &sandbox,
            &[
                "transfers",
                "fund",
                "--user",
                "history-user",
                "--amount",
                "1.5",
                "--currency",
                "eur",
            ],
        );
    }
    let text = run_ok(&sandbox, &["--json", "history", "--limit", "2"]);
    let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(rows.len(), 2, "{text}");

    let all = run_ok(
        &sandbox,
        &[
            "--json",
            "history",
            "--user",
            "history-user",
            "--limit",
            "50",
        ],
    );
    let rows: Vec<Value> = serde_json::from_str(&all).unwrap();
    assert!(rows.len() >= 3, "{all}");
}

#[test]
fn json_amounts_match_server_digits() {
    let sandbox = Sandbox::start();
    let cli = run_ok(&sandbox, &["--json", "balances"]);
    let server = sandbox.get_text("/v1/partner/balances");

    let cli_amounts = amount_tokens(&cli);
    assert!(!cli_amounts.is_empty(), "{cli}");
    let server_amounts = amount_tokens(&server);
    assert_eq!(
        cli_amounts, server_amounts,
        "CLI:\n{cli}\nserver:\n{server}"
    );
}

/// Returns the value text of every `"amount"` field of a JSON text, sorted. Quotes are
/// dropped, because the SDK may write an amount the server sent as a number as a string.
fn amount_tokens(json: &str) -> Vec<String> {
    let compact: String = json.chars().filter(|c| !c.is_whitespace()).collect();
    let mut tokens: Vec<String> = compact
        .match_indices("\"amount\":")
        .map(|(start, key)| {
            let rest = &compact[start + key.len()..];
            let end = rest.find([',', '}']).unwrap_or(rest.len());
            rest[..end].trim_matches('"').to_string()
        })
        .collect();
    tokens.sort();
    tokens
}

/// Returns the table line whose first cell is `field`, failing the test when there is none.
fn table_row(table: &str, field: &str) -> String {
    table
        .lines()
        .find(|line| row_cells(line).first().map(String::as_str) == Some(field))
        .unwrap_or_else(|| panic!("no {field} row in:\n{table}"))
        .to_string()
}

/// Splits a table line drawn with `│` borders and `┆` separators into its trimmed cells.
fn row_cells(line: &str) -> Vec<String> {
    line.split(['│', '┆'])
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn balances_table_shows_network_fees() {
    let sandbox = Sandbox::start();
    let text = run_ok(&sandbox, &["balances"]);
    let server: Value = serde_json::from_str(&sandbox.get_text("/v1/partner/balances")).unwrap();

    let mut checked = 0;
    for balance in server["cryptoBalances"].as_array().unwrap() {
        let Some(networks) = balance["networkConfig"].as_object() else {
            continue;
        };
        for (network, config) in networks {
            let fee = number_text(&config["withdrawal"]["feeWithdrawal"]);
            let min = number_text(&config["withdrawal"]["minWithdrawal"]);
            let expected = format!("{network} fee {fee} min {min}");
            assert!(text.contains(&expected), "{expected:?} missing:\n{text}");
            checked += 1;
        }
    }
    assert!(checked > 0, "the sandbox returned no networkConfig");
    assert!(!text.contains("{ethereum, polygon}"), "{text}");
}

/// Returns a JSON string or number as its text.
fn number_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[test]
fn history_table_shows_direction() {
    let sandbox = Sandbox::start();
    create_active_user(&sandbox, "direction-user");
    run_ok(
        &sandbox,
        &[
            "sepa",
            "create",
            "--amount",
            "1.5",
            "--iban",
            "DE89370400440532013000",
            "--title",
            "Direction test",
            "--receiver-type",
            "NATURAL",
            "--first-name",
            "Anna",
            "--last-name",
            "Schmidt",
        ],
    );
    let text = run_ok(&sandbox, &["history", "--limit", "5"]);
    let header = text
        .lines()
        .find(|line| line.contains("type"))
        .unwrap_or_else(|| panic!("no header in:\n{text}"));
    let columns = row_cells(header);
    let type_index = columns.iter().position(|cell| cell == "type").unwrap();
    assert_eq!(columns[type_index + 1], "direction", "{text}");

    let sepa_row = text
        .lines()
        .find(|line| line.contains("SEPA_TRANSFER"))
        .unwrap_or_else(|| panic!("no SEPA_TRANSFER row in:\n{text}"));
    let cells = row_cells(sepa_row);
    assert_eq!(cells[type_index + 1], "out", "{text}");

    let json = run_ok(&sandbox, &["--json", "history", "--limit", "5"]);
    assert!(!json.contains("direction"), "{json}");
}
