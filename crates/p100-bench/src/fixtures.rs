//! Bodies the benchmarks send and decode, built from the examples in `spec/p100.yaml` so that
//! every benchmark works on the documented shapes.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use serde_json::{Value, json};

/// API key the benchmarks send; the fixed server does not check it.
pub const API_KEY: &str = "bench-api-key";

/// Path of the spec in this workspace.
pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/p100.yaml")
}

/// The spec parsed into JSON.
#[derive(Debug, Clone)]
pub struct Spec {
    document: Value,
}

impl Spec {
    /// Reads and parses `spec/p100.yaml`.
    ///
    /// # Errors
    /// When the file cannot be read or is not valid YAML.
    pub fn load() -> Result<Self> {
        let path = spec_path();
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("failed to read the spec at {}", path.display()))?;
        let document: Value = serde_yaml_ng::from_str(&text)
            .with_context(|| format!("failed to parse the spec at {}", path.display()))?;
        Ok(Self { document })
    }

    /// Finds the operation object with `operation_id`.
    fn operation(&self, operation_id: &str) -> Result<&Value> {
        let paths = self.document["paths"]
            .as_object()
            .ok_or_else(|| anyhow!("the spec has no `paths` object"))?;
        paths
            .values()
            .filter_map(Value::as_object)
            .flat_map(|item| item.values())
            .find(|operation| operation["operationId"] == operation_id)
            .ok_or_else(|| anyhow!("operation {operation_id:?} not found in the spec"))
    }

    /// Returns the JSON example of the response with `status` of `operation_id`.
    ///
    /// # Errors
    /// When the operation or its example is missing.
    pub fn response_example(&self, operation_id: &str, status: &str) -> Result<Value> {
        let example = &self.operation(operation_id)?["responses"][status]["content"]["application/json"]
            ["example"];
        if example.is_null() {
            return Err(anyhow!(
                "operation {operation_id:?} has no JSON example for status {status}"
            ));
        }
        Ok(example.clone())
    }

    /// Returns the JSON example of the request body of `operation_id`.
    ///
    /// # Errors
    /// When the operation or its example is missing.
    pub fn request_example(&self, operation_id: &str) -> Result<Value> {
        let example =
            &self.operation(operation_id)?["requestBody"]["content"]["application/json"]["example"];
        if example.is_null() {
            return Err(anyhow!("operation {operation_id:?} has no request example"));
        }
        Ok(example.clone())
    }

    /// Returns the `example` of the component schema `name`.
    ///
    /// # Errors
    /// When the schema or its example is missing.
    pub fn schema_example(&self, name: &str) -> Result<Value> {
        let example = &self.document["components"]["schemas"][name]["example"];
        if example.is_null() {
            return Err(anyhow!("schema {name:?} has no example"));
        }
        Ok(example.clone())
    }

    /// Returns the `enum` values of the component schema `name`.
    ///
    /// # Errors
    /// When the schema has no `enum` list.
    pub fn schema_enum(&self, name: &str) -> Result<Vec<String>> {
        let values = self.document["components"]["schemas"][name]["enum"]
            .as_array()
            .ok_or_else(|| anyhow!("schema {name:?} has no enum list"))?;
        Ok(values
            .iter()
            .filter_map(|value| value.as_str().map(str::to_string))
            .collect())
    }
}

/// Bodies of the client overhead and decoding benchmarks.
#[derive(Debug, Clone)]
pub struct Bodies {
    /// Response of `getPartnerBalances` (the spec's example).
    pub balances: Vec<u8>,
    /// Request of `createPartnerExchange` (the spec's example).
    pub exchange_request: Value,
    /// Response of `createPartnerExchange` (the spec's example).
    pub exchange_created: Vec<u8>,
}

impl Bodies {
    /// Builds the bodies from the spec's examples.
    ///
    /// # Errors
    /// When an example is missing from the spec.
    pub fn from_spec(spec: &Spec) -> Result<Self> {
        let balances = spec.response_example("getPartnerBalances", "200")?;
        let exchange_request = spec.request_example("createPartnerExchange")?;
        let exchange_created = spec.response_example("createPartnerExchange", "200")?;
        Ok(Self {
            balances: serde_json::to_vec(&balances)?,
            exchange_request,
            exchange_created: serde_json::to_vec(&exchange_created)?,
        })
    }
}

/// Builds a transaction history page of `items` transactions from the spec's `Transaction`
/// example, cycling through every documented transaction type and several currencies, with
/// distinct ids, amounts, fees and timestamps.
///
/// # Errors
/// When the spec lacks the `Transaction` example or the `TransactionType` enum.
pub fn transaction_page(spec: &Spec, items: usize) -> Result<Vec<u8>> {
    const CURRENCIES: [&str; 5] = ["eur", "btc", "eth", "usdt", "usdc"];
    let template = spec.schema_example("Transaction")?;
    let types = spec.schema_enum("TransactionType")?;

    let transactions: Vec<Value> = (0..items)
        .map(|index| {
            let mut item = template.clone();
            item["id"] = json!(format!("7fb02323-969a-4936-94ea-{index:012}"));
            item["type"] = json!(types[index % types.len()]);
            item["currency"] = json!(CURRENCIES[index % CURRENCIES.len()]);
            item["amount"] = json!(format!("{}.{:02}", 10 + index * 7, index % 100));
            item["fee"] = json!(format!("0.{:02}", index % 100));
            item["externalUserId"] = if index % 3 == 0 {
                Value::Null
            } else {
                json!(format!("user-{:04}", index % 50))
            };
            item["createdAt"] = json!(format!(
                "2024-01-{:02}T12:{:02}:{:02}.{:03}Z",
                1 + index % 28,
                index % 60,
                (index * 7) % 60,
                index % 1000
            ));
            item
        })
        .collect();
    let page = json!({
        "transactions": transactions,
        "page": 1,
        "limit": items,
        "total": items,
    });
    Ok(serde_json::to_vec(&page)?)
}
