//! Checks the conventions of `spec/p100.yaml` that the SDK, the docs and other teams rely on.
//!
//! Covered: metadata and evidence on every operation and webhook, one `ApiError` for every
//! error response, the 200/201 rule, open objects and well-formed vendor extensions. The spec
//! must also cover every endpoint and webhook that P100's public docs list (the CSV fixtures).

use std::collections::{BTreeMap, BTreeSet};

use p100_workspace_tests::fixtures::{self, Record};
use p100_workspace_tests::spec::{self, Operation, Webhook};
use serde_json::Value;

const EVIDENCE_LEVELS: [&str; 3] = ["documented", "third-party", "inferred"];
const API_ERROR_REF: &str = "#/components/schemas/ApiError";
/// Error statuses every operation must declare.
const REQUIRED_ERROR_STATUSES: [&str; 4] = ["400", "401", "429", "5XX"];

/// Operations that move money: the SDK never resends them automatically. A change to this
/// list is a change to the SDK's retry safety, so it is spelled out here.
const MONEY_MOVING: [&str; 12] = [
    "createPartnerMasterTransfer",
    "createPartnerExchange",
    "createUserExchange",
    "createUser",
    "createUserWithoutKyc",
    "createCryptoWithdrawal",
    "createPartnerCryptoWithdrawal",
    "createTransfer",
    "createSepaTransfer",
    "createPartnerSepaTransfer",
    "createVirtualCard",
    "createOrder",
];

/// Operations that override the global `x-api-key` requirement with `security: []`: the
/// verification page is opened by the end user's browser, which cannot send the key.
const WITHOUT_API_KEY: [&str; 1] = ["getKycVerificationPage"];

/// Webhook names in the docs whose lower camel case form is not the `x-webhooks` key.
const WEBHOOK_NAME_EXCEPTIONS: [(&str, &str); 1] = [("P2P Transfer Webhook", "transfer")];

fn load() -> Value {
    spec::load().unwrap_or_else(|error| panic!("{error:#}"))
}

fn webhooks(spec: &Value) -> Vec<Webhook<'_>> {
    spec::webhooks(spec).unwrap_or_else(|error| panic!("{error:#}"))
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|text| !text.trim().is_empty())
}

fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
}

/// Checks the metadata that operations and webhook entries share.
fn metadata_problems(label: &str, operation: &Value, tags: &BTreeSet<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    for key in ["operationId", "summary", "description"] {
        if text(operation, key).is_none() {
            problems.push(format!("{label}: missing or empty {key}"));
        }
    }

    let operation_tags: Vec<&str> = operation
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if operation_tags.is_empty() {
        problems.push(format!("{label}: no tags"));
    }
    for tag in operation_tags.iter().filter(|tag| !tags.contains(*tag)) {
        problems.push(format!(
            "{label}: tag {tag} is not declared in the top-level tags"
        ));
    }

    match text(operation, "x-p100-evidence") {
        Some(level) if EVIDENCE_LEVELS.contains(&level) => {}
        other => problems.push(format!(
            "{label}: x-p100-evidence is {other:?}, not one of {EVIDENCE_LEVELS:?}"
        )),
    }

    let sources: Vec<&Value> = operation
        .get("x-p100-sources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    if sources.is_empty() {
        problems.push(format!("{label}: x-p100-sources is missing or empty"));
    }
    for source in sources {
        let is_url = source
            .as_str()
            .is_some_and(|url| url.starts_with("https://") && !url.contains(' '));
        if !is_url {
            problems.push(format!(
                "{label}: x-p100-sources entry {source} is not an https URL"
            ));
        }
    }
    problems
}

fn declared_tags(spec: &Value) -> BTreeSet<&str> {
    spec.get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|tag| tag.get("name").and_then(Value::as_str))
        .collect()
}

fn operation_metadata_problems(spec: &Value) -> Vec<String> {
    let tags = declared_tags(spec);
    spec::operations(spec)
        .iter()
        .flat_map(|operation| metadata_problems(&operation.label(), operation.value, &tags))
        .collect()
}

#[test]
fn operations_have_metadata() {
    let spec = load();
    assert_eq!(
        spec::operations(&spec).len(),
        57,
        "operation count changed; update this test and the fixtures"
    );
    assert_no_problems(
        "operations with incomplete metadata",
        &operation_metadata_problems(&spec),
    );
}

