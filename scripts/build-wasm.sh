#!/usr/bin/env bash
# Builds the npm package's WebAssembly: byoos-wasm/pkg/node (CommonJS, for Node, built
# for speed) and byoos-wasm/pkg/web (ES module, for browsers and bundlers, built for size).
#
# wasm32 is built with Debian's Rust (rustc-web, /usr/bin) and -Zbuild-std, in its own
# target dir (target/wasm) so its artefacts never mix with rustup's. Then wasm-bindgen
# (pinned, see scripts/versions.sh) and wasm-opt from npm's binaryen.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

root=$PWD
out=byoos-wasm/pkg
wasm_opt=byoos-wasm/node_modules/.bin/wasm-opt
for tool in /usr/bin/cargo /usr/bin/rustc "$wasm_opt"; do
  [ -x "$tool" ] || { echo "build-wasm: $tool is missing; run 'make setup'" >&2; exit 2; }
done
bindgen=$(command -v wasm-bindgen || true)
[ -n "$bindgen" ] || bindgen="${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen"
if [ "$("$bindgen" --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "build-wasm: wasm-bindgen $WASM_BINDGEN_VERSION is needed; run 'make setup'" >&2
  exit 2
fi

# Two modules from the same crate (see docs/decisions.md, "Two wasm modules"):
# - pkg/web, for browsers and bundlers: built for size (`[profile.wasm-release]`,
#   opt-level "z", std's `optimize_for_size`, `wasm-opt -Oz`);
# - pkg/node, for Node (package.json's `node` export condition): built for speed
#   (`[profile.wasm-node]`, opt-level 3, `wasm-opt -O3`).
# In both a panic is a trap (panic=abort); `immediate-abort` drops the panic-message
# machinery that nothing could print.
cargo_wasm() { # PROFILE [cargo args…]
  local profile=$1
  shift
  env PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_DIR="$root/target/wasm" RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    /usr/bin/cargo build --locked --profile "$profile" -p byoos-wasm \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort "$@"
}
t0=$(date +%s)
cargo_wasm wasm-release -Zbuild-std-features=optimize_for_size
t1=$(date +%s)
cargo_wasm wasm-node
t2=$(date +%s)

raw_web=target/wasm/wasm32-unknown-unknown/wasm-release/byoos_wasm.wasm
raw_node=target/wasm/wasm32-unknown-unknown/wasm-node/byoos_wasm.wasm

# The trap guard (byoos-wasm/src/guard.js) around every export of one build.
guard_node() {
  cat byoos-wasm/src/guard.js
  cat <<'JS'
function __byoos_fresh() {
  wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
  wasm = wasmInstance.exports;
  cachedDataViewMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  wasm.__wbindgen_start();
}
for (const name of Object.keys(exports)) {
  if (typeof exports[name] === 'function') exports[name] = __byoos_guard(exports[name], __byoos_fresh);
}
JS
}
guard_web() {
  cat byoos-wasm/src/guard.js
  echo 'function __byoos_fresh() { wasm = undefined; initSync({ module: wasmModule }); }'
  grep -oE '^export function [A-Za-z0-9_]+' "$out/web/byoos_wasm.js" | awk '{print $3 " = __byoos_guard(" $3 ", __byoos_fresh);"}'
}

# wasm-bindgen's passStringToWasm0 (every string argument) replaced by
# byoos-wasm/src/pass-string.js; the build stops if the glue no longer has it.
fast_strings() { # GLUE
  grep -q '^function passStringToWasm0(' "$1" || {
    echo "build-wasm: $1 has no passStringToWasm0 to replace (a new wasm-bindgen?)" >&2
    exit 1
  }
  awk -v f=byoos-wasm/src/pass-string.js 'BEGIN { while ((getline l < f) > 0) r = r l "\n" }
    /^function passStringToWasm0\(/ { skip = 1; printf "%s", r; next }
    skip && /^}/ { skip = 0; next }
    !skip { print }' "$1" >"$1.tmp"
  mv "$1.tmp" "$1"
}

# wasm-bindgen + wasm-opt take ~40 s: skip them when the cargo outputs, the tool versions
# and this script are what produced the current pkg/.
stamp="$out/.build-stamp"
want="$( { sha256sum "$raw_web" "$raw_node" scripts/build-wasm.sh byoos-wasm/src/guard.js byoos-wasm/src/pass-string.js | cut -d' ' -f1; "$bindgen" --version; "$wasm_opt" --version; } | tr '\n' ' ')"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ -f "$out/node/byoos_wasm_bg.wasm" ] && [ -f "$out/web/byoos_wasm_bg.wasm" ]; then
  echo "build-wasm: $out is up to date"
else
  rm -rf "$out/node" "$out/web" "$stamp"
  "$bindgen" --target nodejs --out-dir "$out/node" "$raw_node"
  "$bindgen" --target web --out-dir "$out/web" "$raw_web"
  fast_strings "$out/node/byoos_wasm.js"
  fast_strings "$out/web/byoos_wasm.js"
  guard_node >>"$out/node/byoos_wasm.js"
  guard_web >>"$out/web/byoos_wasm.js"
  "$wasm_opt" -O3 "$out/node/byoos_wasm_bg.wasm" -o "$out/node/byoos_wasm_bg.wasm"
  "$wasm_opt" -Oz "$out/web/byoos_wasm_bg.wasm" -o "$out/web/byoos_wasm_bg.wasm"
  printf '%s' "$want" >"$stamp"
fi
t3=$(date +%s)

size() { wc -c <"$1" | tr -d ' '; }
gz() { gzip -9c "$1" | wc -c | tr -d ' '; }
printf 'build-wasm: cargo web %ss, cargo node %ss, bindgen+opt %ss\n' $((t1 - t0)) $((t2 - t1)) $((t3 - t2))
node="$out/node/byoos_wasm_bg.wasm"
web="$out/web/byoos_wasm_bg.wasm"
printf 'build-wasm: %s (speed): cargo output %s B, after wasm-bindgen+wasm-opt -O3 %s B, gzip -9 %s B\n' \
  "$node" "$(size "$raw_node")" "$(size "$node")" "$(gz "$node")"
printf 'build-wasm: %s (size): cargo output %s B, after wasm-bindgen+wasm-opt -Oz %s B, gzip -9 %s B\n' \
  "$web" "$(size "$raw_web")" "$(size "$web")" "$(gz "$web")"
# Size budget of the browser module (docs/performance.md): 400 KB raw, 150 KB gzip.
raw_size=$(size "$web"); gz_size=$(gz "$web")
if [ "$raw_size" -gt 409600 ] || [ "$gz_size" -gt 153600 ]; then
  printf 'build-wasm: note: the browser module is over the size budget (400 KiB raw / 150 KiB gzip): %s B / %s B\n' "$raw_size" "$gz_size"
fi
