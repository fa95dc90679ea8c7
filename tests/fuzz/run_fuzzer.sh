#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SEED_DIR WORK_DIR SECONDS: runs one libFuzzer target for SECONDS from the
# committed seeds. Fails (nonzero) on any crash, sanitizer report, leak or slow input, leaving the
# input in WORK_DIR/artifacts/; reproduce with `FUZZER ARTIFACT`.
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 seconds=$4
name=$(basename "$fuzzer")
corpus=$work/corpus/$name   # grows across runs; the seeds stay as committed
mkdir -p "$corpus" "$work/artifacts"
[[ -d $seeds ]] || { echo "no seed corpus at $seeds" >&2; exit 1; }
# -timeout: one input taking over 10 s is a hang. -rss_limit_mb: a runaway allocation is a bug.
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/$name-" "$corpus" "$seeds"
