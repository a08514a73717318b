//! Area commands against a sandbox started in this test process: JSON output, tables, card
//! masking, API error lines, paging.

mod common;

use common::{Sandbox, p100, stderr_lines, stdout};
use serde_json::Value;

/// Runs `p100 ARGS` against the sandbox and returns stdout, failing the test on error.
fn run_ok(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = sandbox.command().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "p100 {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

/// Creates and verifies a user through the CLI.
fn create_active_user(sandbox: &Sandbox, user: &str) {
    run_ok(
        sandbox,
        &[
            "users",
            "create",
            "--user",
            user,
            "--email",
            "t@example.com",
            "--first-name",
            "Ada",
            "--last-name",
            "Lovelace",
            "--phone",
            "+48500100200",
            "--country",
            "PL",
            "--citizenship",
            "PL",
            "--city",
            "Warsaw",
            "--post-code",
            "00-001",
            "--accepted-terms",
        ],
    );
    run_ok(
        sandbox,
        &[
            "users",
            "verify",
            user,
            "--document-type",
            "ID_CARD",
            "--document-number",
            "X1",
        ],
    );
}

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
    assert!(!table.contains(&cvv), "{table}");

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
    assert!(shown.contains(&cvv), "{shown}");

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
