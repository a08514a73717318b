//! JSON Schema checks of request bodies against the component schemas of `spec/p100.yaml`,
//! which is compiled into the binary.
//!
//! The generated types accept more than the spec allows (open enums, amounts written as
//! `" 1"` or `1e5`, country codes of any length), so bodies are checked against the spec's
//! own schema first and then deserialized into the type. A body the spec rejects is
//! therefore always a `P403` here, and a change of the spec changes the sandbox with it.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

use jsonschema::{Draft, Validator};
use serde_json::{Map, Value};

/// The spec this sandbox implements, as written in the repository.
pub const SPEC_YAML: &str = include_str!("../spec/p100.yaml");

/// The spec's `components/schemas`, converted from OpenAPI 3.0 to JSON Schema.
static COMPONENTS: LazyLock<Value> = LazyLock::new(load_components);

static VALIDATORS: LazyLock<RwLock<HashMap<String, Arc<Validator>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Parses the embedded spec.
pub fn spec() -> Value {
    // The embedded file is the repository's spec, which other checks validate. A parse
    // failure is therefore a build defect, and it surfaces at the first request that needs it.
    serde_yaml_ng::from_str(SPEC_YAML).expect("spec/p100.yaml is valid YAML")
}

fn load_components() -> Value {
    let spec = spec();
    let mut schemas = spec
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    convert_nullable(&mut schemas);
    schemas
}

/// Rewrites OpenAPI's `nullable: true` into a JSON Schema type list that admits `null`.
fn convert_nullable(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(kind)) = map.get("type").cloned() {
                    map.insert("type".into(), Value::from(vec![kind, "null".to_string()]));
                }
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            map.values_mut().for_each(convert_nullable);
        }
        Value::Array(items) => items.iter_mut().for_each(convert_nullable),
        _ => {}
    }
}

/// Returns the name of the component schema that the generated type `T` was made from.
pub fn schema_name_of<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}

/// Returns true when the spec has a component schema of this name.
pub fn has_component(name: &str) -> bool {
    COMPONENTS.get(name).is_some()
}

/// Checks `instance` against the component schema `name`; returns one message per failure.
///
/// Messages name the failing location and never contain the value itself, so a PIN or card
/// number in a rejected body does not reach the response or the logs.
pub fn check_component(name: &str, instance: &Value) -> Result<(), Vec<String>> {
    let validator = validator(name).map_err(|error| vec![error])?;
    let failures: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| {
            let location = error.instance_path.to_string();
            let text = error.masked().to_string();
            if location.is_empty() {
                text
            } else {
                format!("{}: {text}", location.trim_start_matches('/'))
            }
        })
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

fn validator(name: &str) -> Result<Arc<Validator>, String> {
    if let Some(found) = VALIDATORS
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(name)
    {
        return Ok(found.clone());
    }
    if !has_component(name) {
        return Err(format!("the spec has no schema {name}"));
    }

    // The root wraps a reference next to the component map, so every `$ref` in the spec
    // (`#/components/schemas/...`) resolves inside this one document.
    let root = serde_json::json!({
        "allOf": [{"$ref": format!("#/components/schemas/{name}")}],
        "components": {"schemas": COMPONENTS.clone()},
    });
    let validator = jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true)
        .build(&root)
        .map_err(|error| format!("schema {name} does not compile: {error}"))?;
    let validator = Arc::new(validator);
    VALIDATORS
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(name.to_string(), validator.clone());
    Ok(validator)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn type_name_maps_to_schema() {
        assert_eq!(
            schema_name_of::<p100_raw::types::ExchangeRequest>(),
            "ExchangeRequest"
        );
        assert!(has_component("ExchangeRequest"));
    }

    #[test]
    fn amount_pattern_is_enforced() {
        let body = json!({"amount": " 1", "currency": "eur"});
        let failures = check_component("TransferRequest", &body).unwrap_err();
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(failures[0].starts_with("amount"), "{failures:?}");
    }

    #[test]
    fn missing_fields_are_all_listed() {
        let failures = check_component("TransferRequest", &json!({})).unwrap_err();
        assert_eq!(failures.len(), 2, "{failures:?}");
    }

    #[test]
    fn messages_hide_values() {
        let body = json!({"externalUserId": "u", "cardId": "c", "pin": "98765"});
        let failures = check_component("CardPinUpdate", &body).unwrap_err();
        assert!(!failures.concat().contains("98765"), "{failures:?}");
    }

    #[test]
    fn nullable_admits_null() {
        let body = json!({"id": "t", "amount": "1", "currency": "eur", "status": "SUCCESSFUL",
            "createdAt": "2025-01-01T00:00:00Z", "sourceExternalUserId": null});
        assert_eq!(check_component("TransferWebhook", &body), Ok(()));
    }
}
