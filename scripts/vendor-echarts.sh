#!/usr/bin/env bash
# Refreshes public/vendor/echarts/ (committed): ECharts from the npm package, bundled
# with esbuild (npm) to only the chart types and components Salesdeck's charts use
# (scripts/echarts-entry.mjs), with its licence. Run after changing that entry file or
# the echarts/esbuild versions; tests/e2e/vendor.test.mjs fails while the copy is stale.
# Offline and deterministic: everything comes from node_modules (`npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build-echarts.mjs "$@"
