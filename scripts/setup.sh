#!/usr/bin/env bash
# Installs everything the repository needs on a Debian 12 machine, using only the
# package registries (Debian, crates.io, PyPI, npm). Idempotent: every step first
# checks whether its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# --- Debian packages: the wasm32 Rust toolchain (rustc-web + std sources + lld) and Chromium.
apt_missing=()
for p in rustc-web cargo-web rust-web-src rust-web-llvm lld-22; do
  dpkg -s "$p" >/dev/null 2>&1 || apt_missing+=("$p")
done
chromium_missing=0
dpkg -s chromium >/dev/null 2>&1 || chromium_missing=1
if [ ${#apt_missing[@]} -gt 0 ] || [ $chromium_missing = 1 ]; then
  log "apt-get update"
  $SUDO apt-get update -qq
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "apt-get install ${apt_missing[*]} (bookworm-security)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-security "${apt_missing[@]}"
fi
if [ $chromium_missing = 1 ]; then
  log "apt-get install chromium"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
fi

# --- wasm-bindgen-cli, pinned to the version of the wasm-bindgen crate in Cargo.lock.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# --- Python virtual environment with the build and test tools.
if [ ! -x .venv/bin/python ]; then
  log "python3 -m venv .venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import maturin, pytest, mypy' >/dev/null 2>&1 \
   || [ "$(.venv/bin/maturin --version 2>/dev/null | awk '{print $2}')" != "$MATURIN_VERSION" ]; then
  log "pip install python tools"
  .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements-dev.txt
fi

# --- npm dev tools for the wasm package (binaryen's wasm-opt, playwright-core, typescript).
if [ ! -d byoos-wasm/node_modules ] || ! cmp -s byoos-wasm/package-lock.json byoos-wasm/node_modules/.package-lock.json 2>/dev/null; then
  log "npm ci (byoos-wasm)"
  npm ci --prefix byoos-wasm --no-audit --no-fund --loglevel=error
fi

log "done"
