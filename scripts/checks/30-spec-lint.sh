#!/usr/bin/env bash
# check: the spec passes Spectral with spec/lint/spectral.yaml (no errors), and the custom rules catch broken copies
# Warnings are printed and allowed. The second run lints a copy of the spec broken on purpose
# and requires each custom rule it breaks to report an error, so a rule that matches nothing
# (a wrong JSONPath, say) fails this check instead of passing silently.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ensure_npm_tool @stoplight/spectral-cli@6.16.3
ensure_python_tool PyYAML==6.0.4

ruleset="$ROOT/spec/lint/spectral.yaml"
spectral lint --fail-severity=error --ruleset "$ruleset" "$ROOT/spec/p100.yaml"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$VENV/bin/python" - "$ROOT/spec/p100.yaml" "$work/broken.yaml" <<'PY'
import sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
operation = spec["paths"]["/v1/partner/balances"]["get"]
del operation["x-p100-evidence"]
operation["tags"] = ["partner", "users"]
operation["operationId"] = "Get_partner_balances"
operation["x-p100-error-codes"][0]["code"] = "E500"
del operation["responses"]["429"]
operation["responses"]["404"] = {"description": "inline", "content": {"application/json": {"schema": {"type": "object"}}}}
webhook = spec["x-webhooks"]["cryptoDeposit"]["post"]
webhook["x-p100-evidence"] = "guessed"
webhook["x-p100-delivery-path"] = "crypto-deposit-webhook"
del webhook["summary"]
yaml.safe_dump(spec, open(sys.argv[2], "w"), sort_keys=False)
PY
spectral lint --ruleset "$ruleset" --format=text "$work/broken.yaml" > "$work/report.txt" || true
missing=0
for rule in p100-evidence-required p100-evidence p100-operation-single-tag \
    p100-operation-id-camel-case p100-error-codes p100-error-responses \
    p100-error-response-is-shared p100-operation-summary p100-webhook-delivery-path; do
    if ! grep -q " error $rule " "$work/report.txt"; then
        echo "FAIL: rule $rule did not report the error planted in the broken copy" >&2
        missing=$((missing + 1))
    fi
done
[ "$missing" -eq 0 ] || { cat "$work/report.txt" >&2; exit 1; }
echo "spectral: the broken copy triggered all 9 planted rule errors"
