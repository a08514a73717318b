"""Helpers of 30-docs-generators.sh: prove that other languages' generators accept the spec.

  30-docs-generators.py ts-usage SPEC OUT.ts
      Writes a TypeScript file that assigns every example of the spec to a constant typed
      with the openapi-typescript output (./p100), so `tsc --noEmit` checks each example
      against the generated types.
  30-docs-generators.py py-models MODELS_DIR DOCS_DIR
      Imports the pydantic models that datamodel-code-generator wrote for the webhook
      schemas, validates each spec example with them, and checks that amounts arrive as
      Decimal, that unknown fields are kept and that a broken payload is rejected.
"""

import importlib
import json
import sys
from decimal import Decimal
from pathlib import Path

METHODS = ("get", "put", "post", "delete", "patch")


def ts_usage(spec_path, out_path):
    import yaml

    spec = yaml.safe_load(Path(spec_path).read_text())
    lines = ['import type { components, paths } from "./p100";', ""]
    total = 0

    def emit(type_expression, example):
        nonlocal total
        total += 1
        lines.append(f"export const example{total}: {type_expression} = {json.dumps(example)};")

    for name, schema in spec["components"]["schemas"].items():
        if "example" in schema and not schema.get("x-p100-upload"):
            emit(f'components["schemas"]["{name}"]', schema["example"])
    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            media = (operation.get("requestBody") or {}).get("content", {})
            if "example" in media.get("application/json", {}):
                emit(f'NonNullable<paths["{path}"]["{method}"]["requestBody"]>'
                     '["content"]["application/json"]',
                     media["application/json"]["example"])
            for status, response in operation["responses"].items():
                json_media = (response.get("content") or {}).get("application/json", {})
                if "example" in json_media and "$ref" not in response:
                    emit(f'paths["{path}"]["{method}"]["responses"]["{status}"]'
                         '["content"]["application/json"]', json_media["example"])
    for name, item in spec.get("x-webhooks", {}).items():
        body = item["post"]["requestBody"]["content"]["application/json"]
        schema_name = body["schema"]["$ref"].rsplit("/", 1)[-1]
        emit(f'components["schemas"]["{schema_name}"]', body["example"])

    Path(out_path).write_text("\n".join(lines) + "\n")
    print(f"wrote {total} typed examples to {out_path}")


def py_models(models_dir, docs_dir):
    sys.path.insert(0, str(Path(models_dir).parent))
    package = Path(models_dir).name
    index = json.loads((Path(docs_dir) / "schemas" / "index.json").read_text())
    failures = 0
    checked = 0
    for entry in index["schemas"]:
        if entry["kind"] != "webhook":
            continue
        module = importlib.import_module(f"{package}.{entry['name']}")
        model = getattr(module, entry["name"])
        schema = json.loads((Path(docs_dir) / "schemas" / entry["file"]).read_text())
        for example in schema.get("examples", []):
            checked += 1
            payload = dict(example, fieldAddedLater={"nested": True})
            parsed = model.model_validate_json(json.dumps(payload))
            dumped = parsed.model_dump()
            if "fieldAddedLater" not in dumped:
                print(f"FAIL: {entry['name']} dropped an unknown field")
                failures += 1
            amount = getattr(parsed, "amount", None)
            if "amount" in example and not isinstance(amount, Decimal):
                print(f"FAIL: {entry['name']}.amount parsed as {type(amount).__name__}, not Decimal")
                failures += 1
            if "amount" in example and amount != Decimal(str(example["amount"])):
                print(f"FAIL: {entry['name']}.amount is {amount}, expected {example['amount']}")
                failures += 1
    deposit = importlib.import_module(f"{package}.CryptoDepositWebhook").CryptoDepositWebhook
    try:
        deposit.model_validate({"cryptoDepositId": "d", "amount": "1", "currency": "btc"})
        print("FAIL: CryptoDepositWebhook accepted a payload without the required status")
        failures += 1
    except Exception as error:  # pydantic.ValidationError
        if type(error).__name__ != "ValidationError":
            raise
    print(f"pydantic models: {checked} webhook examples parsed, {failures} failures")
    return 1 if failures else 0


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    command, first, second = sys.argv[1:]
    if command == "ts-usage":
        ts_usage(first, second)
    elif command == "py-models":
        sys.exit(py_models(first, second))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
