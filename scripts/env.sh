# Sourced by the scripts: tools on PATH in the order Salesdeck needs them.
# node_modules/.bin comes first so Trunk finds the npm `binaryen` wasm-opt (version 132),
# never Debian's binaryen 108, which breaks wasm-bindgen's output.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk's update check is not covered by `offline = true`.
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
step() { printf '\n==> %s\n' "$*"; }
