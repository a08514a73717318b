#!/usr/bin/env bash
# check: the sandbox conforms to the spec (schemathesis)
#
# Builds and starts the p100-sandbox binary on a free loopback port. Then schemathesis (PyPI,
# pinned) generates valid and invalid requests for every operation of spec/p100.yaml. Each
# response must not be a server error and must use a status code, content type, headers and
# body schema that the operation documents. Invalid input must be rejected, and unsupported
# methods must get 405. Set SCHEMATHESIS_SEED to explore other inputs than the pinned seed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

ensure_python_tool schemathesis==4.32.5
cd "$ROOT"

log "building the sandbox"
cargo build --quiet -p p100-sandbox --bin p100-sandbox
binary="${CARGO_TARGET_DIR:-$ROOT/target}/debug/p100-sandbox"
report_dir="$ROOT/target/schemathesis"
mkdir -p "$report_dir"

port="$(free_port)"
key="schemathesis-check-key"
P100_SANDBOX_API_KEY="$key" RUST_LOG=warn "$binary" --listen "127.0.0.1:$port" \
    >"$report_dir/sandbox.log" 2>&1 &
sandbox_pid=$!
stop_sandbox() {
    # SIGINT is the sandbox's Ctrl-C: it stops background jobs and shuts down cleanly.
    kill -INT "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
}
trap stop_sandbox EXIT
wait_for_http "http://127.0.0.1:$port/v1/partner/balances" 60

# Checks left out, because they cannot pass against a spec-conformant sandbox:
# - positive_data_acceptance expects every schema-valid request to succeed, but most valid
#   bodies name users, locks or cards that do not exist, which P100 rejects with P412, P434
#   or P403 (HTTP 400, as the spec documents).
# - ignored_auth repeats requests without the API key and also checks the 401's content
#   type. The sandbox returns 401 in plain text (`Access Denied. xo1`), as P100 prints it,
#   while the spec can declare only the JSON ApiError for 401, because the generator allows
#   one error body per operation. For the same reason the key header is not fuzzed
#   (--generation-with-security-parameters false). The Rust tests of the sandbox check both
#   401 responses.
log "running schemathesis against http://127.0.0.1:$port"
"$VENV/bin/schemathesis" run "$ROOT/spec/p100.yaml" \
    --url "http://127.0.0.1:$port" \
    --header "x-api-key: $key" \
    --checks all \
    --exclude-checks positive_data_acceptance,ignored_auth \
    --generation-with-security-parameters false \
    --max-examples 100 \
    --seed "${SCHEMATHESIS_SEED:-20251204}" \
    --generation-database none \
    --report junit \
    --report-junit-path "$report_dir/junit.xml" \
    --no-color

if grep -q "panicked" "$report_dir/sandbox.log"; then
    echo "error: the sandbox logged a panic; see $report_dir/sandbox.log" >&2
    exit 1
fi
