#!/usr/bin/env bash
# `byoos validate` over a folder of N values files (default 10,000), files per second,
# beside yamllint on the same folder: one run each, wall clock.
#
#   bash benches/repo.sh [N]
#
# Needs a release build (`cargo build --release -p byoos-cli`; BYOOS overrides the
# binary) and yamllint (scripts/requirements-dev.txt; YAMLLINT overrides it). The files
# are copies of examples/edge.yaml and examples/generic.yaml (alternating, with the AMI
# changed per file) in a temporary folder, 100 files per subfolder.
set -euo pipefail
n=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
byoos=${BYOOS:-$root/target/release/byoos}
yamllint=${YAMLLINT:-$(command -v yamllint || echo "$root/.venv/bin/yamllint")}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
edge=$(cat "$root/examples/edge.yaml")
generic=$(cat "$root/examples/generic.yaml")
for ((i = 0; i < n; i++)); do
  sub=$dir/team-$((i / 100))
  [[ -d $sub ]] || mkdir "$sub"
  if ((i % 2)); then
    printf '%s\n' "${generic/ami-0f4804aff4cf9c5a2/ami-0f4804aff4c$(printf '%06d' "$i")}" > "$sub/values-$i.yaml"
  else
    printf '%s\n' "$edge" > "$sub/values-$i.yaml"
  fi
done
bytes=$(du -sb "$dir" | cut -f1)
echo "$n files, $bytes bytes, in $dir"
time_of() { # prints seconds of wall clock for "$@" (output discarded; exit status ignored)
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
t_byoos=$(time_of "$byoos" validate "$dir")
t_json=$(time_of "$byoos" validate --format json "$dir")
t_yamllint=$(time_of "$yamllint" -d relaxed "$dir")
printf '| tool | command | seconds | files/s |\n| --- | --- | ---: | ---: |\n'
for row in "byoos|byoos validate DIR|$t_byoos" "byoos|byoos validate --format json DIR|$t_json" \
           "yamllint $("$yamllint" --version | cut -d' ' -f2)|yamllint -d relaxed DIR|$t_yamllint"; do
  IFS='|' read -r tool cmd t <<< "$row"
  printf '| %s | `%s` | %.2f | %.0f |\n' "$tool" "$cmd" "$t" "$(echo "$n / $t" | bc -l)"
done
