#!/usr/bin/env bash
# check: every publishable crate is ready to release: metadata, README, versions, fresh generated code, cargo package
# Runs `cargo xtask release-check --allow-dirty`, because test runs happen on working trees
# with uncommitted changes. A real release runs it without the flag on a clean checkout.
# `cargo package` builds each crate from its .crate file with the default dev profile in
# target/release-check, so the first run compiles the dependencies once more. Measured on
# 2 cores: 7.5 min for a first run while other builds shared the machine (4 min of CPU),
# about 70 s for later runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$ROOT"
cargo xtask release-check --allow-dirty
