//! Prepares the copy of the spec that the HTML reference is built from. In that copy every
//! operation, webhook and marked schema states its evidence level in its own text, so a reader
//! sees how certain an entry is without knowing the `x-p100-*` extensions.
//!
//! Operations and webhooks get a first description line such as
//! `**Evidence: inferred** · **Moves money**`, a `Sources:` paragraph and a Redoc `x-badges` entry;
//! their known error codes are appended as a table. Schemas with `x-p100-evidence` and fields
//! with `x-p100-sensitive` get a one-phrase prefix. The source spec is never modified.

use anyhow::{Context, Result, bail};
use serde_yaml_ng::{Mapping, Value};

use crate::spec::{EVIDENCE_EXTENSION, MONEY_MOVING_EXTENSION, UPLOAD_EXTENSION};

/// HTTP methods that may hold an operation in an OpenAPI 3.0 path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Counts of what [`annotate`] marked.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Annotated {
    pub operations: usize,
    pub webhooks: usize,
    pub schemas: usize,
    pub sensitive_fields: usize,
}

/// Adds evidence lines and badges to a parsed spec in place.
pub fn annotate(spec: &mut Value) -> Result<Annotated> {
    let mut counts = Annotated::default();
    let Value::Mapping(root) = spec else {
        bail!("the spec is not a YAML mapping");
    };

    if let Some(Value::Mapping(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let path = path.as_str().unwrap_or("?").to_string();
            for (method, operation) in operations_mut(item) {
                annotate_operation(operation, None)
                    .with_context(|| format!("{} {path}", method.to_uppercase()))?;
                counts.operations += 1;
            }
        }
    }

    if let Some(Value::Mapping(webhooks)) = root.get_mut("x-webhooks") {
        for (name, item) in webhooks.iter_mut() {
            let name = name.as_str().unwrap_or("?").to_string();
            for (_, operation) in operations_mut(item) {
                let delivery = delivery_note(operation);
                annotate_operation(operation, delivery.as_deref())
                    .with_context(|| format!("x-webhooks.{name}"))?;
                counts.webhooks += 1;
            }
        }
    }

    if let Some(Value::Mapping(schemas)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
    {
        for (_, schema) in schemas.iter_mut() {
            if let Some(evidence) = schema.get(EVIDENCE_EXTENSION).and_then(Value::as_str) {
                let prefix = format!("**Evidence: {evidence}.**");
                prepend_description(schema, &prefix);
                counts.schemas += 1;
            }
            counts.sensitive_fields += mark_sensitive(schema);
        }
    }

    prepend_description(
        root.get_mut("info").context("the spec has no info")?,
        LEGEND,
    );
    Ok(counts)
}

/// Explains the badges at the top of the reference.
const LEGEND: &str = "**How to read this reference.** Each operation and webhook starts with \
its evidence level: **documented** (a public P100 docs page shows it), **third-party** (only \
the one known public client of the API shows it) or **inferred** (a reasoned guess that the \
description explains). **Moves money** marks requests that must never be resent \
automatically, because the API has no idempotency key. Fields marked **Sensitive** (card \
number, CVV, PIN) must never be logged.";

/// Yields the `(method, operation)` pairs of a path item.
fn operations_mut(item: &mut Value) -> impl Iterator<Item = (&'static str, &mut Value)> {
    let Value::Mapping(item) = item else {
        return Vec::new().into_iter();
    };
    item.iter_mut()
        .filter_map(|(key, value)| {
            let method = METHODS.iter().find(|m| key.as_str() == Some(**m))?;
            Some((*method, value))
        })
        .collect::<Vec<_>>()
        .into_iter()
}

/// Builds the "delivered to" phrase of a webhook from its delivery path extensions.
fn delivery_note(operation: &Value) -> Option<String> {
    let path = operation.get("x-p100-delivery-path")?.as_str()?;
    let evidence = operation
        .get("x-p100-delivery-path-evidence")
        .and_then(Value::as_str)
        .unwrap_or("unknown");
    Some(format!(
        "Delivered to `{path}` on the partner's server (path {evidence})"
    ))
}

fn annotate_operation(operation: &mut Value, delivery: Option<&str>) -> Result<()> {
    let evidence = operation
        .get(EVIDENCE_EXTENSION)
        .and_then(Value::as_str)
        .with_context(|| format!("has no {EVIDENCE_EXTENSION}"))?
        .to_string();
    let flag = |key: &str| operation.get(key).and_then(Value::as_bool) == Some(true);
    let money_moving = flag(MONEY_MOVING_EXTENSION);
    let upload = flag(UPLOAD_EXTENSION);

    let mut parts = vec![format!("**Evidence: {evidence}**")];
    if money_moving {
        parts.push("**Moves money**: never resend automatically".to_string());
    }
    if upload {
        parts.push("multipart/form-data upload".to_string());
    }
    if let Some(delivery) = delivery {
        parts.push(delivery.to_string());
    }
    let mut header = parts.join(" · ");
    let sources = sources(operation);
    if !sources.is_empty() {
        header.push_str(&format!("\n\nSources: {}", sources.join(", ")));
    }
    prepend_description(operation, &header);

    if let Some(table) = error_code_table(operation) {
        append_description(operation, &table);
    }

    let mut badges = vec![badge(&evidence, evidence_color(&evidence))];
    if money_moving {
        badges.push(badge("Moves money", "#6a1b9a"));
    }
    let Value::Mapping(operation) = operation else {
        bail!("is not a mapping");
    };
    operation.insert("x-badges".into(), Value::Sequence(badges));
    Ok(())
}

/// Colour of the evidence badge: green when documented, amber for third-party, red for inferred.
fn evidence_color(evidence: &str) -> &'static str {
    match evidence {
        "documented" => "#2e7d32",
        "third-party" => "#b26a00",
        _ => "#c62828",
    }
}

