//! Collects every example in the spec together with the schema it must satisfy.
//!
//! Examples come from: component schemas and every schema nested in them; request bodies,
//! responses and headers (operations, `components`, and `x-webhooks`); and parameters. A media
//! type's `examples` map counts too, one entry per named example. Examples under a `$ref`
//! response or parameter are collected once, at the component.

use anyhow::{Context, Result};
use serde_json::Value;

use crate::spec;

/// One example and the OpenAPI schema (not yet converted) that it must satisfy.
#[derive(Clone, Debug)]
pub struct Example {
    /// Where the example sits, as a dotted path such as
    /// `paths./v1/exchange.post.requestBody.application/json.example`.
    pub location: String,
    /// The schema the example is checked against.
    pub schema: Value,
    /// The example value.
    pub value: Value,
}

/// Lists every example of the spec in document order.
///
/// # Errors
/// Fails when a `$ref` to a named example does not resolve.
pub fn collect(spec: &Value) -> Result<Vec<Example>> {
    let mut found = Vec::new();

    if let Some(schemas) = spec::component_schemas(spec) {
        for (name, schema) in schemas {
            schema_examples(schema, format!("components.schemas.{name}"), &mut found);
        }
    }
    for section in ["responses", "requestBodies", "parameters", "headers"] {
        let Some(items) = spec
            .pointer(&format!("/components/{section}"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (name, item) in items {
            let location = format!("components.{section}.{name}");
            match section {
                "parameters" | "headers" => parameter_examples(spec, item, location, &mut found)?,
                _ => body_examples(spec, item, location, &mut found)?,
            }
        }
    }

    for operation in spec::operations(spec) {
        let location = format!(
            "paths.{}.{}",
            operation.path,
            operation.method.to_lowercase()
        );
        operation_examples(spec, operation.value, location, &mut found)?;
    }
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for parameter in item
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let location = format!("paths.{path}.parameters");
                parameter_examples(spec, parameter, location, &mut found)?;
            }
        }
    }

    for webhook in spec::webhooks(spec)? {
        let location = format!("x-webhooks.{}.post", webhook.name);
        operation_examples(spec, webhook.post, location, &mut found)?;
    }
    Ok(found)
}

fn operation_examples(
    spec: &Value,
    operation: &Value,
    location: String,
    found: &mut Vec<Example>,
) -> Result<()> {
    for parameter in operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        parameter_examples(spec, parameter, format!("{location}.parameters"), found)?;
    }
    if let Some(body) = operation.get("requestBody") {
        body_examples(spec, body, format!("{location}.requestBody"), found)?;
    }
    for (status, response) in operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        body_examples(
            spec,
            response,
            format!("{location}.responses.{status}"),
            found,
        )?;
    }
    Ok(())
}

/// Collects the examples of a request body or response: its media types and its headers.
/// A `$ref` body is skipped, because its component is walked on its own.
fn body_examples(
    spec: &Value,
    body: &Value,
    location: String,
    found: &mut Vec<Example>,
) -> Result<()> {
    if body.get("$ref").is_some() {
        return Ok(());
    }
    for (media_type, content) in body
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(schema) = content.get("schema") else {
            continue;
        };
        let location = format!("{location}.{media_type}");
        schema_examples(schema, format!("{location}.schema"), found);
        named_examples(spec, content, schema, &location, found)?;
    }
    for (name, header) in body
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        parameter_examples(spec, header, format!("{location}.headers.{name}"), found)?;
    }
    Ok(())
}

/// Collects the example of a parameter or header object. A `$ref` is skipped, because its
/// component is walked on its own.
fn parameter_examples(
    spec: &Value,
    parameter: &Value,
    location: String,
    found: &mut Vec<Example>,
) -> Result<()> {
    if parameter.get("$ref").is_some() {
        return Ok(());
    }
    let name = parameter
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("header");
    let location = format!("{location}.{name}");
    let Some(schema) = parameter.get("schema") else {
        return Ok(());
    };
    schema_examples(schema, format!("{location}.schema"), found);
    named_examples(spec, parameter, schema, &location, found)
}

/// Collects `example` and each entry of `examples` (a map of Example objects) of a media type,
/// parameter or header.
fn named_examples(
    spec: &Value,
    holder: &Value,
    schema: &Value,
    location: &str,
    found: &mut Vec<Example>,
) -> Result<()> {
    if let Some(value) = holder.get("example") {
        found.push(Example {
            location: format!("{location}.example"),
            schema: schema.clone(),
            value: value.clone(),
        });
    }
    for (name, entry) in holder
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let entry = spec::resolve(spec, entry)
            .with_context(|| format!("{location}.examples.{name} does not resolve"))?;
        if let Some(value) = entry.get("value") {
            found.push(Example {
                location: format!("{location}.examples.{name}"),
                schema: schema.clone(),
                value: value.clone(),
            });
        }
    }
    Ok(())
}

/// Collects the `example` of a schema and of every schema nested in it.
fn schema_examples(schema: &Value, location: String, found: &mut Vec<Example>) {
    let Value::Object(object) = schema else {
        return;
    };
    if let Some(value) = object.get("example") {
        found.push(Example {
            location: format!("{location}.example"),
            schema: schema.clone(),
            value: value.clone(),
        });
    }
    for (name, property) in object
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        schema_examples(property, format!("{location}.properties.{name}"), found);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(nested) = object.get(key) {
            schema_examples(nested, format!("{location}.{key}"), found);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for (index, nested) in object
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            schema_examples(nested, format!("{location}.{key}[{index}]"), found);
        }
    }
}