#[test]
fn every_tag_is_used() {
    let spec = load();
    let used: BTreeSet<&str> = spec::operations(&spec)
        .iter()
        .flat_map(|operation| {
            operation
                .value
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(Value::as_str)
        .collect();
    for tag in declared_tags(&spec) {
        assert!(
            used.contains(tag),
            "tag {tag} is declared but no operation uses it"
        );
    }
}

#[test]
fn operation_ids_are_unique() {
    let spec = load();
    let mut seen = BTreeMap::new();
    let operations = spec::operations(&spec);
    let webhook_entries = webhooks(&spec);
    let ids = operations
        .iter()
        .map(|operation| (operation.operation_id().to_string(), operation.label()))
        .chain(webhook_entries.iter().map(|hook| {
            let id = text(hook.post, "operationId")
                .unwrap_or_default()
                .to_string();
            (id, format!("x-webhooks.{}", hook.name))
        }));
    for (id, label) in ids {
        if let Some(first) = seen.insert(id.clone(), label.clone()) {
            panic!("operationId {id} is used by both {first} and {label}");
        }
    }
}

#[test]
fn error_codes_are_well_formed() {
    let spec = load();
    let mut problems = Vec::new();
    for operation in spec::operations(&spec) {
        let label = operation.label();
        let Some(codes) = operation
            .value
            .get("x-p100-error-codes")
            .and_then(Value::as_array)
        else {
            problems.push(format!("{label}: x-p100-error-codes is missing"));
            continue;
        };
        for entry in codes {
            let keys: BTreeSet<&str> = entry
                .as_object()
                .into_iter()
                .flatten()
                .map(|(key, _)| key.as_str())
                .collect();
            let code = entry
                .get("code")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let status = entry
                .get("status")
                .and_then(Value::as_u64)
                .unwrap_or_default();
            let name = entry.get("name");
            let code_ok = code.len() == 4
                && code.starts_with('P')
                && code[1..].chars().all(|c| c.is_ascii_digit());
            let name_ok = match name {
                Some(Value::Null) => true,
                Some(Value::String(name)) => {
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                }
                _ => false,
            };
            if keys != BTreeSet::from(["code", "name", "status"])
                || !code_ok
                || !(200..=599).contains(&status)
                || !name_ok
            {
                problems.push(format!("{label}: malformed error code entry {entry}"));
            }
        }
    }
    assert_no_problems("malformed x-p100-error-codes", &problems);
}

/// Returns the `$ref` of the JSON schema of a response, resolving a response `$ref` first.
fn response_schema_ref<'a>(spec: &'a Value, response: &'a Value) -> Option<&'a str> {
    let response = spec::resolve(spec, response).ok()?;
    response
        .pointer("/content/application~1json/schema/$ref")
        .and_then(Value::as_str)
}

fn responses(operation: &Operation<'_>) -> Vec<(String, Value)> {
    operation
        .value
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(status, response)| (status.clone(), response.clone()))
        .collect()
}

fn error_response_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for operation in spec::operations(spec) {
        let label = operation.label();
        let responses = responses(&operation);
        for status in REQUIRED_ERROR_STATUSES {
            if !responses.iter().any(|(code, _)| code == status) {
                problems.push(format!("{label}: no {status} response"));
            }
        }
        for (status, response) in &responses {
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            let reference = response_schema_ref(spec, response);
            if reference != Some(API_ERROR_REF) {
                problems.push(format!(
                    "{label}: {status} body is {reference:?}, not {API_ERROR_REF}"
                ));
            }
        }
        if responses.iter().any(|(status, _)| status == "default") {
            problems.push(format!(
                "{label}: has a `default` response, which the generator rejects"
            ));
        }
    }
    problems
}

#[test]
fn error_responses_use_api_error() {
    let spec = load();
    assert_no_problems(
        "error responses that break the ApiError rule",
        &error_response_problems(&spec),
    );
}

