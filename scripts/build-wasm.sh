#!/usr/bin/env bash
# Builds the npm package's WebAssembly: byoos-wasm/pkg/node (CommonJS, for Node) and
# byoos-wasm/pkg/web (ES module, for browsers and bundlers).
#
# wasm32 is built with Debian's Rust (rustc-web, /usr/bin) and -Zbuild-std, in its own
# target dir (target/wasm) so its artefacts never mix with rustup's. Then wasm-bindgen
# (pinned, see scripts/versions.sh) and wasm-opt -Oz from npm's binaryen.
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

# Size: a panic is a trap in wasm either way (panic=abort); `immediate-abort` drops the
# panic-message machinery that nothing could print, and std's `optimize_for_size` picks
# its smaller algorithms (sorting, formatting). Together 66 KB of the optimised module.
t0=$(date +%s)
env PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_DIR="$root/target/wasm" RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
  /usr/bin/cargo build --locked --profile wasm-release -p byoos-wasm \
  --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
t1=$(date +%s)

raw=target/wasm/wasm32-unknown-unknown/wasm-release/byoos_wasm.wasm
# wasm-bindgen + wasm-opt take ~15 s: skip them when the cargo output, the tool versions
# and this script are what produced the current pkg/.
stamp="$out/.build-stamp"
want="$( { sha256sum "$raw" scripts/build-wasm.sh byoos-wasm/src/guard.js | cut -d' ' -f1; "$bindgen" --version; "$wasm_opt" --version; } | tr '\n' ' ')"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ -f "$out/node/byoos_wasm_bg.wasm" ] && [ -f "$out/web/byoos_wasm_bg.wasm" ]; then
  echo "build-wasm: $out is up to date"
else
  rm -rf "$out/node" "$out/web" "$stamp"
  "$bindgen" --target nodejs --out-dir "$out/node" "$raw"
  "$bindgen" --target web --out-dir "$out/web" "$raw"
  # Trap recovery (byoos-wasm/src/guard.js): wrap every export of both builds.
  {
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
  } >>"$out/node/byoos_wasm.js"
  {
    cat byoos-wasm/src/guard.js
    echo 'function __byoos_fresh() { wasm = undefined; initSync({ module: wasmModule }); }'
    grep -oE '^export function [A-Za-z0-9_]+' "$out/web/byoos_wasm.js" | awk '{print $3 " = __byoos_guard(" $3 ", __byoos_fresh);"}'
  } >>"$out/web/byoos_wasm.js"
  # The _bg.wasm is the same for both targets: optimise once, copy.
  "$wasm_opt" -Oz "$out/node/byoos_wasm_bg.wasm" -o "$out/node/byoos_wasm_bg.wasm"
  cp "$out/node/byoos_wasm_bg.wasm" "$out/web/byoos_wasm_bg.wasm"
  printf '%s' "$want" >"$stamp"
fi
t2=$(date +%s)

size() { wc -c <"$1" | tr -d ' '; }
final="$out/web/byoos_wasm_bg.wasm"
printf 'build-wasm: cargo %ss, bindgen+opt %ss\n' $((t1 - t0)) $((t2 - t1))
printf 'build-wasm: %s: cargo output %s B, after wasm-bindgen+wasm-opt -Oz %s B, gzip -9 %s B\n' \
  "$final" "$(size "$raw")" "$(size "$final")" "$(gzip -9c "$final" | wc -c | tr -d ' ')"
# Size budget of the shipped .wasm (see byoos-wasm/README or the issue): 400 KB raw, 150 KB gzip.
raw_size=$(size "$final"); gz_size=$(gzip -9c "$final" | wc -c | tr -d ' ')
if [ "$raw_size" -gt 409600 ] || [ "$gz_size" -gt 153600 ]; then
  printf 'build-wasm: note: over the size budget (400 KiB raw / 150 KiB gzip): %s B / %s B\n' "$raw_size" "$gz_size"
fi
