//! Converts the spec's component schemas (OpenAPI 3.0 dialect) into self-contained JSON Schema
//! draft 2020-12 documents, one per component.
//!
//! Conversion rules, in the order a reader meets them:
//! - `$ref: '#/components/schemas/X'` becomes `$ref: '#/$defs/X'`, and every component reached
//!   from the root is copied into the file's `$defs`, so no file refers to another. A reference
//!   back to the root component becomes `$ref: '#'`. Keys next to a `$ref` are dropped, because
//!   OpenAPI 3.0 ignores them.
//! - `nullable: true` adds `"null"` to `type` (and `null` to `enum` when there is one); without
//!   a `type` the schema is wrapped in `anyOf: [<schema>, {type: null}]`.
//! - `example: v` becomes `examples: [v]`.
//! - `format: binary` becomes `contentMediaType: application/octet-stream` and `format: byte`
//!   becomes `contentEncoding: base64`, the 2020-12 keywords for raw and base64 content.
//! - Boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric 2020-12 form.
//! - Vendor `x-` keys are kept unchanged: JSON Schema treats unknown keywords as annotations,
//!   and `x-p100-sensitive`, `x-p100-evidence` and `x-p100-known-values` matter to readers.

use std::collections::{BTreeSet, VecDeque};

use anyhow::{Context, Result, bail};
use serde_yaml_ng::{Mapping, Value};

/// Meta-schema URI of JSON Schema draft 2020-12.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Prefix of a reference to a component schema in OpenAPI 3.0.
const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Builds the JSON Schema document for the component `name`.
///
/// `components` is the spec's `components.schemas` mapping and `id` the `$id` of the document.
pub fn export(components: &Mapping, name: &str, id: &str) -> Result<Value> {
    let root = components
        .get(name)
        .with_context(|| format!("components.schemas has no schema named {name}"))?;
    let mut pending = VecDeque::new();
    let converted_root = convert(root, name, &mut pending)
        .with_context(|| format!("failed to convert components.schemas.{name}"))?;

    let mut defs = Mapping::new();
    let mut done = BTreeSet::from([name.to_string()]);
    while let Some(dependency) = pending.pop_front() {
        if !done.insert(dependency.clone()) {
            continue;
        }
        let schema = components.get(dependency.as_str()).with_context(|| {
            format!("components.schemas.{name} refers to {dependency}, which does not exist")
        })?;
        let converted = convert(schema, name, &mut pending)
            .with_context(|| format!("failed to convert components.schemas.{dependency}"))?;
        defs.insert(
            Value::from(dependency.clone()),
            with_title(converted, &dependency),
        );
    }
    sort_keys(&mut defs);

    let mut document = Mapping::new();
    document.insert("$schema".into(), DRAFT_2020_12.into());
    document.insert("$id".into(), id.into());
    let Value::Mapping(body) = with_title(converted_root, name) else {
        bail!("components.schemas.{name} is not a schema object");
    };
    document.extend(body);
    if !defs.is_empty() {
        document.insert("$defs".into(), Value::Mapping(defs));
    }
    Ok(Value::Mapping(document))
}

