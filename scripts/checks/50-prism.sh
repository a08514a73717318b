#!/usr/bin/env bash
# check: the SDK's requests pass Prism's validation (Prism mock from the spec)
# Starts a Prism mock server from spec/p100.yaml with request validation turned into error
# responses (--errors), then runs the Rust test tests/tests/e2e_prism.rs against it. That test
# calls every operation through the SDK and fails on any request Prism rejects or reports a
# violation for, and on any example response the SDK cannot parse.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ensure_npm_tool @stoplight/prism-cli@5.16.0

work="$(mktemp -d)"
prism_pid=""
stop_prism() {
    if [ -n "$prism_pid" ] && kill -0 "$prism_pid" 2>/dev/null; then
        kill "$prism_pid" 2>/dev/null || true
        wait "$prism_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop_prism EXIT

port="$(free_port)"
prism mock "$ROOT/spec/p100.yaml" -p "$port" -h 127.0.0.1 --errors >"$work/prism.log" 2>&1 &
prism_pid=$!
if ! wait_for_http "http://127.0.0.1:$port/v1/partner/balances" 60; then
    cat "$work/prism.log" >&2
    exit 1
fi
log "Prism $(prism --version) listens on 127.0.0.1:$port"

cd "$ROOT"
status=0
P100_PRISM_URL="http://127.0.0.1:$port" \
    cargo test -p p100-workspace-tests --test e2e_prism -- --nocapture 2>&1 | tee "$work/test.log" \
    || status=$?
if [ "$status" -ne 0 ]; then
    echo "Prism log (last 40 lines):" >&2
    tail -n 40 "$work/prism.log" >&2
    exit "$status"
fi
# The test skips itself without P100_PRISM_URL; make sure it ran here.
grep -q "^Prism validated " "$work/test.log" || {
    echo "error: the Prism test did not run (no summary line in its output)" >&2
    exit 1
}
