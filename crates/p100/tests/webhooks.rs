//! Webhook parsing against every payload example in the spec, token checks, the envelope
//! form, unknown deliveries and (with the `axum` feature) the router over real TCP.

use std::collections::BTreeSet;

use p100::webhook::{AuthFailure, Event, Verifier, WebhookError, WebhookKind, testing};
use p100::{Decimal, enums};
use p100_raw::webhooks::WEBHOOKS;
use serde_json::{Value, json};

const TOKEN: &str = "whk-test-7f3a";

/// One payload example from the spec and where P100 delivers it.
struct SpecExample {
    /// Where in the spec the example sits, for failure messages.
    source: String,
    /// `x-webhooks` key of the kind.
    kind_name: String,
    delivery_path: String,
    body: Value,
}

fn load_spec() -> serde_yaml_ng::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/p100.yaml");
    let text = std::fs::read_to_string(path).expect("read spec/p100.yaml");
    serde_yaml_ng::from_str(&text).expect("parse spec/p100.yaml")
}

fn to_json(value: &serde_yaml_ng::Value) -> Value {
    serde_json::to_value(value).expect("spec example converts to JSON")
}

fn schema_name(reference: &serde_yaml_ng::Value) -> String {
    let reference = reference["$ref"]
        .as_str()
        .expect("payload schema is a $ref");
    reference.rsplit('/').next().unwrap().to_string()
}

/// Collects every webhook payload example: request body `example` and `examples` of each
/// `x-webhooks` entry, and the `example` of each `*Webhook` component schema.
fn spec_examples() -> Vec<SpecExample> {
    let spec = load_spec();
    let hooks = spec["x-webhooks"].as_mapping().expect("x-webhooks section");
    let mut examples = Vec::new();
    let mut schema_owner = std::collections::BTreeMap::new();

    for (name, hook) in hooks {
        let name = name.as_str().unwrap().to_string();
        let post = &hook["post"];
        let delivery_path = post["x-p100-delivery-path"].as_str().unwrap().to_string();
        let content = &post["requestBody"]["content"]["application/json"];
        schema_owner.insert(
            schema_name(&content["schema"]),
            (name.clone(), delivery_path.clone()),
        );

        if let Some(example) = content.get("example") {
            examples.push(SpecExample {
                source: format!("x-webhooks.{name} example"),
                kind_name: name.clone(),
                delivery_path: delivery_path.clone(),
                body: to_json(example),
            });
        }
        for (label, example) in content
            .get("examples")
            .and_then(|e| e.as_mapping())
            .into_iter()
            .flatten()
        {
            examples.push(SpecExample {
                source: format!(
                    "x-webhooks.{name} examples.{}",
                    label.as_str().unwrap_or("?")
                ),
                kind_name: name.clone(),
                delivery_path: delivery_path.clone(),
                body: to_json(&example["value"]),
            });
        }
    }

    let schemas = spec["components"]["schemas"].as_mapping().unwrap();
    for (schema, definition) in schemas {
        let schema = schema.as_str().unwrap();
        if !schema.ends_with("Webhook") {
            continue;
        }
        let Some(example) = definition.get("example") else {
            continue;
        };
        let (name, delivery_path) = schema_owner
            .get(schema)
            .unwrap_or_else(|| panic!("schema {schema} has an example but no x-webhooks entry"));
        examples.push(SpecExample {
            source: format!("components.schemas.{schema} example"),
            kind_name: name.clone(),
            delivery_path: delivery_path.clone(),
            body: to_json(example),
        });
    }
    examples
}

fn parse(path: &str, body: &Value) -> Event {
    Event::parse(path, body.to_string().as_bytes()).expect("valid JSON parses")
}

fn auth_headers(token: &str) -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    headers.insert(http::header::AUTHORIZATION, token.parse().unwrap());
    headers
}

#[test]
fn spec_lists_the_generated_webhooks() {
    let spec = load_spec();
    let in_spec: BTreeSet<String> = spec["x-webhooks"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|key| key.as_str().unwrap().to_string())
        .collect();
    let generated: BTreeSet<String> = WEBHOOKS.iter().map(|hook| hook.name.to_string()).collect();
    assert_eq!(
        in_spec, generated,
        "regenerate p100-raw after changing x-webhooks"
    );

    let kinds: BTreeSet<String> = WebhookKind::ALL
        .iter()
        .map(|kind| kind.name().to_string())
        .collect();
    assert_eq!(
        kinds, generated,
        "every webhook needs a WebhookKind and an Event variant"
    );
}

