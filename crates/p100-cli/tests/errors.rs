//! Error lines and exit codes that need no server: missing key, refused demo, bad arguments,
//! unreachable server.

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
