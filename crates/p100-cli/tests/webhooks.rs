//! `p100 webhooks listen`: a delivery with the right token is printed. A delivery with a
//! wrong token (401) or to an unknown path (404) is not printed but gets one stderr line.

use std::io::{BufRead, BufReader, Read};
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
        let deliveries = [
            ("/webhook/user/status", "wrong-token"),
            ("/webhook/no/such/kind", "listen-test-token"),
            ("/webhook/user/status", "listen-test-token"),
        ];
        for (path, token) in deliveries {
            let response = client
                .post(format!("{url}{path}"))
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
    assert_eq!(statuses, [401, 404, 200]);

    let output = child.wait_with_output().unwrap();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let rejected: Vec<&str> = rest
        .lines()
        .filter(|line| line.starts_with("rejected webhook delivery"))
        .collect();
    assert_eq!(rejected.len(), 2, "{rest}");
    assert!(
        rejected[0].starts_with("rejected webhook delivery POST /webhook/user/status: HTTP 401"),
        "{rest}"
    );
    assert!(
        rejected[1].starts_with("rejected webhook delivery POST /webhook/no/such/kind: HTTP 404"),
        "{rest}"
    );
    for secret in ["wrong-token", "listen-test-token", "hook-user"] {
        assert!(!rest.contains(secret), "{secret} printed: {rest}");
    }
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("webhook userBalanceGeneration"), "{text}");
    assert!(text.contains("hook-user"), "{text}");
    assert_eq!(text.matches("webhook ").count(), 1, "{text}");
}
