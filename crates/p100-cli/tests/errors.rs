//! Error lines and exit codes that need no server: missing key, refused demo, bad arguments,
//! server selection, PINs, unreachable server.

mod common;

use common::{p100, stderr_lines};

#[test]
fn missing_key_is_one_line() {
    let output = p100().arg("balances").output().unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("error: "), "{lines:?}");
    assert!(lines[0].contains("P100_API_KEY"), "{lines:?}");
    assert!(output.stdout.is_empty());
}

#[test]
fn demo_refuses_configured_key() {
    let output = p100()
        .env("P100_API_KEY", "a-real-looking-key")
        .arg("demo")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("--against-configured-server"),
        "{lines:?}"
    );
    assert!(!lines[0].contains("a-real-looking-key"), "{lines:?}");
}

#[test]
fn unknown_flag_is_usage_error() {
    let output = p100().args(["balances", "--bogus"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("--bogus"), "{lines:?}");
}

#[test]
fn invalid_amount_is_usage_error() {
    let output = p100()
        .env("P100_API_KEY", "k")
        .args(["lock", "--from", "eur", "--to", "btc", "--amount", "ten"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(stderr_lines(&output).len(), 1);
}

#[test]
fn unreachable_server_is_network_error() {
    let port = common::closed_port();
    let output = p100()
        .env("P100_API_KEY", "secret-key-value")
        .env("P100_BASE_URL", format!("http://127.0.0.1:{port}"))
        .arg("balances")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(5), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("get partner balances failed"),
        "{lines:?}"
    );
    assert!(!lines[0].contains("secret-key-value"), "{lines:?}");
    // The SDK's message carries the hint; the CLI adds no second one.
    assert_eq!(lines[0].matches("check the").count(), 1, "{lines:?}");
}

#[test]
fn insecure_base_url_is_config_error() {
    let output = p100()
        .env("P100_API_KEY", "k")
        .args(["--base-url", "http://example.com", "balances"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("http://example.com"), "{lines:?}");
}

#[test]
fn empty_webhook_token_rejected() {
    let output = p100()
        .args(["webhooks", "listen", "--port", "0", "--token", " "])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert_eq!(stderr_lines(&output).len(), 1);
}

/// An environment variable to set: name and value.
type Variable = (&'static str, &'static str);

#[test]
fn demo_never_runs_against_production() {
    let cases: [(&[&str], Option<Variable>); 4] = [
        (&["--environment", "production"], None),
        (&["--base-url", "https://partner-api.p100.io/"], None),
        (&[], Some(("P100_ENVIRONMENT", "prod"))),
        (&[], Some(("P100_BASE_URL", "https://PARTNER-API.p100.io"))),
    ];
    for (flags, variable) in cases {
        for key in [Some("a-real-looking-key"), None] {
            let mut command = p100();
            if let Some(key) = key {
                command.env("P100_API_KEY", key);
            }
            if let Some((name, value)) = variable {
                command.env(name, value);
            }
            let output = command
                .args(flags)
                .args(["demo", "--against-configured-server"])
                .output()
                .unwrap();
            assert_eq!(
                output.status.code(),
                Some(3),
                "{flags:?} {variable:?}: {output:?}"
            );
            let lines = stderr_lines(&output);
            assert_eq!(lines.len(), 1, "{lines:?}");
            assert!(lines[0].contains("production"), "{lines:?}");
            assert!(lines[0].contains("moves money"), "{lines:?}");
            assert!(lines[0].contains("staging or a sandbox"), "{lines:?}");
            assert!(output.stdout.is_empty());
        }
    }
}

#[test]
fn demo_against_server_needs_key() {
    let output = p100()
        .env("P100_BASE_URL", "http://127.0.0.1:9")
        .args(["demo", "--against-configured-server"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("P100_API_KEY is missing"), "{lines:?}");
    assert!(!lines[0].contains("embedded sandbox on"), "{lines:?}");
    assert!(output.stdout.is_empty());
}

#[test]
fn environment_flag_wins_over_base_url_variable() {
    // An unknown environment name fails fast, so the error shows which setting was used.
    let output = p100()
        .env("P100_API_KEY", "k")
        .env("P100_BASE_URL", "http://127.0.0.1:9")
        .args(["--environment", "nowhere", "balances"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("note: using --environment nowhere"),
        "{lines:?}"
    );
    assert!(lines[0].contains("P100_BASE_URL"), "{lines:?}");
    assert!(lines[1].starts_with("error: "), "{lines:?}");
    assert!(lines[1].contains("--environment"), "{lines:?}");
    assert!(lines[1].contains("\"nowhere\""), "{lines:?}");
}

#[test]
fn base_url_flag_wins_over_variables() {
    let output = p100()
        .env("P100_API_KEY", "k")
        .env("P100_BASE_URL", "https://partner-api.p100.io")
        .env("P100_ENVIRONMENT", "production")
        .args(["--base-url", "http://example.com", "balances"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("from --base-url"), "{lines:?}");
    assert!(lines[0].contains("http://example.com"), "{lines:?}");
}

#[test]
fn both_server_flags_rejected() {
    let output = p100()
        .env("P100_API_KEY", "k")
        .args([
            "--environment",
            "staging",
            "--base-url",
            "http://127.0.0.1:9",
        ])
        .arg("balances")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("only one of them"), "{lines:?}");
}

#[test]
fn empty_base_url_variable_is_unset() {
    let output = p100()
        .env("P100_API_KEY", "k")
        .env("P100_BASE_URL", "")
        .env("P100_ENVIRONMENT", "nowhere")
        .arg("balances")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("P100_ENVIRONMENT"), "{lines:?}");
    assert!(!lines[0].contains("relative URL"), "{lines:?}");
}

/// Runs `cards create` with `--pin` or `P100_CARD_PIN` set as given and returns its one
/// stderr line, checking exit code 2.
fn pin_error(flag: Option<&str>, variable: Option<&str>) -> String {
    let mut command = p100();
    command
        .env("P100_API_KEY", "k")
        .env(
            "P100_BASE_URL",
            format!("http://127.0.0.1:{}", common::closed_port()),
        )
        .args(["cards", "create", "--user", "u", "--label", "Travel"]);
    if let Some(pin) = flag {
        command.args(["--pin", pin]);
    }
    if let Some(pin) = variable {
        command.env("P100_CARD_PIN", pin);
    }
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    lines[0].clone()
}

#[test]
fn pin_errors_name_source_and_problem() {
    let line = pin_error(Some("12a4"), None);
    assert!(line.starts_with("error: invalid --pin: "), "{line}");
    assert!(line.contains("not a digit"), "{line}");
    assert!(!line.contains("4 characters"), "{line}");
    assert!(!line.contains("12a4"), "{line}");

    let line = pin_error(None, Some("98a"));
    assert!(line.starts_with("error: invalid P100_CARD_PIN: "), "{line}");
    assert!(!line.contains("98a"), "{line}");

    let line = pin_error(None, Some("98765"));
    assert!(line.contains("P100_CARD_PIN"), "{line}");
    assert!(line.contains("5 digits"), "{line}");
    assert!(!line.contains("98765"), "{line}");

    // The flag wins over the variable.
    let line = pin_error(Some("123"), Some("1234"));
    assert!(line.starts_with("error: invalid --pin: "), "{line}");

    let line = pin_error(None, None);
    assert!(line.contains("missing card PIN"), "{line}");
    assert!(line.contains("P100_CARD_PIN"), "{line}");
}

#[test]
fn phone_with_plus_rejected() {
    let output = p100()
        .env("P100_API_KEY", "k")
        .args(["users", "create", "--user", "u", "--email", "e@example.com"])
        .args([
            "--first-name",
            "A",
            "--last-name",
            "B",
            "--phone",
            "+48500100200",
        ])
        .args([
            "--country",
            "PL",
            "--citizenship",
            "PL",
            "--city",
            "W",
            "--post-code",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("--phone"), "{lines:?}");
    assert!(lines[0].contains("without +"), "{lines:?}");
    assert!(lines[0].contains("48500100200"), "{lines:?}");
}
