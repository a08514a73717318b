//! Renders `schemas/index.json` and the two READMEs of the docs folder from templates.

use anyhow::{Result, bail};
use serde_json::json;

use super::SchemaEntry;
use super::json_schema::DRAFT_2020_12;
use super::redoc::{REDOCLY_PACKAGE, REDOCLY_VERSION};

const FOLDER_TEMPLATE: &str = include_str!("folder-readme.md");
const SCHEMAS_TEMPLATE: &str = include_str!("schemas-readme.md");

/// Renders `schemas/index.json`: one entry per file, webhooks first, then components.
pub fn index_json(entries: &[SchemaEntry], version: &str) -> Result<String> {
    let mut ordered: Vec<&SchemaEntry> = entries.iter().collect();
    ordered.sort_by_key(|e| (e.kind != "webhook", e.name.clone()));
    let schemas: Vec<serde_json::Value> = ordered
        .iter()
        .map(|entry| {
            let mut item = json!({
                "name": entry.name,
                "file": entry.file,
                "kind": entry.kind,
                "description": entry.description,
            });
            if let Some(evidence) = &entry.evidence {
                item["evidence"] = json!(evidence);
            }
            if let Some(hook) = entry.webhook {
                item["webhook"] = json!(hook.name);
                item["operationId"] = json!(hook.operation_id);
                item["deliveryPath"] = json!(hook.delivery_path);
                item["deliveryPathEvidence"] = json!(hook.path_evidence);
            }
            item
        })
        .collect();
    let index = json!({
        "specVersion": version,
        "dialect": DRAFT_2020_12,
        "schemas": schemas,
    });
    Ok(serde_json::to_string_pretty(&index)? + "\n")
}

/// Renders `schemas/README.md`.
pub fn schemas_readme(entries: &[SchemaEntry], version: &str) -> Result<String> {
    let webhooks = entries.iter().filter(|e| e.kind == "webhook").count();
    render(
        SCHEMAS_TEMPLATE,
        &[
            ("version", version.to_string()),
            ("count", entries.len().to_string()),
            ("webhooks", webhooks.to_string()),
            ("components", (entries.len() - webhooks).to_string()),
        ],
    )
}

/// Renders the folder's `README.md`.
pub fn folder_readme(entries: &[SchemaEntry], version: &str, operations: usize) -> Result<String> {
    let webhooks: Vec<&SchemaEntry> = entries.iter().filter(|e| e.kind == "webhook").collect();
    let mut table = String::from(
        "| webhook | delivered to (path evidence) | payload schema | evidence |\n|---|---|---|---|\n",
    );
    let mut sorted = webhooks.clone();
    sorted.sort_by_key(|e| e.webhook.map(|w| w.name.clone()));
    for entry in &sorted {
        let Some(hook) = entry.webhook else { continue };
        table.push_str(&format!(
            "| `{}` | `{}` ({}) | [`schemas/{}`](schemas/{}) | {} |\n",
            hook.name,
            hook.delivery_path,
            hook.path_evidence,
            entry.file,
            entry.file,
            hook.evidence
        ));
    }
    render(
        FOLDER_TEMPLATE,
        &[
            ("version", version.to_string()),
            ("operations", operations.to_string()),
            ("count", entries.len().to_string()),
            ("webhooks", webhooks.len().to_string()),
            ("components", (entries.len() - webhooks.len()).to_string()),
            ("webhook_table", table.trim_end().to_string()),
            ("redocly", format!("{REDOCLY_PACKAGE}@{REDOCLY_VERSION}")),
        ],
    )
}

/// Replaces every `{{name}}` in `template`; fails when one is left unfilled.
fn render(template: &str, values: &[(&str, String)]) -> Result<String> {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{{{name}}}}}"), value);
    }
    if let Some(start) = text.find("{{") {
        let rest = &text[start..];
        let end = rest.find("}}").map(|e| e + 2).unwrap_or(rest.len().min(40));
        bail!("README template placeholder {} has no value", &rest[..end]);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_fills_placeholders() {
        let text = render("a {{x}} b {{y}}", &[("x", "1".into()), ("y", "2".into())]).unwrap();
        assert_eq!(text, "a 1 b 2");
    }

    #[test]
    fn render_rejects_unfilled_placeholder() {
        let error = render("a {{missing}}", &[]).unwrap_err();
        assert!(error.to_string().contains("{{missing}}"), "{error}");
    }
}