#[test]
fn event_variants_use_the_spec_payload_types() {
    for &kind in WebhookKind::ALL {
        let event = testing::sample(kind);
        let type_name = match &event {
            Event::Card3dsCode(p) => std::any::type_name_of_val(p),
            Event::CardActivationCode(p) => std::any::type_name_of_val(p),
            Event::CardTransaction(p) => std::any::type_name_of_val(p),
            Event::CryptoDeposit(p) => std::any::type_name_of_val(p),
            Event::CryptoWithdrawal(p) => std::any::type_name_of_val(p),
            Event::Exchange(p) => std::any::type_name_of_val(p),
            Event::IbanStatus(p) => std::any::type_name_of_val(p),
            Event::KycFileAdded(p) => std::any::type_name_of_val(p),
            Event::KycVerificationStatus(p) => std::any::type_name_of_val(p),
            Event::OrderStatus(p) => std::any::type_name_of_val(p),
            Event::PaymentLink(p) => std::any::type_name_of_val(p),
            Event::PoaVerificationStatus(p) => std::any::type_name_of_val(p),
            Event::SepaDeposit(p) => std::any::type_name_of_val(p),
            Event::SepaTransfer(p) => std::any::type_name_of_val(p),
            Event::Transfer(p) => std::any::type_name_of_val(p),
            Event::UserBalanceGeneration(p) => std::any::type_name_of_val(p),
            other => panic!("{kind}: sample is not typed: {other:?}"),
        };
        let short = type_name.rsplit("::").next().unwrap();
        assert_eq!(short, kind.info().payload_schema, "{kind}");
    }
}

#[test]
fn every_spec_example_parses_by_path() {
    let examples = spec_examples();
    let kinds_covered: BTreeSet<&str> = examples.iter().map(|e| e.kind_name.as_str()).collect();
    assert_eq!(
        kinds_covered.len(),
        WEBHOOKS.len(),
        "every webhook has an example"
    );

    for example in &examples {
        let expected = WebhookKind::from_name(&example.kind_name).unwrap();
        for prefix in ["", "/p100", "/partner/hooks/"] {
            let path = format!("{}{}", prefix.trim_end_matches('/'), example.delivery_path);
            let event = parse(&path, &example.body);
            assert_eq!(event.kind(), Some(expected), "{} at {path}", example.source);
            assert!(
                !matches!(event, Event::Unparsed { .. } | Event::Unknown { .. }),
                "{} at {path}: {event:?}",
                example.source
            );
        }
    }
}

#[test]
fn spec_examples_keep_every_field() {
    for example in spec_examples() {
        let event = parse(&example.delivery_path, &example.body);
        let written = event.to_payload();
        let Some(fields) = example.body.as_object() else {
            continue;
        };
        for (field, value) in fields {
            if value.is_null() {
                continue;
            }
            assert!(
                written.get(field).is_some(),
                "{}: field {field} was dropped",
                example.source
            );
        }
        let reparsed = parse(&example.delivery_path, &written);
        assert_eq!(
            reparsed, event,
            "{}: payload does not round-trip",
            example.source
        );
    }
}

#[test]
fn spec_examples_carry_exact_decimals() {
    let deposit = spec_examples()
        .into_iter()
        .find(|example| example.kind_name == "cryptoDeposit")
        .unwrap();
    let Event::CryptoDeposit(payload) = parse(&deposit.delivery_path, &deposit.body) else {
        panic!("crypto deposit example is not typed");
    };
    assert_eq!(payload.amount.0, Decimal::new(1, 3));
    assert_eq!(payload.status, enums::CryptoDepositStatus::WaitingForTrData);
}

/// Adds a field that no schema lists and replaces every status-like string with a new value.
fn drift(body: &Value) -> Value {
    let mut drifted = body.clone();
    let Some(fields) = drifted.as_object_mut() else {
        return drifted;
    };
    for (field, value) in fields.iter_mut() {
        if field.to_ascii_lowercase().ends_with("status") && value.is_string() {
            *value = json!("BRAND_NEW_STATE");
        }
    }
    fields.insert("fieldAddedLater".to_string(), json!({"nested": [1, 2, 3]}));
    drifted
}

