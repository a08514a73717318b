//! `p100 webhooks listen`: a delivery with the right token is printed, one with a wrong token
//! is rejected with 401 and not printed.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

#[test]
fn listen_prints_verified_events() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("p100"))
        .args([
            "webhooks", "listen", "--port", "0", "--count", "1", "--token",
        ])
        .arg("listen-test-token")
        .env_remove("P100_WEBHOOK_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // The first stderr line names the address: "listening for P100 webhooks on http://...".
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let url = first
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let statuses = runtime.block_on(async {
        let client = reqwest::Client::new();
        let body = r#"{"externalUserId":"hook-user","status":"ACTIVE"}"#;
        let mut statuses = Vec::new();
        for token in ["wrong-token", "listen-test-token"] {
            let response = client
                .post(format!("{url}/webhook/user/status"))
                .header("authorization", token)
                .header("content-type", "application/json")
                .body(body)
                .timeout(Duration::from_secs(10))
                .send()
                .await
                .unwrap();
            statuses.push(response.status().as_u16());
        }
        statuses
    });
    assert_eq!(statuses, [401, 200]);

    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("webhook userBalanceGeneration"), "{text}");
    assert!(text.contains("hook-user"), "{text}");
    assert_eq!(text.matches("webhook ").count(), 1, "{text}");
}
