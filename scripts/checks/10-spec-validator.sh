#!/usr/bin/env bash
# check: the spec passes openapi-spec-validator (PyPI), the validator other teams use
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ensure_python_tool openapi-spec-validator==0.7.1
"$VENV/bin/openapi-spec-validator" "$ROOT/spec/p100.yaml"
