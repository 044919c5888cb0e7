#!/usr/bin/env bash
# Installs everything the repository needs on a Debian 12 machine, using only the
# package registries (Debian, crates.io, PyPI, npm). Idempotent: every step first
# checks whether its result is already there, so a second run takes a few seconds.
#
# Expects what the machine image provides: rustup's stable toolchain (~/.cargo/bin),
# python3 (3.9+ with venv), node and npm. Installs:
#   - Debian's rustc-web toolchain (wasm32 via -Zbuild-std) + lld, and chromium
#   - Go 1.19 and the Go libraries Palette is built on (sprig, yaml.v3, yaml.v2, sigs.k8s.io/yaml,
#     docker/distribution), from Debian, for the differential oracle (tests/oracle)
#   - wasm-bindgen-cli (crates.io, version from scripts/versions.sh)
#   - .venv with the pinned Python tools (scripts/requirements-dev.txt)
#   - byoos-wasm/node_modules from its package-lock.json (binaryen, playwright-core, typescript,
#     js-yaml for the benchmarks' JS peer)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

# rustup's cargo must win over Debian's /usr/bin/cargo (which is only for wasm32 builds).
export PATH="${CARGO_HOME:+$CARGO_HOME/bin:}$HOME/.cargo/bin:$PATH"

log() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# --- What this script needs: Debian 12 (bookworm; its apt packages and the bookworm-security
# suite are named below) and root, or sudo that works without a prompt. Elsewhere it stops
# before changing anything. BYOOS_OS_RELEASE lets the tests point it at another file.
needs="make setup needs Debian 12 (bookworm) and root or sudo: it installs Debian packages (rustc-web, lld, chromium) with apt-get"
elsewhere="elsewhere, 'cargo test --workspace' and 'cargo install --path byoos-cli' need only Rust; see README.md, Install"
os_release="${BYOOS_OS_RELEASE:-/etc/os-release}"
os_id=""; os_version=""
if [ -r "$os_release" ]; then
  os_id="$(. "$os_release" && printf '%s' "${ID:-}")"
  os_version="$(. "$os_release" && printf '%s' "${VERSION_ID:-}")"
fi
if [ "$os_id" != debian ] || [ "$os_version" != 12 ]; then
  die "$needs; this machine is ${os_id:-unknown} ${os_version:-(no $os_release)}; $elsewhere"
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null \
    || die "$needs; this user is not root and 'sudo -n true' failed; $elsewhere"
  SUDO="sudo"
fi

for tool in cargo rustc python3 node npm; do
  command -v "$tool" >/dev/null || die "$tool is not installed (expected on the machine image)"
done
case "$(command -v cargo)" in
  /usr/bin/cargo) die "cargo resolves to Debian's /usr/bin/cargo; rustup's stable toolchain is needed first in PATH" ;;
esac

# --- Debian packages: the wasm32 Rust toolchain (rustc-web + std sources + lld) and Chromium.
# rust-web-llvm provides /usr/bin/rust-lld (a symlink into lld-22): both are named
# explicitly because neither is a hard dependency of rustc-web.
apt_missing=()
for p in rustc-web cargo-web rust-web-src rust-web-llvm lld-22; do
  dpkg -s "$p" >/dev/null 2>&1 || apt_missing+=("$p")
done
# Go and the Go libraries Palette is built on, for the differential oracle (docs/fidelity.md).
go_missing=()
for p in golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev golang-gopkg-yaml.v2-dev \
  golang-k8s-sigs-yaml-dev golang-github-docker-distribution-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || go_missing+=("$p")
done
chromium_missing=0
dpkg -s chromium >/dev/null 2>&1 || chromium_missing=1
if [ ${#apt_missing[@]} -gt 0 ] || [ ${#go_missing[@]} -gt 0 ] || [ $chromium_missing = 1 ]; then
  log "apt-get update"
  $SUDO apt-get update -qq
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "apt-get install -t bookworm-security ${apt_missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-security "${apt_missing[@]}"
fi
if [ ${#go_missing[@]} -gt 0 ]; then
  log "apt-get install ${go_missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${go_missing[@]}"
fi
if [ $chromium_missing = 1 ]; then
  log "apt-get install chromium"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi
[ -x /usr/bin/rust-lld ] || die "/usr/bin/rust-lld is missing or dangling (rust-web-llvm / lld-22)"

# --- wasm-bindgen-cli, pinned to the version of the wasm-bindgen crate in Cargo.lock.
# `--locked` can fail when the registry index lags behind the CLI's own lock file
# (seen: webpki-roots); then resolve afresh within the same CLI version.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# --- Python virtual environment with the pinned build and test tools. A copy of the
# requirements file inside .venv records what was installed.
if [ ! -x .venv/bin/python ]; then
  log "python3 -m venv .venv"
  python3 -m venv .venv
fi
if ! cmp -s scripts/requirements-dev.txt .venv/requirements-dev.txt \
   || [ "$(.venv/bin/maturin --version 2>/dev/null | awk '{print $2}')" != "$MATURIN_VERSION" ]; then
  log "pip install -r scripts/requirements-dev.txt"
  .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements-dev.txt
  cp scripts/requirements-dev.txt .venv/requirements-dev.txt
fi

# --- npm dev tools for the wasm package (binaryen's wasm-opt, playwright-core, typescript, js-yaml).
# Never `npx playwright install`: the browser is Debian's chromium.
stamp=byoos-wasm/node_modules/.byoos-package-lock.json
if ! cmp -s byoos-wasm/package-lock.json "$stamp"; then
  log "npm ci (byoos-wasm)"
  npm ci --prefix byoos-wasm --no-audit --no-fund --loglevel=error
  cp byoos-wasm/package-lock.json "$stamp"
fi

log "done"
