//! Reads `spec/p100.yaml` as a JSON value and walks its operations and webhooks.
//!
//! The tests read the YAML directly instead of through `openapiv3`, so they see every vendor
//! extension and example exactly as written, including keys that typed models drop.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::workspace_root;

/// HTTP methods that an OpenAPI 3.0 path item can hold, in the order the spec lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Returns the path of the spec, `spec/p100.yaml`.
pub fn spec_path() -> PathBuf {
    workspace_root().join("spec/p100.yaml")
}

/// Reads and parses the spec. YAML anchors and aliases are expanded.
pub fn load() -> Result<Value> {
    let path = spec_path();
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("failed to read the spec {}", path.display()))?;
    parse(&text).with_context(|| format!("{} is not valid YAML", path.display()))
}

/// Parses OpenAPI YAML text into a JSON value.
pub fn parse(text: &str) -> Result<Value> {
    Ok(serde_yaml_ng::from_str(text)?)
}

/// One operation of the `paths` section.
#[derive(Clone, Copy, Debug)]
pub struct Operation<'a> {
    /// HTTP method in upper case.
    pub method: &'static str,
    /// Path template, such as `/v1/exchange/details/{exchangeId}`.
    pub path: &'a str,
    /// The operation object.
    pub value: &'a Value,
}

impl<'a> Operation<'a> {
    /// Returns the `operationId`, or an empty string when it is missing.
    pub fn operation_id(&self) -> &'a str {
        self.value
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Returns `METHOD path`, the label tests print for this operation.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Lists every operation of the `paths` section in document order.
pub fn operations(spec: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        for method in METHODS {
            if let Some(value) = item.get(method) {
                found.push(Operation {
                    method: upper(method),
                    path,
                    value,
                });
            }
        }
    }
    found
}

/// One entry of the top-level `x-webhooks` section.
#[derive(Clone, Copy, Debug)]
pub struct Webhook<'a> {
    /// Key of the entry, such as `cryptoDeposit`.
    pub name: &'a str,
    /// The entry's `post` operation object.
    pub post: &'a Value,
}

impl<'a> Webhook<'a> {
    /// Returns the payload schema name: the component that the JSON request body refers to.
    pub fn payload_schema(&self) -> Option<&'a str> {
        self.post
            .pointer("/requestBody/content/application~1json/schema/$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
    }

    /// Returns the `x-p100-delivery-path` of the entry.
    pub fn delivery_path(&self) -> Option<&'a str> {
        self.post
            .get("x-p100-delivery-path")
            .and_then(Value::as_str)
    }
}

/// Lists the `x-webhooks` entries in document order.
///
/// # Errors
/// Fails when an entry has no `post` operation.
pub fn webhooks(spec: &Value) -> Result<Vec<Webhook<'_>>> {
    let mut found = Vec::new();
    let Some(section) = spec.get("x-webhooks").and_then(Value::as_object) else {
        return Ok(found);
    };
    for (name, item) in section {
        let Some(post) = item.get("post") else {
            bail!("x-webhooks.{name} has no post operation");
        };
        found.push(Webhook { name, post });
    }
    Ok(found)
}

/// Follows a local `$ref` (`#/components/...`) until it reaches an object without one.
///
/// # Errors
/// Fails on a remote reference or a pointer that names nothing in the spec.
pub fn resolve<'a>(spec: &'a Value, value: &'a Value) -> Result<&'a Value> {
    let mut current = value;
    for _ in 0..16 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return Ok(current);
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            bail!("reference {reference} is not local; the spec must be self-contained");
        };
        current = spec
            .pointer(pointer)
            .with_context(|| format!("reference {reference} names nothing in the spec"))?;
    }
    bail!("reference chain starting at {value} is longer than 16 steps")
}

/// Returns the component schemas, `components.schemas`.
pub fn component_schemas(spec: &Value) -> Option<&serde_json::Map<String, Value>> {
    spec.pointer("/components/schemas")
        .and_then(Value::as_object)
}

fn upper(method: &str) -> &'static str {
    match method {
        "get" => "GET",
        "put" => "PUT",
        "post" => "POST",
        "delete" => "DELETE",
        "options" => "OPTIONS",
        "head" => "HEAD",
        "patch" => "PATCH",
        _ => "TRACE",
    }
}
