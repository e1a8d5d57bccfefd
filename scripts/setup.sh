#!/usr/bin/env bash
# Installs what Salesdeck needs to build (and, with --tests, to test), from the package
# registries only (crates.io, npm, Debian). Safe to run again: it skips whatever is
# already installed at the right version.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"

TRUNK_VERSION=0.21.14
# Cuts the wasm into the first download and per-page pieces (scripts/wasm-split.mjs).
WASM_SPLIT_VERSION=0.2.4
# The wasm-bindgen CLI must be exactly the library version Cargo.lock pins.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml; then
  echo "Trunk.toml [tools] wasm_bindgen must be \"$WASM_BINDGEN_VERSION\" (the version in Cargo.lock)" >&2
  exit 1
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then as_root apt-get update -qq; apt_updated=yes; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

step "Rust: wasm32 target, rustfmt, clippy"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

step "trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # Not --locked: its lock file pins a crate version the registry mirror may lack.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

step "wasm-split-cli $WASM_SPLIT_VERSION (crate wasm_split_cli_support)"
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary --force
fi

step "Node.js packages (wasm-opt, ECharts, Playwright driver)"
command -v npm >/dev/null || apt_install nodejs npm
stamp=node_modules/.salesdeck-package-lock.json
if ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
wasm-opt --version | grep -q "version 132" || { echo "wasm-opt from node_modules is not version 132" >&2; exit 1; }

if [ "${1:-}" = "--tests" ]; then
  step "Chromium and ChromeDriver (Debian packages)"
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
fi