/// POST operations accept both 200 and 201, because P100 documents the success status of most
/// creates inconsistently or not at all. Other methods list 200 only. All success statuses
/// of an operation share one schema, because the generator allows one success type.
#[test]
fn success_statuses_follow_create_rule() {
    let spec = load();
    let mut problems = Vec::new();
    for operation in spec::operations(&spec) {
        let label = operation.label();
        let successes: Vec<(String, Value)> = responses(&operation)
            .into_iter()
            .filter(|(status, _)| status.starts_with('2'))
            .collect();
        let statuses: BTreeSet<&str> = successes
            .iter()
            .map(|(status, _)| status.as_str())
            .collect();

        let expected_ok = if operation.method == "POST" {
            statuses.contains("200") && statuses.contains("201")
        } else {
            statuses == BTreeSet::from(["200"])
        };
        if !expected_ok {
            problems.push(format!("{label}: success statuses {statuses:?}"));
        }

        let schemas: BTreeSet<String> = successes
            .iter()
            .map(|(_, response)| {
                let content = response.get("content").cloned().unwrap_or(Value::Null);
                content
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(media, body)| {
                        format!("{media} {}", body.get("schema").unwrap_or(&Value::Null))
                    })
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        if schemas.len() > 1 {
            problems.push(format!(
                "{label}: success responses differ in schema: {schemas:?}"
            ));
        }
    }
    assert_no_problems("operations that break the 200/201 rule", &problems);
}

#[test]
fn money_moving_operations_are_listed() {
    let spec = load();
    let flagged: BTreeSet<&str> = spec::operations(&spec)
        .into_iter()
        .filter(|operation| operation.value.get("x-p100-money-moving") == Some(&Value::Bool(true)))
        .map(|operation| {
            assert_eq!(
                operation.method,
                "POST",
                "{} moves money but is not a POST",
                operation.label()
            );
            operation.operation_id()
        })
        .collect();
    assert_eq!(flagged, BTreeSet::from(MONEY_MOVING));
}

#[test]
fn uploads_are_multipart() {
    let spec = load();
    let mut uploads = 0;
    for operation in spec::operations(&spec) {
        let flagged = operation.value.get("x-p100-upload") == Some(&Value::Bool(true));
        let multipart = operation
            .value
            .pointer("/requestBody/content/multipart~1form-data")
            .is_some();
        assert_eq!(
            flagged,
            multipart,
            "{}: x-p100-upload must mark exactly the multipart bodies",
            operation.label()
        );
        uploads += usize::from(flagged);
    }
    assert_eq!(uploads, 2, "expected the KYC and POA file uploads");
}

#[test]
fn api_key_is_required_except_verification_page() {
    let spec = load();
    assert_eq!(
        spec.pointer("/security/0/apiKey"),
        Some(&Value::Array(Vec::new()))
    );
    let scheme = spec
        .pointer("/components/securitySchemes/apiKey")
        .expect("apiKey scheme");
    assert_eq!(scheme.get("type").and_then(Value::as_str), Some("apiKey"));
    assert_eq!(scheme.get("in").and_then(Value::as_str), Some("header"));
    assert_eq!(
        scheme.get("name").and_then(Value::as_str),
        Some("x-api-key")
    );

    let overrides: BTreeSet<&str> = spec::operations(&spec)
        .into_iter()
        .filter(|operation| operation.value.get("security").is_some())
        .map(|operation| operation.operation_id())
        .collect();
    assert_eq!(overrides, BTreeSet::from(WITHOUT_API_KEY));
}

#[test]
fn webhook_schemas_match_entries() {
    let spec = load();
    let entries = webhooks(&spec);
    let schemas: BTreeSet<&str> = spec::component_schemas(&spec)
        .into_iter()
        .flatten()
        .map(|(name, _)| name.as_str())
        .filter(|name| name.ends_with("Webhook"))
        .collect();
    let payloads: BTreeSet<&str> = entries.iter().filter_map(Webhook::payload_schema).collect();

    assert_eq!(
        entries.len(),
        16,
        "webhook count changed; update this test and the fixtures"
    );
    assert_eq!(
        payloads.len(),
        entries.len(),
        "two x-webhooks entries share a payload schema"
    );
    let without_entry: Vec<_> = schemas.difference(&payloads).collect();
    let without_schema: Vec<_> = payloads.difference(&schemas).collect();
    assert!(
        without_entry.is_empty(),
        "schemas ending in Webhook without an x-webhooks entry: {without_entry:?}"
    );
    assert!(
        without_schema.is_empty(),
        "x-webhooks payloads not named *Webhook: {without_schema:?}"
    );
}

fn webhook_entry_problems(spec: &Value) -> Vec<String> {
    let tags = declared_tags(spec);
    let mut problems = Vec::new();
    let mut paths = BTreeMap::new();
    for hook in webhooks(spec) {
        let label = format!("x-webhooks.{}", hook.name);
        problems.extend(metadata_problems(&label, hook.post, &tags));

        match hook.delivery_path() {
            Some(path) if path.starts_with('/') && !path.contains(' ') => {
                if let Some(other) = paths.insert(path.to_string(), label.clone()) {
                    problems.push(format!(
                        "{label}: delivery path {path} is also used by {other}"
                    ));
                }
            }
            other => problems.push(format!("{label}: x-p100-delivery-path is {other:?}")),
        }
        let path_evidence = text(hook.post, "x-p100-delivery-path-evidence");
        if !matches!(path_evidence, Some("documented" | "inferred")) {
            problems.push(format!(
                "{label}: x-p100-delivery-path-evidence is {path_evidence:?}"
            ));
        }
        if hook.post.get("security") != Some(&Value::Array(Vec::new())) {
            problems.push(format!(
                "{label}: security must be [] (P100 sends no API key)"
            ));
        }
        let authorization = hook
            .post
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|p| {
                p.get("name") == Some(&"Authorization".into())
                    && p.get("in") == Some(&"header".into())
                    && p.get("required") == Some(&Value::Bool(true))
            });
        if !authorization {
            problems.push(format!(
                "{label}: no required Authorization header parameter"
            ));
        }
        if hook.post.pointer("/responses/200").is_none() {
            problems.push(format!("{label}: no 200 response"));
        }
    }
    problems
}