/// Converts one OpenAPI 3.0 schema object, queueing the names of the components it refers to.
///
/// `root` is the name of the component the document is built for: references to it become `#`.
pub fn convert(schema: &Value, root: &str, refs: &mut VecDeque<String>) -> Result<Value> {
    let Value::Mapping(schema) = schema else {
        bail!("expected a schema object, found {}", kind_of(schema));
    };

    if let Some(reference) = schema.get("$ref") {
        let reference = reference.as_str().context("$ref is not a string")?;
        let target = reference.strip_prefix(COMPONENT_PREFIX).with_context(|| {
            format!("$ref {reference} does not point into {COMPONENT_PREFIX}; only local component references are supported")
        })?;
        let pointer = if target == root {
            "#".to_string()
        } else {
            refs.push_back(target.to_string());
            format!("#/$defs/{target}")
        };
        let mut converted = Mapping::new();
        converted.insert("$ref".into(), pointer.into());
        return Ok(Value::Mapping(converted));
    }

    let mut out = Mapping::new();
    for (key, value) in schema {
        let key_text = key.as_str().context("schema keys must be strings")?;
        match key_text {
            "nullable" => {}
            "example" => {
                out.insert("examples".into(), Value::Sequence(vec![value.clone()]));
            }
            "properties" => {
                let Value::Mapping(properties) = value else {
                    bail!("properties is not a mapping");
                };
                let mut converted = Mapping::new();
                for (property, subschema) in properties {
                    let label = property.as_str().unwrap_or("?");
                    let subschema = convert(subschema, root, refs)
                        .with_context(|| format!("in property {label}"))?;
                    converted.insert(property.clone(), subschema);
                }
                out.insert(key.clone(), Value::Mapping(converted));
            }
            "items" | "not" => {
                out.insert(
                    key.clone(),
                    convert(value, root, refs).with_context(|| format!("in {key_text}"))?,
                );
            }
            "additionalProperties" => {
                let converted = match value {
                    Value::Bool(_) => value.clone(),
                    _ => convert(value, root, refs).context("in additionalProperties")?,
                };
                out.insert(key.clone(), converted);
            }
            "allOf" | "anyOf" | "oneOf" => {
                let Value::Sequence(list) = value else {
                    bail!("{key_text} is not a list");
                };
                let converted = list
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        convert(item, root, refs).with_context(|| format!("in {key_text}[{index}]"))
                    })
                    .collect::<Result<Vec<_>>>()?;
                out.insert(key.clone(), Value::Sequence(converted));
            }
            "format" if value.as_str() == Some("binary") => {
                out.insert("contentMediaType".into(), "application/octet-stream".into());
            }
            "format" if value.as_str() == Some("byte") => {
                out.insert("contentEncoding".into(), "base64".into());
            }
            "exclusiveMinimum" | "exclusiveMaximum" if value.is_bool() => {}
            "discriminator" => bail!(
                "discriminator has no JSON Schema equivalent and the converter does not \
                 translate it yet; extend xtask/src/docs/json_schema.rs"
            ),
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }

    convert_exclusive_bound(schema, &mut out, "exclusiveMinimum", "minimum");
    convert_exclusive_bound(schema, &mut out, "exclusiveMaximum", "maximum");

    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return Ok(make_nullable(out));
    }
    Ok(Value::Mapping(out))
}

/// Turns OpenAPI 3.0's `exclusiveMinimum: true` + `minimum: n` into 2020-12's
/// `exclusiveMinimum: n` (and likewise for the maximum).
fn convert_exclusive_bound(source: &Mapping, out: &mut Mapping, exclusive: &str, bound: &str) {
    if source.get(exclusive).and_then(Value::as_bool) != Some(true) {
        return;
    }
    if let Some(limit) = out.shift_remove(bound) {
        out.insert(exclusive.into(), limit);
    }
}

/// Applies `nullable: true` to an already converted schema.
fn make_nullable(mut schema: Mapping) -> Value {
    let null = Value::from("null");
    match schema.get("type").cloned() {
        Some(Value::String(name)) => {
            schema.insert(
                "type".into(),
                Value::Sequence(vec![Value::String(name), null]),
            );
        }
        Some(Value::Sequence(mut names)) => {
            if !names.contains(&null) {
                names.push(null);
            }
            schema.insert("type".into(), Value::Sequence(names));
        }
        _ => {
            let mut null_schema = Mapping::new();
            null_schema.insert("type".into(), null);
            let mut wrapper = Mapping::new();
            if let Some(description) = schema.get("description").cloned() {
                wrapper.insert("description".into(), description);
            }
            wrapper.insert(
                "anyOf".into(),
                Value::Sequence(vec![Value::Mapping(schema), Value::Mapping(null_schema)]),
            );
            return Value::Mapping(wrapper);
        }
    }
    if let Some(Value::Sequence(values)) = schema.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    Value::Mapping(schema)
}

/// Puts `title: name` first in a converted schema, so code generators name the type after it.
fn with_title(schema: Value, name: &str) -> Value {
    let Value::Mapping(body) = schema else {
        return schema;
    };
    let mut titled = Mapping::new();
    titled.insert("title".into(), name.into());
    for (key, value) in body {
        if key.as_str() != Some("title") {
            titled.insert(key, value);
        }
    }
    Value::Mapping(titled)
}

