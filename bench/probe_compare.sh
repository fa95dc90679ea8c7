#!/usr/bin/env bash
# Whole-process comparison of the three health checks on one listener, interleaved:
#   floor       bench/floor_connect, a minimal static C connect program
#   lucid-init  lucid-init probe --port PORT
#   python      the seed's HEALTHCHECK one-liner with /usr/bin/python3.11
# Prints median wall time, CPU time and peak RSS of each and their ratios (a Markdown table, as in
# docs/probe.md). Usage: bench/probe_compare.sh [BUILD_DIR (default build/release)] [RUNS (200)]
# Run it on a quiet machine: it measures, it does not judge.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build/release}
runs=${2:-200}
python=/usr/bin/python3.11

for f in "$build/src/lucid-init" "$build/bench/floor_connect" "$build/bench/measure_runs"; do
  [[ -x $f ]] || { echo "missing $f: cmake --build --preset release first" >&2; exit 1; }
done

commands=(-- floor "$build/bench/floor_connect" "{port}"
          -- lucid-init "$build/src/lucid-init" probe --port "{port}")
if [[ -x $python ]]; then
  # Exactly the seed's HEALTHCHECK, with the port filled in.
  commands+=(-- python3.11 "$python" -c "import socket; s = socket.socket(); s.settimeout(2); result = s.connect_ex(('127.0.0.1', {port})); s.close(); exit(0 if result == 0 else 1)")
else
  echo "note: $python not found; comparing lucid-init with the floor only" >&2
fi

echo "$(uname -m), $(nproc) CPUs, kernel $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
exec "$build/bench/measure_runs" -n "$runs" "${commands[@]}"