#[test]
fn drifted_spec_examples_still_parse() {
    for example in spec_examples() {
        let expected = WebhookKind::from_name(&example.kind_name).unwrap();
        let drifted = drift(&example.body);
        let event = parse(&example.delivery_path, &drifted);
        assert_eq!(event.kind(), Some(expected), "{}", example.source);
        assert!(
            !matches!(event, Event::Unparsed { .. }),
            "{}: {event:?}",
            example.source
        );

        let written = event.to_payload();
        for (field, value) in drifted.as_object().unwrap() {
            if value == "BRAND_NEW_STATE" {
                assert_eq!(
                    written[field], "BRAND_NEW_STATE",
                    "{}: {field}",
                    example.source
                );
            }
        }
    }
}

#[test]
fn unknown_status_is_kept_as_unknown_variant() {
    let body = json!({"externalUserId": "u-1", "status": "SUSPENDED_FOR_REVIEW"});
    let Event::UserBalanceGeneration(payload) = parse("/webhook/user/status", &body) else {
        panic!("not typed");
    };
    assert_eq!(
        payload.status,
        enums::UserStatus::Unknown("SUSPENDED_FOR_REVIEW".to_string())
    );
}

#[test]
fn amount_as_string_or_number_is_exact() {
    let path = WebhookKind::Transfer.delivery_path();
    let base = testing::sample_payload(WebhookKind::Transfer);
    for amount in [json!("10.10"), json!(10.10)] {
        let mut body = base.clone();
        body["amount"] = amount.clone();
        let Event::Transfer(payload) = parse(path, &body) else {
            panic!("not typed")
        };
        assert_eq!(payload.amount.0, Decimal::new(1010, 2), "amount {amount}");
    }
}

