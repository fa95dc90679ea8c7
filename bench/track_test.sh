#!/usr/bin/env bash
# bench/track.sh against real kit output (bench.track_same): a run compared with itself shows no
# regression; a copy in which lucid-init's spawned check got slower and bigger (every sample
# beyond every sample of the original, so the U test must see it) is flagged, for exactly that
# benchmark's wall and CPU (as ratios to the floor) and peak RSS; a copy in which every spawned
# program got slower alike (a busier machine) is no regression; --name gives a baseline file
# name.
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
def runs(name, field):
    return [e[field] for e in results["benchmarks"]
            if e.get("run_name") == name and e.get("run_type") == "iteration"]
# Added to every lucid-init sample: more than its largest ratio to any floor sample allows, so
# every slowed ratio is beyond every original one.
add = {}
for field in ["real_time", "cpu_time"]:
    floors = [v for v in runs("spawn/floor", field) if v > 0]
    add[field] = 2 * max(runs("spawn/lucid-init", field)) * max(floors) / min(floors) + 1
add["peak_rss_kib"] = 2 * max(runs("spawn/lucid-init", "peak_rss_kib")) + 1
for e in results["benchmarks"]:
    if e.get("run_name") == "spawn/lucid-init" and (
            e.get("run_type") == "iteration" or e.get("aggregate_name") in ("mean", "median")):
        for field, value in add.items():
            e[field] += value
with open(sys.argv[2], "w") as f:
    json.dump(results, f, indent=2)
PY
rc=0
"$track" "$work/slower.json" "$results" >"$work/slower.txt" 2>&1 || rc=$?
cat "$work/slower.txt"
((rc == 1)) || fail "the doctored copy: exit $rc, not 1"
for measure in wall/floor CPU/floor "peak RSS"; do
  grep -q "^  spawn/lucid-init $measure: " "$work/slower.txt" || fail "spawn/lucid-init $measure not flagged"
done
flagged=$(grep -c '^  ' "$work/slower.txt")
((flagged == 3)) || fail "$flagged regressions flagged, not the 3 made"

/usr/bin/python3 - "$results" "$work/busier.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    results = json.load(f)
# Every spawned sample times one factor that puts each beyond every original sample.
spawned = [e for e in results["benchmarks"] if e["name"].startswith("spawn/")]
for field in ["real_time", "cpu_time"]:
    values = [e[field] for e in spawned if e.get("run_type") == "iteration" and e[field] > 0]
    factor = 2 * max(values) / min(values)
    for e in spawned:
        e[field] *= factor
with open(sys.argv[2], "w") as f:
    json.dump(results, f, indent=2)
PY
rc=0
"$track" "$work/busier.json" "$results" >"$work/busier.txt" 2>&1 || rc=$?
cat "$work/busier.txt"
((rc == 0)) || fail "the busier machine's copy: exit $rc, not 0"
grep -q "^spawn/floor .* machine drift$" "$work/busier.txt" || fail "the floor's drift is not shown"

name=$("$track" --name "$results")
[[ $name =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9A-Za-z.+~-]+_[a-z0-9.-]+\.json$ ]] || fail "--name gave '$name'"
echo "PASS (baseline name: $name)"
