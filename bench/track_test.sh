#!/usr/bin/env bash
# bench/track.sh against real kit output (bench.track_same): a run compared with itself shows no
# regression; a copy in which lucid-init's spawned check got slower and bigger (every sample
# beyond every sample of the original, so the U test must see it) is flagged, for exactly that
# benchmark's wall, CPU and peak RSS; --name gives a baseline file name.
#   track_test.sh TRACK.sh RESULTS.json
set -euo pipefail
track=$1 results=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

rc=0
"$track" "$results" "$results" >"$work/same.txt" 2>&1 || rc=$?
cat "$work/same.txt"
((rc == 0)) || fail "the run against itself: exit $rc, not 0"
grep -qx "no regression" "$work/same.txt" || fail "the run against itself does not say 'no regression'"

/usr/bin/python3 - "$results" "$work/slower.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    results = json.load(f)
entries = [e for e in results["benchmarks"] if e.get("run_name") == "spawn/lucid-init"]
fields = ["real_time", "cpu_time", "peak_rss_kib"]
top = {field: max(e[field] for e in entries if e.get("run_type") == "iteration") for field in fields}
for e in entries:
    if e.get("run_type") == "iteration" or e.get("aggregate_name") in ("mean", "median"):
        for field in fields:
            e[field] += 2 * top[field] + 1
with open(sys.argv[2], "w") as f:
    json.dump(results, f, indent=2)
PY
rc=0
"$track" "$work/slower.json" "$results" >"$work/slower.txt" 2>&1 || rc=$?
cat "$work/slower.txt"
((rc == 1)) || fail "the doctored copy: exit $rc, not 1"
for measure in wall CPU "peak RSS"; do
  grep -q "^  spawn/lucid-init $measure: " "$work/slower.txt" || fail "spawn/lucid-init $measure not flagged"
done
flagged=$(grep -c '^  ' "$work/slower.txt")
((flagged == 3)) || fail "$flagged regressions flagged, not the 3 made"

name=$("$track" --name "$results")
[[ $name =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9A-Za-z.+~-]+_[a-z0-9.-]+\.json$ ]] || fail "--name gave '$name'"
echo "PASS (baseline name: $name)"
