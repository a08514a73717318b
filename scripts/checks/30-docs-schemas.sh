#!/usr/bin/env bash
# check: the exported JSON Schemas (draft 2020-12) accept every spec example and webhook fixture (python jsonschema)
# Exports the schemas with `cargo xtask docs --skip-html` and validates with the Python
# jsonschema package: the examples inside each schema, every example in the spec, the SDK's
# webhook fixtures under crates/p100/tests/fixtures when that folder exists, and payloads
# broken on purpose, which must be rejected.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ensure_python_tool jsonschema==4.26.0 referencing==0.36.2 PyYAML==6.0.4

out="$ROOT/target/docs"
cargo xtask docs --skip-html --out "$out"
"$VENV/bin/python" "$ROOT/scripts/checks/30-docs-schemas.py" \
    "$out" "$ROOT/spec/p100.yaml" "$ROOT/crates/p100/tests/fixtures"
