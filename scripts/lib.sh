# Shared shell helpers for scripts/test-all and scripts/checks/*.sh.
# Tools from PyPI and npm are installed at pinned versions under target/tools, so a fresh
# machine needs only Rust, Python 3 with venv/pip, and Node.js with npm.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/target/tools"
VENV="$TOOLS/venv"
NPM_PREFIX="$TOOLS/npm"

log() { printf '\n==> %s\n' "$*" >&2; }

# ensure_python_tool SPEC... : installs pinned PyPI packages into the tools venv.
ensure_python_tool() {
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV" || { echo "error: python3 -m venv failed; install python3-venv" >&2; return 1; }
        "$VENV/bin/python" -m pip install --quiet --upgrade pip >/dev/null
    fi
    local missing=()
    for spec in "$@"; do
        local name="${spec%%==*}" version="${spec#*==}"
        if [ "$("$VENV/bin/python" -m pip show "$name" 2>/dev/null | sed -n 's/^Version: //p')" != "$version" ]; then
            missing+=("$spec")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]} from PyPI into $VENV"
        "$VENV/bin/python" -m pip install --quiet "${missing[@]}"
    fi
}

# ensure_npm_tool SPEC... : installs pinned npm packages under target/tools/npm.
ensure_npm_tool() {
    command -v npm >/dev/null || { echo "error: npm not found; install Node.js 18 or later" >&2; return 1; }
    mkdir -p "$NPM_PREFIX"
    [ -f "$NPM_PREFIX/package.json" ] || echo '{"private": true}' > "$NPM_PREFIX/package.json"
    local missing=()
    for spec in "$@"; do
        local name="${spec%@*}" version="${spec##*@}"
        local installed
        installed="$(node -e "try{console.log(require('$NPM_PREFIX/node_modules/$name/package.json').version)}catch(e){}" 2>/dev/null)"
        [ "$installed" = "$version" ] || missing+=("$spec")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]} from npm into $NPM_PREFIX"
        (cd "$NPM_PREFIX" && npm install --no-audit --no-fund --loglevel=error --save-exact "${missing[@]}")
    fi
    export PATH="$NPM_PREFIX/node_modules/.bin:$PATH"
}

# free_port : prints a free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for_http URL [SECONDS] : waits until URL returns any HTTP status.
wait_for_http() {
    local url="$1" limit="${2:-60}" i=0
    until curl -s -o /dev/null "$url"; do
        i=$((i + 1))
        [ "$i" -ge $((limit * 5)) ] && { echo "error: $url did not respond within ${limit}s; check that the server started" >&2; return 1; }
        sleep 0.2
    done
}