/// Sorts a mapping by key, so `$defs` reads alphabetically and diffs stay stable.
fn sort_keys(mapping: &mut Mapping) {
    let mut entries: Vec<(Value, Value)> = std::mem::take(mapping).into_iter().collect();
    entries.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
    mapping.extend(entries);
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml_ng::from_str(text).expect("test YAML parses")
    }

    fn convert_one(text: &str) -> (Value, Vec<String>) {
        let mut refs = VecDeque::new();
        let converted = convert(&yaml(text), "Root", &mut refs).expect("converts");
        (converted, refs.into_iter().collect())
    }

    #[test]
    fn nullable_string_gets_null_type() {
        let (converted, _) = convert_one("{type: string, nullable: true, example: abc}");
        assert_eq!(converted, yaml("{type: [string, 'null'], examples: [abc]}"));
    }

    #[test]
    fn nullable_enum_accepts_null() {
        let (converted, _) = convert_one("{type: string, enum: [A, B], nullable: true}");
        assert_eq!(
            converted,
            yaml("{type: [string, 'null'], enum: [A, B, null]}")
        );
    }

    #[test]
    fn nullable_without_type_wraps_in_any_of() {
        let (converted, _) = convert_one(
            "{description: d, oneOf: [{type: string}, {type: number}], nullable: true}",
        );
        let expected = yaml(
            "{description: d, anyOf: [{description: d, oneOf: [{type: string}, {type: number}]}, {type: 'null'}]}",
        );
        assert_eq!(converted, expected);
    }

    #[test]
    fn component_ref_points_into_defs() {
        let (converted, refs) = convert_one(
            "{type: object, properties: {a: {$ref: '#/components/schemas/Amount', description: ignored}}}",
        );
        assert_eq!(
            converted,
            yaml("{type: object, properties: {a: {$ref: '#/$defs/Amount'}}}")
        );
        assert_eq!(refs, vec!["Amount".to_string()]);
    }

    #[test]
    fn ref_to_root_points_to_document() {
        let (converted, refs) =
            convert_one("{type: array, items: {$ref: '#/components/schemas/Root'}}");
        assert_eq!(converted, yaml("{type: array, items: {$ref: '#'}}"));
        assert!(refs.is_empty());
    }

    #[test]
    fn foreign_ref_is_rejected() {
        let mut refs = VecDeque::new();
        let error = convert(&yaml("{$ref: 'other.yaml#/X'}"), "Root", &mut refs).unwrap_err();
        assert!(error.to_string().contains("other.yaml#/X"), "{error}");
    }

    #[test]
    fn binary_format_becomes_content_media_type() {
        let (converted, _) = convert_one("{type: array, items: {type: string, format: binary}}");
        let expected = yaml(
            "{type: array, items: {type: string, contentMediaType: application/octet-stream}}",
        );
        assert_eq!(converted, expected);
    }

    #[test]
    fn boolean_exclusive_minimum_becomes_numeric() {
        let (converted, _) = convert_one("{type: number, minimum: 0, exclusiveMinimum: true}");
        assert_eq!(converted, yaml("{type: number, exclusiveMinimum: 0}"));
    }

    #[test]
    fn vendor_keys_are_kept() {
        let (converted, _) = convert_one("{type: string, x-p100-sensitive: true}");
        assert_eq!(converted, yaml("{type: string, x-p100-sensitive: true}"));
    }

    #[test]
    fn property_named_example_is_a_property() {
        let (converted, _) = convert_one("{type: object, properties: {example: {type: string}}}");
        assert_eq!(
            converted,
            yaml("{type: object, properties: {example: {type: string}}}")
        );
    }

    #[test]
    fn export_collects_transitive_defs() {
        let components = yaml(
            "
            Root: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}
            B: {type: object, properties: {c: {$ref: '#/components/schemas/C'}, r: {$ref: '#/components/schemas/Root'}}}
            C: {type: string, nullable: true}
            Unused: {type: integer}
            ",
        );
        let Value::Mapping(components) = components else {
            unreachable!()
        };
        let document = export(&components, "Root", "urn:test:Root").expect("exports");
        let expected = yaml(
            "
            $schema: https://json-schema.org/draft/2020-12/schema
            $id: 'urn:test:Root'
            title: Root
            type: object
            properties: {b: {$ref: '#/$defs/B'}}
            $defs:
              B: {title: B, type: object, properties: {c: {$ref: '#/$defs/C'}, r: {$ref: '#'}}}
              C: {title: C, type: [string, 'null']}
            ",
        );
        assert_eq!(document, expected);
    }

    #[test]
    fn export_reports_missing_component() {
        let Value::Mapping(components) = yaml("Root: {$ref: '#/components/schemas/Gone'}") else {
            unreachable!()
        };
        let error = export(&components, "Root", "urn:test:Root").unwrap_err();
        assert!(format!("{error:#}").contains("Gone"), "{error:#}");
    }
}