#[test]
fn webhook_entries_are_complete() {
    let spec = load();
    assert_no_problems(
        "incomplete x-webhooks entries",
        &webhook_entry_problems(&spec),
    );
}

/// Collects the JSON pointer of every `additionalProperties: false` in `value`.
fn closed_objects(value: &Value, pointer: String, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer =
                    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                if key == "additionalProperties" && child == &Value::Bool(false) {
                    found.push(child_pointer.clone());
                }
                closed_objects(child, child_pointer, found);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                closed_objects(child, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn no_closed_objects() {
    let spec = load();
    let mut found = Vec::new();
    closed_objects(&spec, String::new(), &mut found);
    assert!(
        found.is_empty(),
        "additionalProperties: false makes the generator reject unknown response fields; remove it at: {found:?}"
    );

    let mut probe = Vec::new();
    closed_objects(
        &serde_json::json!({"a": {"additionalProperties": false}}),
        String::new(),
        &mut probe,
    );
    assert_eq!(
        probe,
        vec!["/a/additionalProperties"],
        "the walker misses closed objects"
    );
}

fn extension_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    check_extensions(spec, String::new(), &mut problems);
    problems
}

#[test]
fn extensions_are_well_formed() {
    let spec = load();
    assert_no_problems("malformed x-p100 extensions", &extension_problems(&spec));
}

fn string_list(value: &Value) -> Option<Vec<&str>> {
    value.as_array()?.iter().map(Value::as_str).collect()
}

/// Checks each `x-p100-*` flag and list where it appears, and that the inferred values and
/// fields name members of the schema that carries them.
fn check_extensions(value: &Value, pointer: String, problems: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for flag in ["x-p100-money-moving", "x-p100-upload", "x-p100-sensitive"] {
                if let Some(flag_value) = map.get(flag)
                    && flag_value != &Value::Bool(true)
                {
                    problems.push(format!(
                        "{pointer}: {flag} must be true when present, found {flag_value}"
                    ));
                }
            }
            for list in [
                "x-p100-known-values",
                "x-p100-inferred-values",
                "x-p100-inferred-fields",
            ] {
                let Some(list_value) = map.get(list) else {
                    continue;
                };
                let Some(items) = string_list(list_value).filter(|items| !items.is_empty()) else {
                    problems.push(format!(
                        "{pointer}: {list} must be a non-empty list of strings"
                    ));
                    continue;
                };
                let members: Vec<&str> = match list {
                    "x-p100-inferred-values" => {
                        map.get("enum").and_then(string_list).unwrap_or_default()
                    }
                    "x-p100-inferred-fields" => map
                        .get("properties")
                        .and_then(Value::as_object)
                        .map(|properties| properties.keys().map(String::as_str).collect())
                        .unwrap_or_default(),
                    _ => continue,
                };
                for item in items.iter().filter(|item| !members.contains(item)) {
                    problems.push(format!(
                        "{pointer}: {list} names {item}, which the schema does not define"
                    ));
                }
            }
            for (key, child) in map {
                check_extensions(child, format!("{pointer}/{key}"), problems);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                check_extensions(child, format!("{pointer}/{index}"), problems);
            }
        }
        _ => {}
    }
}

