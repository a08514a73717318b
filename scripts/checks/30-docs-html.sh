#!/usr/bin/env bash
# check: the HTML reference opens offline in headless Chromium and shows every operation, every webhook and the evidence lines
# Builds target/docs with `cargo xtask docs`, opens index.html from file:// in headless
# Chromium with every host name unresolvable (so nothing can come from the network), and
# checks the DOM after the page's scripts ran. Writes target/docs/screenshot.png for a human.
# Chromium comes from Debian's `chromium` package; when it is missing and cannot be
# installed (not root, no apt-get), the check is skipped with a message.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

redocly_version="$(sed -n 's/^pub const REDOCLY_VERSION: &str = "\(.*\)";$/\1/p' "$ROOT/xtask/src/docs/redoc.rs")"
[ -n "$redocly_version" ] || { echo "error: REDOCLY_VERSION not found in xtask/src/docs/redoc.rs" >&2; exit 1; }
ensure_npm_tool "@redocly/cli@$redocly_version"
ensure_python_tool PyYAML==6.0.4

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian's chromium package"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "SKIP: chromium is not installed and cannot be installed here (needs root and apt-get)"
        exit 0
    fi
fi
chromium --version

docs="$ROOT/target/docs"
cargo xtask docs --out "$docs"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
browse() {
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$(mktemp -d -p "$work")" \
        --virtual-time-budget=10000 "$@" 2>>"$work/chromium.log"
}
browse --dump-dom "file://$docs/index.html" > "$work/dom.html"
browse --window-size=1400,1800 --screenshot="$docs/screenshot.png" "file://$docs/index.html"

"$VENV/bin/python" - "$ROOT/spec/p100.yaml" "$work/dom.html" "$docs/screenshot.png" <<'PY'
import html, re, sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
dom = open(sys.argv[2]).read()
# Only what the page shows: drop scripts (the embedded spec) and styles, then tags.
visible = re.sub(r"<(script|style)\b.*?</\1>", "", dom, flags=re.S)
text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", visible)))
problems = []
if "ps__rail" not in visible:
    problems.append("the page's scripts did not run (no perfect-scrollbar rail in the DOM)")
methods = ("get", "put", "post", "delete", "patch")
operations = [op for item in spec["paths"].values() for m, op in item.items() if m in methods]
webhooks = [item["post"] for item in spec["x-webhooks"].values()]
for entry in operations + webhooks:
    if entry["summary"] not in text:
        problems.append(f"summary not shown: {entry['summary']!r} ({entry['operationId']})")
for hook in webhooks:
    if f"Delivered to {hook['x-p100-delivery-path']}" not in text:
        problems.append(f"delivery path not shown for {hook['operationId']}")
evidence_lines = len(re.findall(r"Evidence: (documented|third-party|inferred) ·?", text))
if evidence_lines < len(operations) + len(webhooks):
    problems.append(f"only {evidence_lines} evidence lines for {len(operations) + len(webhooks)} entries")
screenshot = open(sys.argv[3], "rb").read()
# A blank 1400x1800 page compresses to a few kB; a rendered one is far larger.
if not screenshot.startswith(b"\x89PNG") or len(screenshot) < 30_000:
    problems.append(f"screenshot looks blank ({len(screenshot)} bytes)")
for problem in problems:
    print(f"FAIL: {problem}")
print(f"rendered DOM: {len(operations)} operation and {len(webhooks)} webhook summaries, "
      f"{evidence_lines} evidence lines; screenshot {len(screenshot) // 1024} KiB; "
      f"{len(problems)} problems")
sys.exit(1 if problems else 0)
PY
echo "screenshot: $docs/screenshot.png"