/// Returns a crypto deposit body whose `amount` is the JSON number literal `amount`, written
/// as text so that no `Value` rounds it.
fn crypto_deposit_text(amount: &str) -> String {
    let mut body = testing::sample_payload(WebhookKind::CryptoDeposit);
    body["amount"] = json!("AMOUNT");
    body.to_string().replace(r#""AMOUNT""#, amount)
}

#[test]
fn number_amounts_keep_exact_digits() {
    let path = WebhookKind::CryptoDeposit.delivery_path();
    for amount in ["10.10", "12345678901234.12345678"] {
        let flat = crypto_deposit_text(amount);
        let envelope = format!(r#"{{"event_type":"crypto_deposit.status_changed","data":{flat}}}"#);
        assert!(flat.contains(&format!(r#""amount":{amount}"#)), "{flat}");

        let Ok(Event::CryptoDeposit(payload)) = Event::parse(path, flat.as_bytes()) else {
            panic!("flat body with amount {amount} is not a crypto deposit")
        };
        assert_eq!(payload.amount.0.to_string(), amount, "flat");

        let Ok(Event::CryptoDeposit(payload)) = Event::parse("/webhook", envelope.as_bytes())
        else {
            panic!("envelope with amount {amount} is not a crypto deposit")
        };
        assert_eq!(payload.amount.0.to_string(), amount, "envelope");
    }
}

#[test]
fn from_payload_reads_value_payloads() {
    let payload = testing::sample_payload(WebhookKind::CryptoDeposit);
    let event = Event::from_payload(WebhookKind::CryptoDeposit, payload.clone());
    assert!(matches!(event, Event::CryptoDeposit(_)), "{event:?}");
    assert_eq!(event.to_payload()["amount"], payload["amount"]);

    let event = Event::from_payload(WebhookKind::CryptoDeposit, json!({"amount": "1"}));
    let Event::Unparsed { kind, raw, .. } = event else {
        panic!("incomplete payload is typed: {event:?}")
    };
    assert_eq!(kind, WebhookKind::CryptoDeposit);
    assert_eq!(raw, json!({"amount": "1"}));
}

#[test]
fn envelope_mismatch_keeps_data_as_raw() {
    let data = json!({"amount": 10.5, "note": "no id"});
    let body = json!({"event_type": "crypto_deposit.status_changed", "data": data});
    let Event::Unparsed { kind, raw, error } = parse("/webhook", &body) else {
        panic!("envelope with incomplete data is typed")
    };
    assert_eq!(kind, WebhookKind::CryptoDeposit);
    assert_eq!(raw, data);
    assert!(error.contains("missing field"), "{error}");
}

#[test]
fn envelope_example_from_spec_is_typed() {
    let spec = load_spec();
    let envelope = to_json(&spec["components"]["schemas"]["WebhookEnvelope"]["example"]);
    assert_eq!(envelope["event_type"], "crypto_deposit.status_changed");

    for path in ["/webhook", "/p100/events", "/crypto-deposit-webhook"] {
        let Event::CryptoDeposit(payload) = parse(path, &envelope) else {
            panic!("envelope at {path} is not a crypto deposit");
        };
        assert_eq!(payload.crypto_deposit_id, "dep_123");
        assert_eq!(payload.amount.0, Decimal::new(5, 2));
        assert_eq!(payload.status, enums::CryptoDepositStatus::WaitingForTrData);
        assert_eq!(payload.external_user_id, None);
    }
}

#[test]
fn envelope_event_type_wins_over_path() {
    let data = testing::sample_payload(WebhookKind::KycFileAdded);
    let request = testing::envelope_request("/transfer-webhook", "kyc_file_added", data, TOKEN);
    let event = Event::parse(request.uri().path(), request.body()).unwrap();
    assert_eq!(event.kind(), Some(WebhookKind::KycFileAdded));
}

#[test]
fn envelope_with_unknown_event_type_uses_path() {
    let data = testing::sample_payload(WebhookKind::KycFileAdded);
    let body = json!({"event_type": "document.uploaded_v2", "data": data});
    let event = parse("/p100/webhook/kyc-files/status", &body);
    assert_eq!(event.kind(), Some(WebhookKind::KycFileAdded));
}

#[test]
fn envelope_unknown_everywhere_is_unknown() {
    let body = json!({"event_type": "loyalty.points_added", "data": {"points": 5}});
    let event = parse("/p100/hooks", &body);
    let Event::Unknown {
        path,
        event_type,
        raw,
    } = event
    else {
        panic!("not unknown: {event:?}")
    };
    assert_eq!(path, "/p100/hooks");
    assert_eq!(event_type.as_deref(), Some("loyalty.points_added"));
    assert_eq!(raw, body);
}

#[test]
fn unknown_path_is_unknown_variant() {
    let body = json!({"loyaltyId": "l-1", "status": "GRANTED"});
    let event = parse("/p100/loyalty-webhook", &body);
    assert_eq!(event.kind(), None);
    let Event::Unknown {
        path,
        event_type,
        raw,
    } = event
    else {
        panic!("not unknown")
    };
    assert_eq!(path, "/p100/loyalty-webhook");
    assert_eq!(event_type, None);
    assert_eq!(raw, body);
}

#[test]
fn mismatched_body_is_unparsed_not_lost() {
    let body = json!({"status": "ADDED"});
    let event = parse("/webhook/kyc-files/status", &body);
    let Event::Unparsed { kind, error, raw } = event else {
        panic!("not unparsed: {event:?}")
    };
    assert_eq!(kind, WebhookKind::KycFileAdded);
    assert!(error.contains("externalUserId"), "{error}");
    assert_eq!(raw, body);
}

#[test]
fn malformed_json_is_invalid_payload() {
    let error = Event::parse("/webhook/user/status", b"{\"externalUserId\": ").unwrap_err();
    assert!(
        matches!(error, WebhookError::InvalidPayload { .. }),
        "{error:?}"
    );
    assert_eq!(error.status_code(), http::StatusCode::BAD_REQUEST);
    assert!(
        error.to_string().contains("/webhook/user/status"),
        "{error}"
    );

    let empty = Event::parse("/webhook/user/status", b"").unwrap_err();
    assert_eq!(empty.status_code(), http::StatusCode::BAD_REQUEST);
}

#[test]
fn verifier_accepts_documented_and_bearer_forms() {
    let verifier = Verifier::new(TOKEN);
    let body = testing::sample_payload(WebhookKind::UserBalanceGeneration).to_string();
    for header in [TOKEN.to_string(), format!("Bearer {TOKEN}")] {
        let event = verifier.parse(
            "/webhook/user/status",
            &auth_headers(&header),
            body.as_bytes(),
        );
        assert!(
            matches!(event, Ok(Event::UserBalanceGeneration(_))),
            "{header}: {event:?}"
        );
    }
}

#[test]
fn wrong_token_is_401_before_parsing() {
    let verifier = Verifier::new(TOKEN);
    let not_json = b"this is not json";

    let wrong = verifier.parse(
        "/webhook/user/status",
        &auth_headers("whk-test-7f3b"),
        not_json,
    );
    let error = wrong.unwrap_err();
    assert!(
        matches!(
            error,
            WebhookError::Unauthorized {
                reason: AuthFailure::TokenMismatch
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status_code(), http::StatusCode::UNAUTHORIZED);
    assert!(!error.to_string().contains(TOKEN), "{error}");

    let missing = verifier.parse("/webhook/user/status", &http::HeaderMap::new(), not_json);
    let error = missing.unwrap_err();
    assert!(
        matches!(
            error,
            WebhookError::Unauthorized {
                reason: AuthFailure::MissingHeader
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status_code(), http::StatusCode::UNAUTHORIZED);
}

#[test]
fn testing_requests_parse_for_every_kind() {
    let verifier = Verifier::new(TOKEN);
    for &kind in WebhookKind::ALL {
        let event = testing::sample(kind);
        let request = testing::request(&event, TOKEN);
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri().path(), kind.delivery_path());
        let parsed = verifier
            .parse(request.uri().path(), request.headers(), request.body())
            .unwrap();
        assert_eq!(parsed, event, "{kind}");
    }
}

#[cfg(feature = "axum")]
mod router {
    //! The axum router served on 127.0.0.1 and called with reqwest.

    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use p100::webhook::axum::WebhookRouter;
    use tokio::sync::{Notify, mpsc};

    use super::*;

    /// A served router and what its handler received.
    struct Server {
        base: String,
        events: mpsc::UnboundedReceiver<Event>,
        calls: Arc<AtomicUsize>,
        http: reqwest::Client,
    }

    /// Serves `configure(WebhookRouter)` nested under `/p100` with a handler that records
    /// each event and then waits for `release` when given.
    async fn serve(
        release: Option<Arc<Notify>>,
        configure: impl FnOnce(WebhookRouter) -> WebhookRouter,
    ) -> Server {
        let (sender, events) = mpsc::unbounded_channel();
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let handler = move |event: Event| {
            let sender = sender.clone();
            let counter = counter.clone();
            let release = release.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                let _ = sender.send(event);
                if let Some(release) = release {
                    release.notified().await;
                }
            }
        };
        let webhooks = configure(WebhookRouter::new(Verifier::new(TOKEN), handler)).into_router();
        let app = axum::Router::new().nest("/p100", webhooks);

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        Server {
            base: format!("http://{address}"),
            events,
            calls,
            http,
        }
    }

    impl Server {
        async fn send(&self, request: http::Request<Vec<u8>>) -> reqwest::Response {
            let url = format!("{}{}", self.base, request.uri());
            self.http
                .post(url)
                .headers(request.headers().clone())
                .body(request.body().clone())
                .send()
                .await
                .expect("request reaches the router")
        }

        async fn next_event(&mut self) -> Event {
            tokio::time::timeout(Duration::from_secs(5), self.events.recv())
                .await
                .expect("handler called within 5 s")
                .expect("channel open")
        }
    }

    #[tokio::test]
    async fn router_delivers_every_kind() {
        let mut server = serve(None, |router| router).await;
        for &kind in WebhookKind::ALL {
            let event = testing::sample(kind);
            let response = server
                .send(testing::request_with_prefix("/p100", &event, TOKEN))
                .await;
            assert_eq!(response.status(), 200, "{kind}");
            assert_eq!(server.next_event().await, event, "{kind}");
        }
        assert_eq!(server.calls.load(Ordering::SeqCst), WebhookKind::ALL.len());
    }

    #[tokio::test]
    async fn router_delivers_spec_examples() {
        let mut server = serve(None, |router| router).await;
        for example in spec_examples() {
            let url = format!("{}/p100{}", server.base, example.delivery_path);
            let response = server
                .http
                .post(url)
                .header("authorization", TOKEN)
                .header("content-type", "application/json")
                .body(example.body.to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{}", example.source);
            let event = server.next_event().await;
            assert_eq!(
                event.kind().map(|k| k.name()),
                Some(example.kind_name.as_str())
            );
        }
    }

    #[tokio::test]
    async fn router_rejects_bad_token_without_calling_handler() {
        let mut server = serve(None, |router| router).await;
        let event = testing::sample(WebhookKind::CryptoDeposit);

        let wrong = server
            .send(testing::request_with_prefix(
                "/p100",
                &event,
                "not-the-token",
            ))
            .await;
        assert_eq!(wrong.status(), 401);
        let mut missing = testing::request_with_prefix("/p100", &event, TOKEN);
        missing.headers_mut().remove(http::header::AUTHORIZATION);
        let missing = server.send(missing).await;
        assert_eq!(missing.status(), 401);
        let body = missing.text().await.unwrap();
        assert!(!body.contains(TOKEN), "{body}");

        // A valid delivery afterwards is the first and only event passed to the handler.
        let good = server
            .send(testing::request_with_prefix("/p100", &event, TOKEN))
            .await;
        assert_eq!(good.status(), 200);
        assert_eq!(server.next_event().await, event);
        assert_eq!(server.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn router_rejects_malformed_json() {
        let server = serve(None, |router| router).await;
        let url = format!("{}/p100/webhook/user/status", server.base);
        let response = server
            .http
            .post(url)
            .header("authorization", TOKEN)
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(server.calls.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn router_answers_before_slow_handler() {
        let release = Arc::new(Notify::new());
        let mut server = serve(Some(release.clone()), |router| router).await;
        let event = testing::sample(WebhookKind::Transfer);

        let response = tokio::time::timeout(
            Duration::from_secs(2),
            server.send(testing::request_with_prefix("/p100", &event, TOKEN)),
        )
        .await
        .expect("answered while the handler is still waiting");
        assert_eq!(response.status(), 200);
        assert_eq!(server.next_event().await, event);
        release.notify_one();
    }

    #[tokio::test]
    async fn router_answers_503_when_handlers_busy() {
        let release = Arc::new(Notify::new());
        let mut server = serve(Some(release.clone()), |router| router.max_in_flight(1)).await;
        let event = testing::sample(WebhookKind::Transfer);

        let first = server
            .send(testing::request_with_prefix("/p100", &event, TOKEN))
            .await;
        assert_eq!(first.status(), 200);
        assert_eq!(server.next_event().await, event);

        let second = server
            .send(testing::request_with_prefix("/p100", &event, TOKEN))
            .await;
        assert_eq!(second.status(), 503);

        release.notify_one();
        let mut third_status = 503;
        for _ in 0..50 {
            let third = server
                .send(testing::request_with_prefix("/p100", &event, TOKEN))
                .await;
            third_status = third.status().as_u16();
            if third_status == 200 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(third_status, 200, "a slot frees once the handler returns");
        release.notify_one();
    }

    #[tokio::test]
    async fn router_limits_body_size() {
        let server = serve(None, |router| router.body_limit(32)).await;
        let event = testing::sample(WebhookKind::CryptoDeposit);
        let response = server
            .send(testing::request_with_prefix("/p100", &event, TOKEN))
            .await;
        assert_eq!(response.status(), 413);
        assert_eq!(server.calls.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn router_without_catch_all_ignores_other_paths() {
        let server = serve(None, |router| router).await;
        let url = format!("{}/p100/loyalty-webhook", server.base);
        let response = server
            .http
            .post(url)
            .header("authorization", TOKEN)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
        assert_eq!(server.calls.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn catch_all_accepts_envelope_and_unknown() {
        let mut server = serve(None, |router| router.catch_all(true)).await;

        let data = json!({"cryptoDepositId": "dep_9", "status": "SUCCESSFUL", "amount": "0.5", "currency": "btc"});
        let envelope =
            testing::envelope_request("/p100/events", "crypto_deposit.status_changed", data, TOKEN);
        assert_eq!(server.send(envelope).await.status(), 200);
        let Event::CryptoDeposit(payload) = server.next_event().await else {
            panic!("not typed")
        };
        assert_eq!(payload.crypto_deposit_id, "dep_9");

        let unknown = Event::Unknown {
            path: "/p100/loyalty-webhook".to_string(),
            event_type: None,
            raw: json!({"points": 5}),
        };
        assert_eq!(
            server
                .send(testing::request(&unknown, TOKEN))
                .await
                .status(),
            200
        );
        assert_eq!(server.next_event().await, unknown);

        let wrong = testing::request(&unknown, "nope");
        assert_eq!(server.send(wrong).await.status(), 401);

        let get = server
            .http
            .get(format!("{}/p100/anything", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(get.status(), 404);
        assert_eq!(server.calls.load(Ordering::SeqCst), 2);
    }
}
