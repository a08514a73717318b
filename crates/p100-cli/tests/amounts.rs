//! Amount flags accept only plain decimals: exponent, underscore, comma, sign and
//! over-precise forms are rejected before anything is sent, so they move no money.

mod common;

use common::{Sandbox, closed_port, create_active_user, p100, run_ok, stderr_lines};
use p100::Decimal;
use serde_json::Value;

/// Returns the user's EUR balance text from `--json balances --user`.
fn eur_balance(sandbox: &Sandbox, user: &str) -> String {
    let text = run_ok(sandbox, &["--json", "balances", "--user", user]);
    let value: Value = serde_json::from_str(&text).unwrap();
    let balances = value["fiatBalances"].as_array().unwrap_or_else(|| {
        panic!("no fiatBalances in {value}");
    });
    let eur = balances
        .iter()
        .find(|balance| balance["currency"] == "eur" || balance["name"] == "eur")
        .unwrap_or_else(|| panic!("no eur balance in {value}"));
    match &eur["amount"] {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[test]
fn rejected_amounts_move_no_money() {
    let sandbox = Sandbox::start();
    create_active_user(&sandbox, "amount-user");
    let before = eur_balance(&sandbox, "amount-user");

    let cases = [
        ("1e3", "exponent"),
        ("2E2", "exponent"),
        ("1_00", "underscore"),
        ("12,5", "dot"),
        ("-5", "positive"),
        ("0", "greater than 0"),
        ("1.123456789", "at most 8"),
        (" 5", "plain decimal"),
        ("+5", "sign"),
    ];
    for (amount, advice) in cases {
        let output = sandbox
            .command()
            .args([
                "transfers",
                "fund",
                "--user",
                "amount-user",
                "--currency",
                "eur",
            ])
            .args(["--amount", amount])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{amount:?}: {output:?}");
        let lines = stderr_lines(&output);
        assert_eq!(lines.len(), 1, "{amount:?}: {lines:?}");
        assert!(lines[0].contains("--amount"), "{lines:?}");
        assert!(lines[0].contains(&format!("'{amount}'")), "{lines:?}");
        assert!(lines[0].contains(advice), "{amount:?}: {lines:?}");
        assert!(!lines[0].contains("unexpected argument"), "{lines:?}");
    }
    assert_eq!(eur_balance(&sandbox, "amount-user"), before);

    run_ok(
        &sandbox,
        &[
            "transfers",
            "fund",
            "--user",
            "amount-user",
            "--amount",
            "2.5",
            "--currency",
            "eur",
        ],
    );
    let after: Decimal = eur_balance(&sandbox, "amount-user").parse().unwrap();
    let before: Decimal = before.parse().unwrap();
    assert_eq!(after - before, Decimal::new(25, 1), "{before} -> {after}");
}

#[test]
fn every_amount_flag_is_checked() {
    let base_url = format!("http://127.0.0.1:{}", closed_port());
    let card = ["--user", "u", "c1"];
    let limits = [
        "--daily-all",
        "--monthly-all",
        "--daily-atm",
        "--monthly-atm",
        "--daily-ecom",
        "--monthly-ecom",
    ];

    let mut commands: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["transfers", "collect", "--user", "u", "--currency", "eur"],
            "--amount",
        ),
        (
            vec![
                "sepa",
                "create",
                "--iban",
                "DE89370400440532013000",
                "--title",
                "t",
            ],
            "--amount",
        ),
        (
            vec![
                "withdrawals",
                "create",
                "--currency",
                "usdt",
                "--wallet-address",
                "0x1",
                "--name",
                "n",
            ],
            "--amount",
        ),
        (vec!["lock", "--from", "eur", "--to", "btc"], "--amount"),
        (
            vec![
                "exchange",
                "create",
                "--lock-id",
                "l",
                "--from",
                "eur",
                "--to",
                "btc",
            ],
            "--amount",
        ),
        (
            vec![
                "orders",
                "lock",
                "--currency",
                "usdt",
                "--network",
                "polygon",
            ],
            "--amount",
        ),
        (
            vec![
                "partner",
                "master-transfer",
                "--to-user",
                "u",
                "--currency",
                "eur",
            ],
            "--amount",
        ),
    ];
    for flag in limits {
        let mut args = vec!["cards", "limits", "set"];
        args.extend(card);
        for other in limits.iter().filter(|other| **other != flag) {
            args.extend([*other, "1"]);
        }
        commands.push((args, flag));
    }

    for (args, flag) in &commands {
        for bad in ["1e3", "1_00", "-5"] {
            let output = p100()
                .env("P100_API_KEY", "k")
                .env("P100_BASE_URL", &base_url)
                .args(args)
                .args([*flag, bad])
                .output()
                .unwrap();
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?} {flag} {bad}: {output:?}"
            );
            let lines = stderr_lines(&output);
            assert_eq!(lines.len(), 1, "{lines:?}");
            assert!(lines[0].contains(flag), "{lines:?}");
            assert!(lines[0].contains(bad), "{lines:?}");
        }
    }
}

#[test]
fn card_limit_may_be_zero() {
    let base_url = format!("http://127.0.0.1:{}", closed_port());
    let output = p100()
        .env("P100_API_KEY", "k")
        .env("P100_BASE_URL", &base_url)
        .args([
            "cards",
            "limits",
            "set",
            "--user",
            "u",
            "c1",
            "--daily-all",
            "0",
        ])
        .args([
            "--monthly-all",
            "1",
            "--daily-atm",
            "0.5",
            "--monthly-atm",
            "1",
        ])
        .args(["--daily-ecom", "1", "--monthly-ecom", "1"])
        .output()
        .unwrap();
    // Parsing passed, so the command got as far as the unreachable server.
    assert_eq!(output.status.code(), Some(5), "{output:?}");
}