fn badge(name: &str, color: &str) -> Value {
    let mut badge = Mapping::new();
    badge.insert("name".into(), name.into());
    badge.insert("color".into(), color.into());
    badge.insert("position".into(), "before".into());
    Value::Mapping(badge)
}

/// Renders `x-p100-sources` as Markdown links whose text is the URL without its scheme.
fn sources(operation: &Value) -> Vec<String> {
    let Some(Value::Sequence(urls)) = operation.get("x-p100-sources") else {
        return Vec::new();
    };
    urls.iter()
        .filter_map(Value::as_str)
        .map(|url| {
            let text = url
                .trim_start_matches("https://")
                .trim_start_matches("http://");
            format!("[{text}]({url})")
        })
        .collect()
}

/// Renders `x-p100-error-codes` as a Markdown table, or `None` when the list is empty.
fn error_code_table(operation: &Value) -> Option<String> {
    let Some(Value::Sequence(codes)) = operation.get("x-p100-error-codes") else {
        return None;
    };
    if codes.is_empty() {
        return None;
    }
    let mut table = String::from(
        "**Known error codes** (`errorCode` in the `ApiError` body)\n\n\
         | errorCode | HTTP status | errorName |\n|---|---|---|\n",
    );
    for entry in codes {
        let code = entry.get("code").and_then(Value::as_str).unwrap_or("?");
        let status = match entry.get("status") {
            Some(Value::Number(number)) => number.to_string(),
            Some(Value::String(text)) => text.clone(),
            _ => "?".to_string(),
        };
        let name = entry
            .get("name")
            .and_then(Value::as_str)
            .map(|n| format!("`{n}`"))
            .unwrap_or_else(|| "(none)".to_string());
        table.push_str(&format!("| `{code}` | {status} | {name} |\n"));
    }
    Some(table)
}

/// Prefixes the fields marked `x-p100-sensitive` under `schema`; returns how many it marked.
fn mark_sensitive(schema: &mut Value) -> usize {
    let mut marked = 0;
    if schema.get("x-p100-sensitive").and_then(Value::as_bool) == Some(true) {
        prepend_inline(schema, "**Sensitive**: never log this value.");
        marked += 1;
    }
    if let Some(Value::Mapping(properties)) = schema.get_mut("properties") {
        for (_, property) in properties.iter_mut() {
            marked += mark_sensitive(property);
        }
    }
    if let Some(items) = schema.get_mut("items") {
        marked += mark_sensitive(items);
    }
    marked
}

fn prepend_description(target: &mut Value, text: &str) {
    let current = target
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let joined = if current.is_empty() {
        text.to_string()
    } else {
        format!("{text}\n\n{current}")
    };
    set_description(target, joined);
}