/// Returns a path template with every `{parameter}` name removed, so `/v1/kyc/status/{id}` and
/// `/v1/kyc/status/{externalUserId}` compare equal: the docs do not always name parameters.
fn path_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_parameter = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                shape.push_str("{}");
            }
            '}' => in_parameter = false,
            _ if in_parameter => {}
            _ => shape.push(c),
        }
    }
    shape
}

fn evidence_rank(level: &str) -> usize {
    EVIDENCE_LEVELS.len()
        - EVIDENCE_LEVELS
            .iter()
            .position(|l| *l == level)
            .unwrap_or(EVIDENCE_LEVELS.len())
}

fn read_fixture(name: &str) -> Vec<Record> {
    fixtures::read_csv(name).unwrap_or_else(|error| panic!("{error:#}"))
}

/// Lists where `endpoints.csv` and the spec disagree. Each docs endpoint must be an operation
/// (and the reverse), with the strongest evidence among its docs rows, because several docs
/// pages can describe one endpoint.
fn endpoint_fixture_problems(spec: &Value, rows: &[Record]) -> Vec<String> {
    let operations: BTreeMap<(String, String), Operation<'_>> = spec::operations(spec)
        .into_iter()
        .map(|operation| {
            (
                (operation.method.to_string(), path_shape(operation.path)),
                operation,
            )
        })
        .collect();
    let mut strongest: BTreeMap<(String, String), &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for row in rows {
        let key = (row["method"].clone(), path_shape(&row["path"]));
        if !operations.contains_key(&key) {
            problems.push(format!(
                "{} {} ({}) is not an operation of the spec",
                row["method"], row["path"], row["docs_name"]
            ));
        }
        let evidence = row["evidence"].as_str();
        let entry = strongest.entry(key).or_insert(evidence);
        if evidence_rank(evidence) > evidence_rank(entry) {
            *entry = evidence;
        }
    }
    for (key, operation) in &operations {
        let Some(evidence) = strongest.get(key) else {
            problems.push(format!(
                "{} is in the spec but not in endpoints.csv; add the row",
                operation.label()
            ));
            continue;
        };
        let spec_evidence = text(operation.value, "x-p100-evidence").unwrap_or_default();
        if spec_evidence != *evidence {
            problems.push(format!(
                "{}: x-p100-evidence is {spec_evidence}, the docs support {evidence}",
                operation.label()
            ));
        }
    }
    problems
}

#[test]
fn endpoint_fixture_matches_spec() {
    let spec = load();
    let rows = read_fixture("endpoints.csv");
    assert_eq!(rows.len(), 66, "endpoints.csv changed size");
    assert_no_problems(
        "endpoints.csv and the spec disagree",
        &endpoint_fixture_problems(&spec, &rows),
    );
}

/// Returns the lower camel case key that a docs webhook name maps to: `KYC File Added` gives
/// `kycFileAdded`, and a trailing ` Webhook` is dropped.
fn webhook_key(docs_name: &str) -> String {
    if let Some((_, key)) = WEBHOOK_NAME_EXCEPTIONS
        .iter()
        .find(|(name, _)| *name == docs_name)
    {
        return (*key).to_string();
    }
    let name = docs_name.strip_suffix(" Webhook").unwrap_or(docs_name);
    let mut key = String::new();
    for (index, word) in name.split_whitespace().enumerate() {
        let word = word.to_lowercase();
        if index == 0 {
            key.push_str(&word);
            continue;
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            key.extend(first.to_uppercase());
            key.push_str(chars.as_str());
        }
    }
    key
}

#[test]
fn webhook_key_normalises_names() {
    assert_eq!(webhook_key("KYC File Added"), "kycFileAdded");
    assert_eq!(webhook_key("Card 3DS Code"), "card3dsCode");
    assert_eq!(webhook_key("IBAN Status"), "ibanStatus");
    assert_eq!(webhook_key("P2P Transfer Webhook"), "transfer");
}

