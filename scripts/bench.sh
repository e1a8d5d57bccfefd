#!/usr/bin/env bash
# The benchmark (not a test): builds the release app, then measures it against a
# plain-JS baseline in headless Chromium with the large demo workspace.
#   ./scripts/bench.sh [--size large|medium|small]
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$root/scripts/setup.sh" --tests
cd "$root"
trunk build --release
node tests/bench/run.mjs "$@"
