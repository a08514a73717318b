"""Validate the spec's examples and the SDK's webhook fixtures against the JSON Schemas
that `cargo xtask docs` exports, with the Python `jsonschema` package (draft 2020-12).

Usage: 30-docs-schemas.py DOCS_DIR SPEC [FIXTURES_DIR]

Checks, in order:
1. every exported file is a valid draft 2020-12 schema and index.json lists exactly the files;
2. every `examples` entry inside every exported schema validates against its own subschema;
3. every example in the spec (media types, parameters, components.responses, x-webhooks)
   validates against the exported schema of the component it refers to;
4. every JSON fixture under FIXTURES_DIR whose name matches a webhook validates against
   that webhook's payload schema;
5. payloads broken on purpose are rejected, so the schemas are not vacuous.
Prints one line per failure and a summary; exits 1 on any failure.
"""

import copy
import json
import re
import sys
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COMPONENT_PREFIX = "#/components/schemas/"
# Keywords whose value is one subschema, a list of subschemas or a map of subschemas.
SINGLE = ("items", "not", "additionalProperties", "contains", "if", "then", "else")
LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")

failures = []
counts = {}


def count(kind):
    counts[kind] = counts.get(kind, 0) + 1


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def load_exported(docs_dir):
    """Load index.json and every schema file; return {name: schema} and the registry."""
    schemas_dir = docs_dir / "schemas"
    index = json.loads((schemas_dir / "index.json").read_text())
    listed = {entry["file"]: entry for entry in index["schemas"]}
    on_disk = {p.name for p in schemas_dir.glob("*.json") if p.name != "index.json"}
    for missing in sorted(set(listed) - on_disk):
        fail(f"index.json lists {missing}, which does not exist")
    for unlisted in sorted(on_disk - set(listed)):
        fail(f"{unlisted} is not listed in index.json")

    schemas = {}
    registry = Registry()
    for file, entry in listed.items():
        path = schemas_dir / file
        if not path.exists():
            continue
        schema = json.loads(path.read_text())
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as error:  # jsonschema raises SchemaError with the failing keyword
            fail(f"{file} is not a valid draft 2020-12 schema: {error.message}")
            continue
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            fail(f"{file} does not declare the draft 2020-12 $schema")
        if "$ref" in json.dumps(schema) and not all_refs_local(schema):
            fail(f"{file} has a $ref that does not stay inside the file")
        schemas[entry["name"]] = schema
        registry = registry.with_resource(schema["$id"], Resource(schema, DRAFT202012))
        count("schema files")
    return index, schemas, registry


def all_refs_local(node):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return False
        return all(all_refs_local(v) for v in node.values())
    if isinstance(node, list):
        return all(all_refs_local(v) for v in node)
    return True


def validator_for(registry, schema_id, pointer=""):
    """Return a validator for the subschema at `pointer` of the document `schema_id`."""
    return Draft202012Validator({"$ref": f"{schema_id}#{pointer}"}, registry=registry)


def errors_of(validator, instance):
    return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def report(errors, where):
    for error in errors[:3]:
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        fail(f"{where}: at {path}: {error.message}")


def walk_schema(node, pointer, visit):
    """Call visit(subschema, pointer) for every subschema, following schema keywords only."""
    if not isinstance(node, dict):
        return
    visit(node, pointer)
    for key in SINGLE:
        if isinstance(node.get(key), dict):
            walk_schema(node[key], f"{pointer}/{key}", visit)
    for key in LISTS:
        for index, item in enumerate(node.get(key) or []):
            walk_schema(item, f"{pointer}/{key}/{index}", visit)
    for key in MAPS:
        for name, item in (node.get(key) or {}).items():
            escaped = name.replace("~", "~0").replace("/", "~1")
            walk_schema(item, f"{pointer}/{key}/{escaped}", visit)


def check_embedded_examples(schemas, registry):
    for name, schema in schemas.items():

        def visit(subschema, pointer):
            for position, example in enumerate(subschema.get("examples") or []):
                count("examples inside the schemas")
                errors = errors_of(validator_for(registry, schema["$id"], pointer), example)
                report(errors, f"{name}.json#{pointer} examples[{position}]")

        walk_schema(schema, "", visit)


def convert_inline(schema, schemas):
    """Convert a small inline OpenAPI 3.0 schema (parameters, text bodies) to 2020-12.

    Component references become references to the exported documents by $id.
    """
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target = schema["$ref"].removeprefix(COMPONENT_PREFIX)
        return {"$ref": schemas[target]["$id"]}
    out = {}
    for key, value in schema.items():
        if key in ("example", "nullable"):
            continue
        if key in ("items", "not", "additionalProperties") and isinstance(value, dict):
            out[key] = convert_inline(value, schemas)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [convert_inline(v, schemas) for v in value]
        elif key == "properties":
            out[key] = {k: convert_inline(v, schemas) for k, v in value.items()}
        else:
            out[key] = value
    if schema.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


def spec_validator(schema, schemas, registry):
    ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
    if ref.startswith(COMPONENT_PREFIX):
        name = ref.removeprefix(COMPONENT_PREFIX)
        if name not in schemas:
            return None, f"{name} has no exported schema"
        return validator_for(registry, schemas[name]["$id"]), None
    return Draft202012Validator(convert_inline(schema, schemas), registry=registry), None


