//! Validates every example in the spec against its schema, after converting the OpenAPI 3.0
//! schemas to JSON Schema draft 2020-12 (see `p100_workspace_tests::json_schema`).

use p100_workspace_tests::examples::{self, Example};
use p100_workspace_tests::json_schema::{SchemaSet, convert};
use p100_workspace_tests::spec;
use serde_json::{Value, json};

/// Fewer examples than this means the collector stopped finding them, not that the spec lost
/// them: the spec has well over 100 (component schemas, operations, webhooks).
const MIN_EXAMPLES: usize = 100;

fn load() -> (Value, SchemaSet) {
    let spec = spec::load().unwrap_or_else(|error| panic!("{error:#}"));
    let schemas = SchemaSet::from_spec(&spec).unwrap_or_else(|error| panic!("{error:#}"));
    (spec, schemas)
}

/// Returns one message per validation error of `example`, empty when it is valid.
fn failures(schemas: &SchemaSet, example: &Example) -> Vec<String> {
    let validator = match schemas.validator(&example.schema) {
        Ok(validator) => validator,
        Err(error) => return vec![format!("{}: invalid schema: {error:#}", example.location)],
    };
    validator
        .iter_errors(&example.value)
        .map(|error| {
            format!(
                "{}: {error} (at {}, schema path {})",
                example.location, error.instance_path, error.schema_path
            )
        })
        .collect()
}

#[test]
fn every_example_matches_schema() {
    let (spec, schemas) = load();
    let examples = examples::collect(&spec).unwrap_or_else(|error| panic!("{error:#}"));

    let problems: Vec<String> = examples
        .iter()
        .flat_map(|example| failures(&schemas, example))
        .collect();
    assert!(
        problems.is_empty(),
        "{} of {} spec examples do not match their schema:\n{}",
        problems.len(),
        examples.len(),
        problems.join("\n")
    );
    assert!(
        examples.len() > MIN_EXAMPLES,
        "only {} examples found; the collector is missing some",
        examples.len()
    );
}

#[test]
fn examples_cover_each_source() {
    let (spec, _) = load();
    let examples = examples::collect(&spec).unwrap_or_else(|error| panic!("{error:#}"));
    let count = |prefix: &str, part: &str| {
        examples
            .iter()
            .filter(|e| e.location.starts_with(prefix) && e.location.contains(part))
            .count()
    };

    let schemas = spec::component_schemas(&spec).map(|s| s.len()).unwrap_or(0);
    let with_example = spec::component_schemas(&spec)
        .map(|s| {
            s.values()
                .filter(|schema| schema.get("example").is_some())
                .count()
        })
        .unwrap_or(0);
    let operations = spec::operations(&spec).len();
    let webhooks = spec::webhooks(&spec).map(|w| w.len()).unwrap_or(0);

    assert!(
        with_example * 2 > schemas,
        "{with_example} of {schemas} schemas have an example"
    );
    assert!(count("components.schemas.", "") >= with_example);
    assert!(
        count("paths.", ".requestBody.") > 10,
        "too few request body examples"
    );
    assert!(
        count("paths.", ".responses.") >= operations,
        "fewer response examples than operations"
    );
    assert!(
        count("paths.", ".parameters.") > 5,
        "too few parameter examples"
    );
    assert!(
        count("components.responses.", "") >= 4,
        "too few shared error response examples"
    );
    assert!(
        count("x-webhooks.", ".requestBody.") >= webhooks,
        "a webhook lacks an example"
    );
}

#[test]
fn wrong_values_fail_validation() {
    let (spec, schemas) = load();
    let balances = spec
        .pointer("/components/schemas/Balances/example")
        .cloned()
        .expect("example");
    let cases = [
        ("Amount", json!("12,50"), "comma decimal separator"),
        ("Amount", json!(true), "boolean amount"),
        (
            "Balances",
            json!({"fiatBalances": []}),
            "missing required cryptoBalances",
        ),
        (
            "Balances",
            with(&balances, "/fiatBalances/0/id", Value::Null),
            "null in a non-nullable field",
        ),
        (
            "Balances",
            with(&balances, "/fiatBalances/0/amount", json!("1.2.3")),
            "malformed nested amount",
        ),
        ("CountryCode", json!("pl"), "lowercase country code"),
        (
            "Timestamp",
            json!("yesterday"),
            "timestamp that is not date-time",
        ),
        (
            "TransactionPage",
            json!({"transactions": [], "page": 0, "limit": 50}),
            "page below minimum",
        ),
    ];
    for (schema, value, case) in cases {
        let reference = json!({"$ref": format!("#/components/schemas/{schema}")});
        let validator = schemas
            .validator(&reference)
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert!(
            !validator.is_valid(&value),
            "{schema} accepted a wrong value ({case}): {value}"
        );
    }
}

#[test]
fn nullable_fields_accept_null() {
    let (spec, schemas) = load();
    let balances = spec
        .pointer("/components/schemas/Balances/example")
        .cloned()
        .expect("example");
    let value = with(&balances, "/fiatBalances/0/iban", Value::Null);
    let validator = schemas
        .validator(&json!({"$ref": "#/components/schemas/Balances"}))
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert!(
        validator.is_valid(&value),
        "a null iban was rejected: {value}"
    );
}

#[test]
fn conversion_follows_rules() {
    let openapi = json!({
        "type": "object",
        "x-p100-evidence": "inferred",
        "example": {"a": 1},
        "required": ["file"],
        "properties": {
            "a": {"type": "string", "nullable": true, "enum": ["x"]},
            "b": {"$ref": "#/components/schemas/Amount", "nullable": true},
            "file": {"type": "string", "format": "binary"},
            "n": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
            "example": {"type": "integer"}
        }
    });
    let expected = json!({
        "type": "object",
        "required": ["file"],
        "properties": {
            "a": {"type": ["string", "null"], "enum": ["x", null]},
            "b": {"anyOf": [{"$ref": "#/$defs/Amount"}, {"type": "null"}]},
            "file": {"type": "string"},
            "n": {"type": "number", "exclusiveMinimum": 0},
            "example": {"type": "integer"}
        }
    });
    assert_eq!(convert(&openapi).expect("conversion"), expected);
}

#[test]
fn conversion_rejects_foreign_reference() {
    let error = convert(&json!({"$ref": "other.yaml#/Thing"})).expect_err("remote reference");
    assert!(error.to_string().contains("other.yaml#/Thing"), "{error}");
}

/// Returns a copy of `value` with the member at JSON pointer `pointer` replaced.
fn with(value: &Value, pointer: &str, replacement: Value) -> Value {
    let mut copy = value.clone();
    let slot = copy
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no member at {pointer}"));
    *slot = replacement;
    copy
}
