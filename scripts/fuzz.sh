#!/usr/bin/env bash
# Run every fuzz target (or those named) for FUZZ_SECONDS each, seeded from the conformance
# suite, and print one summary line per target: executions, coverage, findings.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
python3 scripts/fuzz-seeds.py
cd fuzz
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
declare -A dict=([validate]=dict/yaml.dict [render]=dict/yaml.dict [check_image]=dict/image.dict)
status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "seeds/$t"
  # The time-and-memory oracle: an input that takes longer than FUZZ_TIMEOUT seconds or more
  # than FUZZ_RSS_MB of memory is a finding, like a panic (the budgets promise < 1 s and
  # < 256 MB for any input; libFuzzer's own overhead is in the margin).
  args=(-max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-65536}" -timeout="${FUZZ_TIMEOUT:-2}"
        -rss_limit_mb="${FUZZ_RSS_MB:-256}" -malloc_limit_mb="${FUZZ_RSS_MB:-256}")
  [ -n "${dict[$t]:-}" ] && args+=(-dict="${dict[$t]}")
  log=$(mktemp)
  # The crate forbids unsafe code, so AddressSanitizer buys little and costs most of the speed.
  if cargo +nightly fuzz run --sanitizer none "$t" "corpus/$t" "seeds/$t" -- "${args[@]}" >"$log" 2>&1; then result=clean; else result="FINDING (see fuzz/artifacts/$t)"; status=1; fi
  done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
  execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$done_line")
  cov=$(grep -oE 'cov: [0-9]+' <<<"$done_line" || true)
  summary+=("$(printf '%-12s %10s execs in %ss  %-10s %s' "$t" "${execs:-?}" "$seconds" "${cov:-}" "$result")")
  [ "$result" = clean ] || { grep -A4 panicked "$log" | head -12; grep -E "^(artifact_prefix|Base64)" "$log"; }
  rm -f "$log"
done
printf '%s\n' "${summary[@]}"
exit $status
