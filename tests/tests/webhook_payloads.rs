//! Checks the generated webhook payload types against the spec's examples.
//!
//! The JSON Schema that `schemars` derives for each type must accept the examples, and each
//! example must deserialize into the type. What the type serializes back must still match both
//! the derived schema and the spec.

use p100_raw::types;
use p100_raw::webhooks::WEBHOOKS;
use p100_workspace_tests::json_schema::SchemaSet;
use p100_workspace_tests::spec;
use serde_json::Value;

/// One webhook payload type: its name, derived JSON Schema, and a deserialize-then-serialize
/// round trip through the Rust type.
struct Payload {
    name: &'static str,
    schema: Value,
    round_trip: fn(Value) -> Result<Value, String>,
}

macro_rules! payloads {
    ($($name:ident),* $(,)?) => {
        fn payloads() -> Vec<Payload> {
            vec![$(
                Payload {
                    name: stringify!($name),
                    schema: serde_json::to_value(schemars::schema_for!(types::$name))
                        .expect("a derived schema serializes"),
                    round_trip: |value| {
                        let parsed: types::$name =
                            serde_json::from_value(value).map_err(|error| error.to_string())?;
                        serde_json::to_value(parsed).map_err(|error| error.to_string())
                    },
                },
            )*]
        }
    };
}

payloads!(
    Card3dsCodeWebhook,
    CardActivationCodeWebhook,
    CardTransactionWebhook,
    CryptoDepositWebhook,
    CryptoWithdrawalWebhook,
    ExchangeWebhook,
    IbanStatusWebhook,
    KycFileAddedWebhook,
    KycVerificationStatusWebhook,
    OrderStatusWebhook,
    PaymentLinkWebhook,
    PoaVerificationStatusWebhook,
    SepaDepositWebhook,
    SepaTransferWebhook,
    TransferWebhook,
    UserBalanceGenerationWebhook,
);

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|error| {
            panic!("derived schema is not valid JSON Schema: {error}\n{schema}")
        })
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|error| format!("{error} (at {})", error.instance_path))
        .collect()
}

/// Returns the spec's examples of payload schema `name`: the `x-webhooks` request body example
/// and the component schema's `example`.
fn examples(spec: &Value, name: &str) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for hook in spec::webhooks(spec).unwrap_or_else(|error| panic!("{error:#}")) {
        if hook.payload_schema() != Some(name) {
            continue;
        }
        if let Some(example) = hook
            .post
            .pointer("/requestBody/content/application~1json/example")
        {
            found.push((format!("x-webhooks.{}", hook.name), example.clone()));
        }
    }
    if let Some(example) = spec.pointer(&format!("/components/schemas/{name}/example")) {
        found.push((format!("components.schemas.{name}"), example.clone()));
    }
    found
}

fn load_spec() -> Value {
    spec::load().unwrap_or_else(|error| panic!("{error:#}"))
}

#[test]
fn list_matches_webhooks_table() {
    let mut listed: Vec<&str> = payloads().iter().map(|payload| payload.name).collect();
    let mut table: Vec<&str> = WEBHOOKS.iter().map(|hook| hook.payload_schema).collect();
    listed.sort_unstable();
    table.sort_unstable();
    assert_eq!(
        listed, table,
        "the payloads! list in this test must name exactly the WEBHOOKS payload types"
    );
    assert_eq!(listed.len(), 16);
}

#[test]
fn examples_match_derived_schemas() {
    let spec = load_spec();
    let mut checked = 0;
    let mut problems = Vec::new();
    for payload in payloads() {
        let validator = validator(&payload.schema);
        let examples = examples(&spec, payload.name);
        assert!(
            !examples.is_empty(),
            "{} has no example in the spec",
            payload.name
        );

        for (location, example) in examples {
            checked += 1;
            for error in errors(&validator, &example) {
                problems.push(format!("{location}: {error}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "examples rejected by the schemars schemas:\n{}",
        problems.join("\n")
    );
    assert!(checked >= 16, "only {checked} examples checked");
}

#[test]
fn examples_round_trip_through_types() {
    let spec = load_spec();
    let schemas = SchemaSet::from_spec(&spec).unwrap_or_else(|error| panic!("{error:#}"));
    let mut problems = Vec::new();
    for payload in payloads() {
        let derived = validator(&payload.schema);
        let reference =
            serde_json::json!({"$ref": format!("#/components/schemas/{}", payload.name)});
        let from_spec = schemas
            .validator(&reference)
            .unwrap_or_else(|error| panic!("{error:#}"));

        for (location, example) in examples(&spec, payload.name) {
            let written = match (payload.round_trip)(example.clone()) {
                Ok(written) => written,
                Err(error) => {
                    problems.push(format!("{location}: does not deserialize: {error}"));
                    continue;
                }
            };
            for error in errors(&derived, &written) {
                problems.push(format!(
                    "{location}: serialized form fails the derived schema: {error}"
                ));
            }
            for error in from_spec.iter_errors(&written) {
                problems.push(format!(
                    "{location}: serialized form fails the spec schema: {error}"
                ));
            }
            for key in written
                .as_object()
                .into_iter()
                .flatten()
                .map(|(key, _)| key)
            {
                if example.get(key).is_none() {
                    problems.push(format!("{location}: serialization added field {key}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "round-trip failures:\n{}",
        problems.join("\n")
    );
}

/// Removing a required field must fail both the derived schema and deserialization, so the
/// checks above cannot pass on schemas or types that accept anything.
#[test]
fn missing_required_field_fails() {
    let spec = load_spec();
    let mut cases = 0;
    for payload in payloads() {
        let validator = validator(&payload.schema);
        assert!(
            !validator.is_valid(&Value::Array(Vec::new())),
            "{} accepts an array",
            payload.name
        );

        let required = spec
            .pointer(&format!("/components/schemas/{}/required", payload.name))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let Some((_, example)) = examples(&spec, payload.name).into_iter().next() else {
            continue;
        };
        for field in required.iter().filter_map(Value::as_str) {
            let mut broken = example.clone();
            let removed = broken
                .as_object_mut()
                .and_then(|object| object.remove(field));
            assert!(
                removed.is_some(),
                "{} example lacks required {field}",
                payload.name
            );

            assert!(
                !validator.is_valid(&broken),
                "{} derived schema accepts a payload without {field}",
                payload.name
            );
            assert!(
                (payload.round_trip)(broken).is_err(),
                "{} deserializes without {field}",
                payload.name
            );
            cases += 1;
        }
    }
    assert!(cases >= 10, "only {cases} required fields checked");
}
