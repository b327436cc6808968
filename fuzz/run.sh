#!/usr/bin/env bash
# Fuzz the whole pipeline (bytes → records → JSON → fiche text → records).
# Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Usage: fuzz/run.sh [SECONDS]   (default 600)
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
mkdir -p corpus/pipeline
# The corpus starts from the fixtures.
cp ../fixtures/*.txt ../fixtures/*/*.txt corpus/pipeline/
exec cargo +nightly fuzz run pipeline -- \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536
