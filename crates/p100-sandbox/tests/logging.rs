//! The sandbox logs requests, rejections and webhook attempts, and never a secret: not the
//! API key, the webhook token, a card number, a CVV or a PIN.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::TestSandbox;
use p100_sandbox::Sandbox;
use serde_json::json;
use tracing_subscriber::EnvFilter;

const API_KEY: &str = "key-that-must-not-be-logged";
const TOKEN: &str = "token-that-must-not-be-logged";
const PIN: &str = "9753";
const NEW_PIN: &str = "8642";

/// Log output collected in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_carry_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new("info,p100_sandbox=trace"))
        .with_ansi(false)
        .without_time()
        .with_writer(move || writer.clone())
        .init();

    // Webhooks go to a closed port, so every attempt fails and is logged.
    let sandbox = TestSandbox::start_with(
        Sandbox::builder()
            .api_key(API_KEY)
            .webhook("http://127.0.0.1:9", TOKEN)
            .time_scale(1000.0),
    )
    .await;
    sandbox.create_active_user("secretive").await;
    let card = sandbox
        .post(
            "/v1/card/virtual",
            json!({"externalUserId": "secretive", "label": "Secret", "pin": PIN}),
        )
        .await;
    let card_id = card.body["cardId"].as_str().unwrap().to_string();
    let number = card.body["cardNumber"].as_str().unwrap().to_string();
    sandbox
        .get(&format!("/v1/card/details/secretive/{card_id}"))
        .await;
    sandbox
        .patch(
            "/v1/card/pin",
            Some(json!({"externalUserId": "secretive", "cardId": card_id, "pin": NEW_PIN})),
        )
        .await;
    // A rejected PIN change: its message must not echo the PIN either.
    sandbox
        .patch(
            "/v1/card/pin",
            Some(json!({"externalUserId": "secretive", "cardId": card_id, "pin": 97531})),
        )
        .await;
    sandbox
        .http
        .get(sandbox.url("/v1/partner/balances"))
        .header("x-api-key", "wrong-key-value")
        .send()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    sandbox.handle.shutdown().await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("sandbox started"), "{logs}");
    assert!(logs.contains("sandbox stopped"), "{logs}");
    assert!(logs.contains("api_key=\"custom (not logged)\""), "{logs}");
    let stopped = logs
        .lines()
        .find(|line| line.contains("sandbox stopped"))
        .unwrap();
    assert!(stopped.contains("uptime_ms="), "{stopped}");
    assert!(stopped.contains("requests="), "{stopped}");
    assert!(!stopped.contains("requests=0"), "{stopped}");
    assert!(logs.contains("elapsed_us="), "{logs}");
    assert!(logs.contains("path=/v1/card/virtual status=200"), "{logs}");
    assert!(logs.contains("code=\"P403\""), "{logs}");
    assert!(logs.contains("webhook delivery failed"), "{logs}");
    for secret in [API_KEY, TOKEN, "wrong-key-value", &number] {
        assert!(!logs.contains(secret), "{secret} appears in the logs");
    }

    // A PIN can occur inside a duration or an id, so PINs are looked up as whole words. A
    // 3-digit CVV can equal a status code, so the check is that no card field is logged.
    let words: Vec<&str> = logs
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|word| word.trim_end_matches('.'))
        .collect();
    for secret in [PIN, NEW_PIN, "97531"] {
        assert!(
            !words.contains(&secret),
            "{secret} appears as a word in the logs"
        );
    }
    let lowercase = logs.to_lowercase();
    for field in ["cvv", "cardnumber", "card_number"] {
        assert!(!lowercase.contains(field), "{field} appears in the logs");
    }
}