/// Every webhook the docs list must be an `x-webhooks` entry with the same evidence. A delivery
/// path that the docs give must be the spec's path and be marked documented. The other paths
/// must be marked inferred.
#[test]
fn webhook_fixture_matches_spec() {
    let spec = load();
    let rows = read_fixture("webhooks.csv");
    let entries: BTreeMap<&str, Webhook<'_>> = webhooks(&spec)
        .into_iter()
        .map(|hook| (hook.name, hook))
        .collect();
    assert_eq!(
        rows.len(),
        entries.len(),
        "webhooks.csv and x-webhooks differ in size"
    );

    let mut problems = Vec::new();
    let mut matched = BTreeSet::new();
    for row in &rows {
        let name = &row["docs_name"];
        let key = webhook_key(name);
        let Some(hook) = entries.get(key.as_str()) else {
            problems.push(format!(
                "docs webhook {name:?} (key {key}) has no x-webhooks entry"
            ));
            continue;
        };
        matched.insert(key.clone());

        let evidence = text(hook.post, "x-p100-evidence").unwrap_or_default();
        if evidence != row["evidence"] {
            problems.push(format!(
                "x-webhooks.{key}: evidence {evidence}, docs support {}",
                row["evidence"]
            ));
        }
        let path = hook.delivery_path().unwrap_or_default();
        let path_evidence = text(hook.post, "x-p100-delivery-path-evidence").unwrap_or_default();
        let documented_path = row["delivery_path"].as_str();
        if documented_path == "UNKNOWN" {
            if path_evidence != "inferred" {
                problems.push(format!(
                    "x-webhooks.{key}: the docs give no path, so its evidence must be inferred"
                ));
            }
        } else if path != documented_path || path_evidence != "documented" {
            problems.push(format!(
                "x-webhooks.{key}: delivery path {path} ({path_evidence}), the docs give {documented_path}"
            ));
        }
    }
    assert_eq!(
        matched.len(),
        rows.len(),
        "two docs webhooks map to one entry"
    );
    assert_no_problems("webhooks.csv and x-webhooks disagree", &problems);
}

/// Each checker above must report a spec that breaks its rule; otherwise a green run proves
/// nothing.
#[test]
fn checkers_detect_broken_specs() {
    let spec = load();
    let rows = read_fixture("endpoints.csv");
    type Checker = fn(&Value, &[Record]) -> Vec<String>;
    let cases: [(&str, &str, Value, Checker); 8] = [
        (
            "missing sources",
            "/paths/~1v1~1partner~1balances/get/x-p100-sources",
            Value::Array(Vec::new()),
            |spec, _| operation_metadata_problems(spec),
        ),
        (
            "unknown evidence level",
            "/paths/~1v1~1partner~1balances/get/x-p100-evidence",
            Value::from("guessed"),
            |spec, _| operation_metadata_problems(spec),
        ),
        (
            "error body that is not ApiError",
            "/paths/~1v1~1partner~1balances/get/responses/429",
            serde_json::json!({"description": "x", "content": {"application/json": {"schema": {"type": "object"}}}}),
            |spec, _| error_response_problems(spec),
        ),
        (
            "duplicate delivery path",
            "/x-webhooks/exchange/post/x-p100-delivery-path",
            Value::from("/transfer-webhook"),
            |spec, _| webhook_entry_problems(spec),
        ),
        (
            "webhook without Authorization",
            "/x-webhooks/exchange/post/parameters",
            Value::Array(Vec::new()),
            |spec, _| webhook_entry_problems(spec),
        ),
        (
            "inferred value outside the enum",
            "/components/schemas/ExchangeStatus/x-p100-inferred-values",
            serde_json::json!(["CANCELLED"]),
            |spec, _| extension_problems(spec),
        ),
        (
            "money-moving flag that is not true",
            "/paths/~1v1~1exchange/post/x-p100-money-moving",
            Value::from("yes"),
            |spec, _| extension_problems(spec),
        ),
        (
            "operation evidence stronger than the docs",
            "/paths/~1v1~1partner~1transactions/get/x-p100-evidence",
            Value::from("documented"),
            endpoint_fixture_problems,
        ),
    ];
    for (case, pointer, replacement, checker) in cases {
        let mut broken = spec.clone();
        *broken
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{case}: nothing at {pointer}")) = replacement;
        assert!(
            !checker(&broken, &rows).is_empty(),
            "{case} was not reported"
        );
    }

    let mut without_operation = spec.clone();
    let paths = without_operation["paths"].as_object_mut().expect("paths");
    paths.remove("/v1/partner/balances");
    assert!(
        !endpoint_fixture_problems(&without_operation, &rows).is_empty(),
        "a docs endpoint missing from the spec was not reported"
    );
}
