#!/usr/bin/env bash
# Installs what is missing, then serves Salesdeck at http://127.0.0.1:8080 (release
# build, rebuilt when a file changes). Stop with Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$root/scripts/setup.sh"
cd "$root"
step "Serving on http://127.0.0.1:8080"
exec trunk serve --release --address 127.0.0.1 --port 8080
