#!/usr/bin/env bash
# Write fuzz/replay/<target>.txt.gz: the minimised corpus of each fuzz target (libFuzzer's
# -merge over fuzz/corpus and fuzz/seeds), one base64 input per line, gzipped. The Rust, Python
# and Node test suites replay these files in `make test` (format: fuzz/replay/README.md).
# Run after `make fuzz` (needs the fuzz binaries built by it).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
bin=target/x86_64-unknown-linux-gnu/release
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
for t in "${targets[@]}"; do
  [ -x "$bin/$t" ] || cargo +nightly fuzz build --sanitizer none "$t"
  tmp=$(mktemp -d)
  mkdir -p "corpus/$t" "seeds/$t" "$tmp/in" "$tmp/out"
  # A snapshot: a fuzzer running meanwhile removes files it has reduced.
  cp -r "corpus/$t/." "seeds/$t/." "$tmp/in/" 2>/dev/null || true
  "$bin/$t" -merge=1 -max_len=8192 -timeout=10 "$tmp/out" "$tmp/in" >/dev/null 2>&1
  python3 - "$tmp/out" "replay/$t.txt.gz" <<'PY'
import base64, gzip, pathlib, sys
files = sorted(p.read_bytes() for p in pathlib.Path(sys.argv[1]).iterdir())
lines = "".join(base64.b64encode(b).decode() + "\n" for b in files).encode()
pathlib.Path(sys.argv[2]).write_bytes(gzip.compress(lines, compresslevel=9, mtime=0))
print(f"{sys.argv[2]}: {len(files)} inputs, {sum(map(len, files))} bytes", file=sys.stderr)
PY
  rm -rf "$tmp"
done
