#!/usr/bin/env bash
# Entry of the pre-commit hook `byoos-validate` (.pre-commit-hooks.yaml): builds the
# `byoos` command from this checkout (debug profile: about 100 s of CPU once, then cached in
# its target/, or in CARGO_TARGET_DIR), then runs `byoos validate ARGS FILES` in the
# directory pre-commit runs it from. Exit codes are those of `byoos validate`.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v cargo >/dev/null || {
  echo "byoos-validate: cargo is not on PATH; install Rust (https://rustup.rs) or use the hook byoos-validate-installed" >&2
  exit 2
}
target="${CARGO_TARGET_DIR:-$repo/target}"
cargo build --quiet --locked -p byoos-cli --manifest-path "$repo/Cargo.toml" --target-dir "$target" >&2
exec "$target/debug/byoos" validate "$@"