fn prepend_inline(target: &mut Value, text: &str) {
    let current = target
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let joined = if current.is_empty() {
        text.to_string()
    } else {
        format!("{text} {current}")
    };
    set_description(target, joined);
}

fn append_description(target: &mut Value, text: &str) {
    let current = target
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let joined = format!("{}\n\n{text}", current.trim_end());
    set_description(target, joined);
}

fn set_description(target: &mut Value, text: String) {
    if let Value::Mapping(mapping) = target {
        mapping.insert("description".into(), Value::String(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        serde_yaml_ng::from_str(
            r#"
info: {title: T, version: 1.0.0}
paths:
  /v1/exchange:
    parameters: []
    post:
      operationId: createExchange
      description: Converts money.
      x-p100-evidence: inferred
      x-p100-money-moving: true
      x-p100-sources: [https://docs.example/exchange]
      x-p100-error-codes:
        - {code: P433, status: 400, name: insufficient-funds}
x-webhooks:
  exchange:
    post:
      operationId: exchangeWebhook
      x-p100-evidence: documented
      x-p100-delivery-path: /exchange-webhook
      x-p100-delivery-path-evidence: inferred
components:
  schemas:
    Card:
      x-p100-evidence: third-party
      properties:
        cvv: {type: string, description: CVV., x-p100-sensitive: true}
"#,
        )
        .expect("test spec parses")
    }

    fn text<'a>(spec: &'a Value, pointer: &[&str]) -> &'a str {
        let mut node = spec;
        for key in pointer {
            node = node.get(*key).unwrap_or_else(|| panic!("missing {key}"));
        }
        node.as_str().expect("string")
    }

    #[test]
    fn operation_description_starts_with_evidence() {
        let mut spec = spec();
        annotate(&mut spec).expect("annotates");
        let description = text(&spec, &["paths", "/v1/exchange", "post", "description"]);
        assert!(
            description.starts_with("**Evidence: inferred** · **Moves money**"),
            "{description}"
        );
        assert!(description.contains("[docs.example/exchange](https://docs.example/exchange)"));
        assert!(description.contains("Converts money."));
        assert!(
            description.contains("| `P433` | 400 | `insufficient-funds` |"),
            "{description}"
        );
    }

    #[test]
    fn operation_gets_badges() {
        let mut spec = spec();
        annotate(&mut spec).expect("annotates");
        let badges = spec["paths"]["/v1/exchange"]["post"]["x-badges"]
            .as_sequence()
            .unwrap();
        assert_eq!(badges.len(), 2);
        assert_eq!(badges[0]["name"].as_str(), Some("inferred"));
        assert_eq!(badges[1]["name"].as_str(), Some("Moves money"));
    }

    #[test]
    fn webhook_names_its_delivery_path() {
        let mut spec = spec();
        let counts = annotate(&mut spec).expect("annotates");
        let description = text(&spec, &["x-webhooks", "exchange", "post", "description"]);
        assert!(
            description.starts_with("**Evidence: documented**"),
            "{description}"
        );
        assert!(description.contains("`/exchange-webhook`"), "{description}");
        assert!(description.contains("(path inferred)"), "{description}");
        assert_eq!(counts.webhooks, 1);
        assert_eq!(counts.operations, 1);
    }

    #[test]
    fn schema_and_sensitive_field_are_marked() {
        let mut spec = spec();
        let counts = annotate(&mut spec).expect("annotates");
        let card = &spec["components"]["schemas"]["Card"];
        assert_eq!(
            card["description"].as_str(),
            Some("**Evidence: third-party.**")
        );
        let cvv = card["properties"]["cvv"]["description"].as_str().unwrap();
        assert_eq!(cvv, "**Sensitive**: never log this value. CVV.");
        assert_eq!(counts.schemas, 1);
        assert_eq!(counts.sensitive_fields, 1);
    }

    #[test]
    fn operation_without_evidence_is_an_error() {
        let mut spec: Value =
            serde_yaml_ng::from_str("info: {}\npaths: {/a: {get: {operationId: a}}}").unwrap();
        let error = annotate(&mut spec).unwrap_err();
        assert!(format!("{error:#}").contains("GET /a"), "{error:#}");
        assert!(
            format!("{error:#}").contains("x-p100-evidence"),
            "{error:#}"
        );
    }
}
