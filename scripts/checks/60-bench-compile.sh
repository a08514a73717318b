#!/usr/bin/env bash
# check: the benchmarks compile (cargo bench --no-run)
# Timings are never asserted in CI; scripts/bench runs the suite and records the figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$ROOT"
cargo bench -p p100-bench --no-run
