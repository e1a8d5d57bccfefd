#!/usr/bin/env bash
# Copies ECharts from the npm package into public/ so the app never loads it from a CDN.
# The "common" build has the chart types Salesdeck uses (line, bar, pie, scatter) at
# about two thirds of the full build's size.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/echarts
dst=public/vendor/echarts
mkdir -p "$dst"
cp "$src/dist/echarts.common.min.js" "$dst/echarts.min.js"
cp "$src/LICENSE" "$src/NOTICE" "$dst/"
echo "vendored echarts $(node -p "require('./$src/package.json').version") into $dst"
