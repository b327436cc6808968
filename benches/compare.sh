#!/usr/bin/env bash
# Whole-command throughput of `fiche convert` beside its baselines, in one
# run on one corpus: `wc -l`, the plain Python script of benches/baseline.py,
# and fiche with --jobs 1 and --jobs 2. Best of 3 wall-clock runs each.
#
# Usage: benches/compare.sh [FICHES]   (default 20000, about 23 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
fiches=${1:-20000}
cargo build --release --quiet
bin=target/release/fiche
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus.txt"
"$bin" generate "$fiches" > "$corpus"
bytes=$(stat -c %s "$corpus")

# Each run writes a new file: `>` on the previous run's output would first
# free its pages and blocks (15-25 ms for fiche's 60 MB of NDJSON on ext4),
# work of the shell and the file system, not of the command timed.
fresh_outputs() { rm -f "$work/out" "$work/out1" "$work/out2"; }

best_of_3() {
  local best=""
  for _ in 1 2 3; do
    local start end t
    fresh_outputs
    start=$(date +%s.%N)
    "$@" > "$work/out" 2>/dev/null || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}

printf '%s fiches, %s bytes\n' "$fiches" "$bytes"
printf '%-28s %10s %12s %12s\n' command seconds MB/s "vs python"
python=$(best_of_3 python3 benches/baseline.py "$corpus")
# Two independent `--jobs 1` runs at once, each on the whole corpus: what
# this machine gives two processes that share nothing, the ceiling for
# --jobs 2 (shared caches and a shared host cap it below 2x).
two_at_once() {
  "$bin" convert -q --jobs 1 "$corpus" > "$work/out1" &
  "$bin" convert -q --jobs 1 "$corpus" > "$work/out2"
  wait
}
for name in wc python fiche-jobs-1 fiche-jobs-2 two-fiche-jobs-1-at-once; do
  work_bytes=$bytes
  case $name in
    wc) t=$(best_of_3 wc -l "$corpus") ;;
    python) t=$python ;;
    fiche-jobs-1) t=$(best_of_3 "$bin" convert -q --jobs 1 "$corpus"); jobs_1=$t ;;
    fiche-jobs-2) t=$(best_of_3 "$bin" convert -q --jobs 2 "$corpus"); jobs_2=$t ;;
    two-fiche-jobs-1-at-once) t=$(best_of_3 two_at_once); work_bytes=$((2 * bytes)) ;;
  esac
  printf '%-28s %10.3f %12.1f %12.2f\n' "$name" "$t" \
    "$(echo "$work_bytes / $t / 1000000" | bc -l)" \
    "$(echo "$python / $t * $work_bytes / $bytes" | bc -l)"
done
# The batch issue's scaling target: --jobs 2 at least 1.8 times --jobs 1.
printf '%-28s %10.2f\n' "jobs-2 speed-up over jobs-1" "$(echo "$jobs_1 / $jobs_2" | bc -l)"