def media_examples(content):
    """Yield (label, example, schema) for each example of a content map."""
    for media_type, media in (content or {}).items():
        schema = media.get("schema")
        if schema is None:
            continue
        if "example" in media:
            yield media_type, media["example"], schema
        for name, entry in (media.get("examples") or {}).items():
            if "value" in entry:
                yield f"{media_type} examples.{name}", entry["value"], schema


def check_spec_examples(spec, schemas, registry):
    def check(where, example, schema, kind):
        validator, problem = spec_validator(schema, schemas, registry)
        if problem:
            fail(f"{where}: {problem}")
            return
        count(kind)
        report(errors_of(validator, example), where)

    def check_operation(label, operation, body_kind="request body examples"):
        for parameter in operation.get("parameters") or []:
            if "example" in parameter and "schema" in parameter:
                where = f"{label} parameter {parameter.get('name')}"
                check(where, parameter["example"], parameter["schema"], "parameter examples")
        body = operation.get("requestBody") or {}
        for media, example, schema in media_examples(body.get("content")):
            check(f"{label} request {media}", example, schema, body_kind)
        for status, response in (operation.get("responses") or {}).items():
            for media, example, schema in media_examples(response.get("content")):
                check(f"{label} {status} {media}", example, schema, "response examples")

    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            if method in item:
                check_operation(f"{method.upper()} {path}", item[method])
    for name, item in (spec.get("x-webhooks") or {}).items():
        for method in METHODS:
            if method in item:
                check_operation(f"x-webhooks.{name}", item[method], "webhook payload examples")
    for name, response in (spec.get("components", {}).get("responses") or {}).items():
        for media, example, schema in media_examples(response.get("content")):
            check(f"components.responses.{name} {media}", example, schema, "response examples")


def normalise(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


def check_fixtures(fixtures_dir, index, registry):
    """Validate the JSON fixtures whose file name names a webhook."""
    if fixtures_dir is None or not fixtures_dir.is_dir():
        where = fixtures_dir if fixtures_dir else "(none given)"
        print(f"note: no webhook fixture folder at {where}; the spec's x-webhooks examples "
              "above are the webhook payloads checked")
        return
    by_key = {}
    envelope = None
    for entry in index["schemas"]:
        if entry["name"] == "WebhookEnvelope":
            envelope = entry
        if entry["kind"] != "webhook":
            continue
        for key in (entry["name"], entry.get("webhook", ""), entry.get("operationId", ""),
                    entry.get("deliveryPath", "")):
            if key:
                by_key[normalise(key)] = entry
    fixtures = sorted(fixtures_dir.rglob("*.json"))
    matched = 0
    for fixture in fixtures:
        entry = by_key.get(normalise(fixture.stem))
        payload = json.loads(fixture.read_text())
        if entry is None and isinstance(payload, dict) and {"event_type", "data"} <= payload.keys():
            entry = envelope
        if entry is None:
            print(f"note: {fixture} does not name a webhook; not validated")
            continue
        matched += 1
        count("webhook fixtures")
        schema_id = json.loads((DOCS / "schemas" / entry["file"]).read_text())["$id"]
        report(errors_of(validator_for(registry, schema_id), payload), str(fixture))
    print(f"note: {matched} of {len(fixtures)} JSON files under {fixtures_dir} are webhook fixtures")


def check_rejections(schemas, registry):
    """Payloads broken on purpose must fail, or the schemas would accept anything."""
    deposit = schemas["CryptoDepositWebhook"]["examples"][0]
    broken = {
        "amount as text that is not a number": {**deposit, "amount": "ten"},
        "unknown status value": {**deposit, "status": "NOT_A_STATUS"},
        "missing required cryptoDepositId": {k: v for k, v in deposit.items()
                                             if k != "cryptoDepositId"},
        "null for a non-nullable field": {**deposit, "currency": None},
    }
    validator = validator_for(registry, schemas["CryptoDepositWebhook"]["$id"])
    for label, payload in broken.items():
        count("rejections checked")
        if not errors_of(validator, payload):
            fail(f"CryptoDepositWebhook accepted a payload with {label}")
    nullable = copy.deepcopy(schemas["TransferWebhook"]["examples"][0])
    nullable["sourceExternalUserId"] = None
    count("rejections checked")
    report(errors_of(validator_for(registry, schemas["TransferWebhook"]["$id"]), nullable),
           "TransferWebhook with a null nullable field")


DOCS = Path(sys.argv[1])


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    spec = yaml.safe_load(Path(sys.argv[2]).read_text())
    fixtures_dir = Path(sys.argv[3]) if len(sys.argv) > 3 else None

    index, schemas, registry = load_exported(DOCS)
    webhooks = [e for e in index["schemas"] if e["kind"] == "webhook"]
    if len(webhooks) != len(spec.get("x-webhooks") or {}):
        fail(f"index.json lists {len(webhooks)} webhook payloads, x-webhooks has "
             f"{len(spec.get('x-webhooks') or {})}")
    component_count = len(spec["components"]["schemas"])
    if len(schemas) != component_count:
        fail(f"{len(schemas)} schema files for {component_count} component schemas")

    check_embedded_examples(schemas, registry)
    check_spec_examples(spec, schemas, registry)
    check_fixtures(fixtures_dir, index, registry)
    check_rejections(schemas, registry)

    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(f"checked: {summary}; {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
