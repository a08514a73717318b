//! Converts the spec's OpenAPI 3.0 schema objects to JSON Schema draft 2020-12, so that a
//! standard validator (the `jsonschema` crate) can check the spec's examples.
//!
//! The rules, applied at every schema level:
//! - `nullable: true` also allows `null`: `type: T` becomes `type: [T, "null"]` (and `null`
//!   joins an `enum`); a schema without `type` becomes `anyOf: [schema, {type: null}]`.
//! - `$ref: '#/components/schemas/X'` becomes `$ref: '#/$defs/X'`, and every component schema
//!   is placed under `$defs`. Any other reference is an error.
//! - `example`, `discriminator`, `xml`, `externalDocs` and vendor `x-` keys are dropped.
//! - `format: binary` is dropped: in JSON an uploaded file is an opaque string.
//! - OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form.

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

/// `$schema` URI of JSON Schema draft 2020-12.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Prefix of a reference to a component schema in OpenAPI.
const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Keys of an OpenAPI schema object that have no JSON Schema meaning and are dropped.
const DROPPED_KEYS: [&str; 5] = [
    "example",
    "discriminator",
    "xml",
    "externalDocs",
    "nullable",
];

/// Every component schema of a spec, converted, ready to be attached as `$defs`.
#[derive(Clone, Debug)]
pub struct SchemaSet {
    defs: Map<String, Value>,
}

impl SchemaSet {
    /// Converts every schema under `components.schemas`.
    ///
    /// # Errors
    /// Fails when a schema contains a reference that is not to a component schema.
    pub fn from_spec(spec: &Value) -> Result<Self> {
        let mut defs = Map::new();
        if let Some(schemas) = crate::spec::component_schemas(spec) {
            for (name, schema) in schemas {
                let converted = convert(schema)
                    .with_context(|| format!("failed to convert components.schemas.{name}"))?;
                defs.insert(name.clone(), converted);
            }
        }
        Ok(Self { defs })
    }

    /// Returns the converted component schemas by name.
    pub fn defs(&self) -> &Map<String, Value> {
        &self.defs
    }

    /// Converts `schema` and returns it as a standalone draft 2020-12 document with every
    /// component schema under `$defs`, so its references resolve.
    ///
    /// # Errors
    /// Fails when `schema` contains a reference that is not to a component schema.
    pub fn document(&self, schema: &Value) -> Result<Value> {
        let converted = convert(schema)?;
        let mut document = match converted {
            Value::Object(map) => map,
            other => {
                let mut map = Map::new();
                map.insert("allOf".into(), Value::Array(vec![other]));
                map
            }
        };
        document.insert("$schema".into(), Value::String(DRAFT_2020_12.into()));
        document.insert("$defs".into(), Value::Object(self.defs.clone()));
        Ok(Value::Object(document))
    }

    /// Builds a validator for `schema` that also checks the formats the `jsonschema` crate
    /// implements, such as `date`, `date-time` and `email`.
    ///
    /// # Errors
    /// Fails when the converted schema is not a valid JSON Schema.
    pub fn validator(&self, schema: &Value) -> Result<jsonschema::Validator> {
        let document = self.document(schema)?;
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&document)
            .map_err(|error| anyhow::anyhow!("invalid JSON Schema {document}: {error}"))
    }
}

/// Converts one OpenAPI 3.0 schema object, and every schema nested in it, to draft 2020-12.
///
/// # Errors
/// Fails on a `$ref` that does not point into `#/components/schemas/`.
pub fn convert(schema: &Value) -> Result<Value> {
    let Value::Object(object) = schema else {
        return Ok(schema.clone());
    };

    let mut out = Map::new();
    for (key, value) in object {
        if key.starts_with("x-") || DROPPED_KEYS.contains(&key.as_str()) {
            continue;
        }
        let converted = match key.as_str() {
            "$ref" => Value::String(convert_reference(value)?),
            "format" if value == "binary" => continue,
            "properties" | "patternProperties" => convert_map(value)?,
            "items" | "not" | "additionalProperties" => convert(value)?,
            "allOf" | "anyOf" | "oneOf" => convert_list(value)?,
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }

    convert_exclusive_bound(&mut out, "exclusiveMinimum", "minimum");
    convert_exclusive_bound(&mut out, "exclusiveMaximum", "maximum");

    if object.get("nullable") == Some(&Value::Bool(true)) {
        return Ok(allow_null(out));
    }
    Ok(Value::Object(out))
}

fn convert_reference(value: &Value) -> Result<String> {
    let Some(reference) = value.as_str() else {
        bail!("$ref must be a string, found {value}");
    };
    let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) else {
        bail!("$ref {reference} does not point to a component schema ({COMPONENT_PREFIX}...)");
    };
    Ok(format!("#/$defs/{name}"))
}

fn convert_map(value: &Value) -> Result<Value> {
    let Value::Object(map) = value else {
        bail!("expected a map of schemas, found {value}");
    };
    let mut out = Map::new();
    for (name, schema) in map {
        let converted = convert(schema).with_context(|| format!("in property {name}"))?;
        out.insert(name.clone(), converted);
    }
    Ok(Value::Object(out))
}

fn convert_list(value: &Value) -> Result<Value> {
    let Value::Array(list) = value else {
        bail!("expected a list of schemas, found {value}");
    };
    let converted: Result<Vec<Value>> = list.iter().map(convert).collect();
    Ok(Value::Array(converted?))
}

/// Turns OpenAPI 3.0's `exclusiveMinimum: true` + `minimum: n` into `exclusiveMinimum: n`.
fn convert_exclusive_bound(schema: &mut Map<String, Value>, exclusive: &str, bound: &str) {
    match schema.get(exclusive) {
        Some(Value::Bool(true)) => {
            if let Some(limit) = schema.remove(bound) {
                schema.insert(exclusive.into(), limit);
            } else {
                schema.remove(exclusive);
            }
        }
        Some(Value::Bool(false)) => {
            schema.remove(exclusive);
        }
        _ => {}
    }
}

fn allow_null(mut schema: Map<String, Value>) -> Value {
    let Some(kind) = schema.get("type").cloned() else {
        return json!({"anyOf": [Value::Object(schema), {"type": "null"}]});
    };
    let mut kinds = match kind {
        Value::Array(list) => list,
        single => vec![single],
    };
    if !kinds.contains(&Value::from("null")) {
        kinds.push(Value::from("null"));
    }
    schema.insert("type".into(), Value::Array(kinds));
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    Value::Object(schema)
}
