//! `p100 demo` end to end: the embedded sandbox and webhook receiver, every step, the summary,
//! and the `--json` line format.

mod common;

use common::{p100, stdout};
use serde_json::Value;

/// Step names the demo must print, in order.
const STEPS: &[&str] = &[
    "create user",
    "upload KYC files",
    "verify the user",
    "wait for the user to become ACTIVE",
    "fund the user",
    "read the funding transfer",
    "read the partner's balances",
    "read the user's balances",
    "lock a rate",
    "exchange at the locked rate",
    "wait for the exchange to complete",
    "read the USDT network fee",
    "withdraw",
    "by SEPA",
    "issue a virtual card",
    "block the card",
    "read the card's status",
    "read the user's balances after the journey",
    "receive the expected webhooks",
];

#[test]
fn demo_runs_every_step() {
    let output = p100().arg("demo").output().unwrap();
    let text = stdout(&output);
    assert!(
        output.status.success(),
        "demo failed: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut position = 0;
    for step in STEPS {
        let found = text[position..].find(step);
        assert!(
            found.is_some(),
            "step {step:?} missing after byte {position}:\n{text}"
        );
        position += found.unwrap_or(0);
    }
    let summary = format!("{count} of {count} steps succeeded", count = STEPS.len());
    assert!(text.contains(&summary), "{text}");
    assert!(!text.contains("FAILED"), "{text}");
}

/// Runs `p100 demo --json` with `extra` flags and returns the result of the card step.
fn card_step_result(extra: &[&str]) -> Value {
    let output = p100()
        .args(["demo", "--json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let card_step = text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|line| line["name"] == "issue a virtual card");
    card_step.unwrap_or_else(|| panic!("no card step in:\n{text}"))["result"].clone()
}

#[test]
fn demo_masks_card_secrets() {
    let masked = card_step_result(&[]);
    let number = masked["cardNumber"].as_str().unwrap();
    assert!(number.starts_with("**** **** **** "), "{masked}");
    assert_eq!(number.len(), "**** **** **** 1234".len(), "{masked}");
    assert_eq!(masked["cvv"], "***", "{masked}");
    assert_eq!(masked["exp"], "***", "{masked}");

    let shown = card_step_result(&["--show-secrets"]);
    let number = shown["cardNumber"].as_str().unwrap();
    assert!(
        number.chars().filter(char::is_ascii_digit).count() >= 13,
        "{shown}"
    );
    let cvv = shown["cvv"].as_str().unwrap();
    assert!(cvv.chars().all(|c| c.is_ascii_digit()), "{shown}");
}

#[test]
fn demo_table_masks_card_number() {
    let output = p100().arg("demo").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let card_step = text
        .split("\nstep ")
        .find(|step| step.contains("issue a virtual card"))
        .unwrap();
    assert!(card_step.contains("**** **** **** "), "{card_step}");
    let cvv_row = card_step.lines().find(|line| line.contains("cvv")).unwrap();
    assert!(cvv_row.contains("***"), "{cvv_row}");
    assert!(!cvv_row.chars().any(|c| c.is_ascii_digit()), "{cvv_row}");
}

#[test]
fn demo_json_lines_parse() {
    let output = p100().args(["demo", "--json"]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);

    let lines: Vec<Value> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert_eq!(lines.len(), STEPS.len() + 1, "{text}");

    for (index, line) in lines[..STEPS.len()].iter().enumerate() {
        assert_eq!(line["step"], Value::from(index + 1), "{line}");
        assert_eq!(line["status"], "ok", "{line}");
        assert!(line["result"].is_object(), "{line}");
    }
    let summary = &lines[STEPS.len()]["summary"];
    assert_eq!(summary["failed"], 0, "{summary}");
    assert_eq!(summary["steps"], Value::from(STEPS.len()), "{summary}");

    let webhooks = &lines[STEPS.len() - 1]["result"];
    let received = webhooks["received"].as_object().unwrap();
    assert!(
        received.values().all(|count| count.as_u64() > Some(0)),
        "{webhooks}"
    );
    assert!(received.contains_key("transfer"), "{webhooks}");
    assert!(
        webhooks["events"]
            .as_array()
            .is_some_and(|events| !events.is_empty())
    );
}
