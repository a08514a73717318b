//! Loads the OpenAPI document and prepares the copy that progenitor sees.
//!
//! The spec keeps everything other-language teams need; this module removes or loosens only
//! what the Rust generator cannot handle or should not enforce on responses.

use std::path::Path;

use anyhow::{Context, Result, bail};
use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};

/// Vendor extension that marks a `multipart/form-data` upload, which progenitor cannot generate.
pub const UPLOAD_EXTENSION: &str = "x-p100-upload";
/// Vendor extension that marks an operation moving money: never resent automatically.
pub const MONEY_MOVING_EXTENSION: &str = "x-p100-money-moving";
/// Vendor extension giving the evidence level of an operation.
pub const EVIDENCE_EXTENSION: &str = "x-p100-evidence";

/// Reads and parses the spec, naming the file in every error.
pub fn load(path: &Path) -> Result<OpenAPI> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("failed to read the spec {}", path.display()))?;
    let spec: OpenAPI = serde_yaml_ng::from_str(&text)
        .with_context(|| format!("{} is not a valid OpenAPI 3.0 document", path.display()))?;
    if !spec.openapi.starts_with("3.0.") {
        bail!(
            "{} declares openapi {}; progenitor 0.15 reads only 3.0.x",
            path.display(),
            spec.openapi
        );
    }
    Ok(spec)
}

/// Metadata of one operation, as listed in the generated `operations` module.
pub struct OperationFacts {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    pub tag: String,
    pub evidence: String,
    pub money_moving: bool,
    pub upload: bool,
}

/// Lists every operation of the spec (uploads included) in document order.
pub fn operations(spec: &OpenAPI) -> Result<Vec<OperationFacts>> {
    let mut facts = Vec::new();
    for (path, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            bail!("path {path} is a $ref; the spec must define its path items inline");
        };
        for (method, operation) in item.iter() {
            let operation_id = operation
                .operation_id
                .clone()
                .with_context(|| format!("{} {path} has no operationId", method.to_uppercase()))?;
            let flag = |key: &str| {
                operation
                    .extensions
                    .get(key)
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false)
            };
            facts.push(OperationFacts {
                method: method.to_uppercase(),
                path: path.clone(),
                tag: operation.tags.first().cloned().unwrap_or_default(),
                evidence: operation
                    .extensions
                    .get(EVIDENCE_EXTENSION)
                    .and_then(|v| v.as_str())
                    .with_context(|| {
                        format!("operation {operation_id} has no {EVIDENCE_EXTENSION}")
                    })?
                    .to_string(),
                money_moving: flag(MONEY_MOVING_EXTENSION),
                upload: flag(UPLOAD_EXTENSION),
                operation_id,
            });
        }
    }
    Ok(facts)
}

/// Returns the copy of the spec that progenitor generates from.
///
/// - Upload operations are removed, because progenitor rejects `multipart/form-data`.
/// - `pattern`, `minLength` and `maxLength` are dropped from string schemas, because typify
///   turns them into newtypes that reject a whole response when one server value falls
///   outside the documented rule. The spec keeps them for validation and for other teams.
pub fn for_generator(spec: &OpenAPI) -> OpenAPI {
    let mut spec = spec.clone();
    for (_, item) in spec.paths.paths.iter_mut() {
        if let ReferenceOr::Item(item) = item {
            for slot in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ] {
                let is_upload = slot.as_ref().is_some_and(|operation| {
                    operation
                        .extensions
                        .get(UPLOAD_EXTENSION)
                        .and_then(|v| v.as_bool())
                        == Some(true)
                });
                if is_upload {
                    *slot = None;
                }
            }
        }
    }
    spec.paths.paths.retain(|_, item| match item {
        ReferenceOr::Item(item) => item.iter().next().is_some(),
        ReferenceOr::Reference { .. } => true,
    });

    if let Some(components) = spec.components.as_mut() {
        for (_, schema) in components.schemas.iter_mut() {
            if let ReferenceOr::Item(schema) = schema {
                loosen(schema);
            }
        }
    }
    spec
}

fn loosen(schema: &mut openapiv3::Schema) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            string.pattern = None;
            string.min_length = None;
            string.max_length = None;
        }
        SchemaKind::Type(Type::Object(object)) => {
            for (_, property) in object.properties.iter_mut() {
                if let ReferenceOr::Item(property) = property {
                    loosen(property);
                }
            }
            if let Some(openapiv3::AdditionalProperties::Schema(extra)) =
                object.additional_properties.as_mut()
                && let ReferenceOr::Item(extra) = extra.as_mut()
            {
                loosen(extra);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(ReferenceOr::Item(items)) = array.items.as_mut() {
                loosen(items);
            }
        }
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list } => {
            for item in list.iter_mut() {
                if let ReferenceOr::Item(item) = item {
                    loosen(item);
                }
            }
        }
        _ => {}
    }
}

/// One entry of the spec's `x-webhooks` section.
pub struct WebhookFacts {
    pub name: String,
    pub operation_id: String,
    pub delivery_path: String,
    pub path_evidence: String,
    pub payload_schema: String,
    pub evidence: String,
}

/// Lists the `x-webhooks` entries, checking that each has a delivery path and a payload `$ref`.
pub fn webhooks(spec: &OpenAPI) -> Result<Vec<WebhookFacts>> {
    let Some(section) = spec.extensions.get("x-webhooks") else {
        return Ok(Vec::new());
    };
    let Some(section) = section.as_object() else {
        bail!("x-webhooks must be a map of webhook name to path item");
    };
    let mut facts = Vec::new();
    for (name, item) in section {
        let post = item
            .get("post")
            .with_context(|| format!("x-webhooks.{name} has no post operation"))?;
        let text = |key: &str| {
            post.get(key)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .with_context(|| format!("x-webhooks.{name}.post has no {key}"))
        };
        let reference = post
            .pointer("/requestBody/content/application~1json/schema/$ref")
            .and_then(|v| v.as_str())
            .with_context(|| {
                format!("x-webhooks.{name}.post has no application/json request body $ref")
            })?;
        let payload_schema = reference
            .strip_prefix("#/components/schemas/")
            .with_context(|| format!("x-webhooks.{name}: {reference} is not a component schema"))?
            .to_string();
        facts.push(WebhookFacts {
            name: name.clone(),
            operation_id: text("operationId")?,
            delivery_path: text("x-p100-delivery-path")?,
            path_evidence: text("x-p100-delivery-path-evidence")?,
            payload_schema,
            evidence: text(EVIDENCE_EXTENSION)?,
        });
    }
    Ok(facts)
}
