#!/usr/bin/env bash
# check: other languages' generators accept the spec: openapi-typescript + tsc, datamodel-code-generator + pydantic
# TypeScript: openapi-typescript turns spec/p100.yaml into types, and `tsc --noEmit --strict`
# compiles them together with every spec example assigned to its generated type.
# Python: datamodel-code-generator turns the exported webhook JSON Schemas into pydantic
# models (amounts as Decimal), which must import, parse every webhook example and reject a
# payload without a required field.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ensure_npm_tool openapi-typescript@7.13.0 typescript@5.9.3
ensure_python_tool datamodel-code-generator==0.97.0 pydantic==2.14.4 PyYAML==6.0.4

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
helper="$ROOT/scripts/checks/30-docs-generators.py"

log "TypeScript: openapi-typescript, then tsc --noEmit --strict"
openapi-typescript "$ROOT/spec/p100.yaml" --output "$work/ts/p100.d.ts"
"$VENV/bin/python" "$helper" ts-usage "$ROOT/spec/p100.yaml" "$work/ts/examples.ts"
tsc --noEmit --strict --target es2022 --module esnext --moduleResolution bundler \
    "$work/ts/p100.d.ts" "$work/ts/examples.ts"
echo "tsc: generated types and typed examples compile"

log "Python: datamodel-code-generator on the webhook JSON Schemas, then pydantic"
docs="$ROOT/target/docs"
cargo xtask docs --skip-html --out "$docs"
mkdir -p "$work/webhook-schemas"
"$VENV/bin/python" - "$docs/schemas" "$work/webhook-schemas" <<'PY'
import json, shutil, sys
source, target = sys.argv[1], sys.argv[2]
for entry in json.load(open(f"{source}/index.json"))["schemas"]:
    if entry["kind"] == "webhook":
        shutil.copy(f"{source}/{entry['file']}", target)
PY
"$VENV/bin/datamodel-codegen" --input "$work/webhook-schemas" --input-file-type jsonschema \
    --output "$work/p100_webhooks" --output-model-type pydantic_v2.BaseModel \
    --formatters builtin --disable-timestamp \
    --type-overrides '{"Amount": "decimal.Decimal"}'
"$VENV/bin/python" "$helper" py-models "$work/p100_webhooks" "$docs"
