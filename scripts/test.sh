#!/usr/bin/env bash
# Installs what the tests need, then runs every check CI runs: formatting, clippy on
# both targets, native tests, browser tests (real IndexedDB in headless Chromium),
# release builds at the root and under a sub-path, and the Playwright e2e tests.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$root/scripts/setup.sh" --tests
cd "$root"

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --locked --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy --locked --target wasm32-unknown-unknown --all-targets -- -D warnings
# The split points as Trunk builds them (index.html turns the feature on).
cargo clippy --locked --target wasm32-unknown-unknown --features split --lib -- -D warnings

step "native tests: domain, analytics, store schema and migrations"
cargo test --locked

step "browser tests: the store against IndexedDB in headless Chromium"
# The runner gives up after 20 s by default; the whole file takes ~16 s on a quiet
# machine and timed out on a fresh clone under load.
WASM_BINDGEN_TEST_TIMEOUT=180 cargo test --locked --target wasm32-unknown-unknown

step "release builds: at the root and under /salesdeck/"
trunk build --release
trunk build --release --public-url /salesdeck/ --dist dist-sub

step "end-to-end tests (Playwright, Debian Chromium)"
SALESDECK_DIST=dist SALESDECK_DIST_SUB=dist-sub node --test tests/e2e/*.test.mjs
