#!/usr/bin/env bash
# Compares a bench kit run with a baseline through Google Benchmark's compare.py (Debian's
# libbenchmark-tools) and prints the regressions beyond the run-to-run noise.
#
#   bench/track.sh [--threshold PCT] [--alpha P] [--verbose] NEW.json [BASE.json]
#   bench/track.sh --name NEW.json     the file name NEW.json gets as a baseline in bench/results/
#
# Without BASE.json: the newest baseline in bench/results/ of NEW.json's machine (names are
# DATE_VERSION_MACHINE.json, see bench/results/README.md). A benchmark regressed when its median
# wall or CPU time (or, for a spawned check, its median peak RSS) grew by more than PCT percent
# (default 5) and compare.py's Mann-Whitney U test says the two runs differ (p < P, default 0.05):
# a change that the repetitions' own spread could explain is noise, not a regression.
# Run-to-run noise, the machine being busier in one run than in the other, moves every sample of
# a run alike, so a spawned check's wall and CPU are judged as its ratio to the floor program's
# run of the same round (measure_runs interleaves them): that drift cancels out. The floor and
# the seed's python3.11 are not lucid-init's code: they are shown as references (their change is
# the machine's drift), never as regressions. Too few repetitions for the test to reach P: the
# benchmark is reported as not judged.
# Exit status: 0 no regression, 1 regressions, 2 bad usage or unreadable files.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
compare=${LUCID_COMPARE_PY:-/usr/share/benchmark/compare.py}
[[ -f $compare ]] || { echo "track: $compare not found: apt install libbenchmark-tools (scripts/setup.sh)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Debian's python3: compare.py needs its numpy and scipy.
exec /usr/bin/python3 - "$compare" "$work" bench/results "$@" <<'PY'
import glob
import json
import math
import os
import re
import statistics
import subprocess
import sys

from scipy.stats import mannwhitneyu

compare, work, results_dir, *args = sys.argv[1:]


def usage(message):
    print(f"track: {message}", file=sys.stderr)
    print("usage: bench/track.sh [--threshold PCT] [--alpha P] [--verbose] NEW.json [BASE.json]\n"
          "       bench/track.sh --name NEW.json", file=sys.stderr)
    sys.exit(2)


def number(flag, text, low, high):
    try:
        value = float(text)
    except ValueError:
        usage(f"{flag}='{text}': must be a number, {low}-{high}")
    if not low <= value <= high:
        usage(f"{flag}='{text}': must be {low}-{high}")
    return value


threshold, alpha, verbose, name_only, files = 5.0, 0.05, False, False, []
while args:
    flag = args.pop(0)
    if flag in ("--threshold", "--alpha"):
        if not args:
            usage(f"{flag} needs a value")
        if flag == "--threshold":
            threshold = number(flag, args.pop(0), 0, 1000)
        else:
            alpha = number(flag, args.pop(0), 0.0001, 0.5)
    elif flag == "--verbose":
        verbose = True
    elif flag == "--name":
        name_only = True
    elif flag.startswith("-"):
        usage(f"unknown option '{flag}'")
    else:
        files.append(flag)
if not 1 <= len(files) <= (1 if name_only else 2):
    usage("one NEW.json (and an optional BASE.json)")


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            results = json.load(f)
        results["context"], results["benchmarks"]
        return results
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"track: {path}: not Google Benchmark JSON: {error}", file=sys.stderr)
        sys.exit(2)


def slug(text):
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-") or "unknown"


def machine(results):
    """The board (or, without one, the CPU model) and the architecture: what a baseline is for."""
    context = results["context"]
    arch = context.get("kernel", "").split(" ")[-1]
    return slug(f"{context.get('board') or context.get('cpu_model', 'unknown')} {arch}")


def baseline_name(results):
    context = results["context"]
    return f"{context.get('date', 'unknown')[:10]}_{context.get('kit_version', 'unknown')}_{machine(results)}.json"


new_path = files[0]
new = load(new_path)
if name_only:
    print(baseline_name(new))
    sys.exit(0)
if len(files) == 2:
    base_path = files[1]
else:
    candidates = sorted(glob.glob(os.path.join(results_dir, f"*_{machine(new)}.json")))
    if not candidates:
        print(f"track: no baseline for machine '{machine(new)}' in {results_dir}/ "
              f"(add one: bench/results/README.md)", file=sys.stderr)
        sys.exit(2)
    base_path = candidates[-1]  # names start with the date
base = load(base_path)
if machine(base) != machine(new):
    print(f"track: warning: {base_path} is of machine '{machine(base)}', {new_path} of "
          f"'{machine(new)}': the comparison says little", file=sys.stderr)

dump = os.path.join(work, "diff.json")
run = subprocess.run([sys.executable, compare, "--no-color", "-a", "--alpha", str(alpha),
                      "--dump_to_json", dump, "benchmarks", base_path, new_path],
                     capture_output=True, text=True)
if run.returncode != 0:
    print(f"track: compare.py failed:\n{run.stderr}", file=sys.stderr)
    sys.exit(2)
if verbose:
    print(run.stdout)
with open(dump, encoding="utf-8") as f:
    diff = {entry["name"]: entry for entry in json.load(f)}


def medians(results):
    return {e["run_name"]: e for e in results["benchmarks"] if e.get("aggregate_name") == "median"}


def samples(results, name, field):
    return [e[field] for e in results["benchmarks"]
            if e.get("run_type") == "iteration" and e.get("run_name") == name and field in e]


def utest(old, now):
    """compare.py's test (two-sided Mann-Whitney U) on samples it does not see itself."""
    if min(len(old), len(now)) < 2:
        return None
    if len(set(old + now)) == 1:
        return 1.0  # every sample alike on both sides: no change
    return mannwhitneyu(old, now, alternative="two-sided").pvalue


def per_round_ratio(results, name, field):
    """The spawned check's sample over the floor's of the same round (they ran back to back):
    what the machine's state did to both cancels out."""
    floor = {e["repetition_index"]: e[field] for e in results["benchmarks"]
             if e.get("run_type") == "iteration" and e.get("run_name") == FLOOR}
    return [e[field] / floor[e["repetition_index"]] for e in results["benchmarks"]
            if e.get("run_type") == "iteration" and e.get("run_name") == name
            and floor.get(e.get("repetition_index"), 0) > 0]


# Programs that are not lucid-init's code, measured beside it: what they do between two runs is
# the machine's drift. The floor is the control the spawned lucid-init is judged against.
FLOOR = "spawn/floor"
REFERENCES = {FLOOR, "spawn/python3.11"}

base_medians, new_medians = medians(base), medians(new)
print(f"base {base_path} ({machine(base)})\nnew  {new_path} ({machine(new)})\n"
      f"regression: median more than {threshold:g}% worse and U test p < {alpha:g}; a spawned "
      f"check's wall and CPU\nas its ratio to the floor's run of the same round; "
      f"{', '.join(sorted(REFERENCES))}: references (drift), not judged\n")
print(f"{'benchmark':<24} {'measure':<10} {'base':>14} {'new':>14} {'change':>8} {'p':>7}  verdict")
regressions = []
for name in [n for n in new_medians if n in base_medians]:
    utest_of_compare = diff.get(name, {}).get("utest") or {}
    unit = new_medians[name]["time_unit"]
    spawned = "peak_rss_kib" in new_medians[name] and "peak_rss_kib" in base_medians[name]
    if spawned and name not in REFERENCES and FLOOR in new_medians and FLOOR in base_medians:
        measures = []
        for label, field in (("wall/floor", "real_time"), ("CPU/floor", "cpu_time")):
            old, now = per_round_ratio(base, name, field), per_round_ratio(new, name, field)
            measures.append((label, statistics.median(old), statistics.median(now),
                             utest(old, now), "x", (len(old), len(now))))
    else:
        counts = (len(samples(base, name, "real_time")), len(samples(new, name, "real_time")))
        measures = [(label, base_medians[name][field], new_medians[name][field],
                     utest_of_compare.get(key), unit, counts)
                    for label, field, key in (("wall", "real_time", "time_pvalue"),
                                              ("CPU", "cpu_time", "cpu_pvalue"))]
    if spawned:
        old, now = samples(base, name, "peak_rss_kib"), samples(new, name, "peak_rss_kib")
        measures.append(("peak RSS", base_medians[name]["peak_rss_kib"],
                         new_medians[name]["peak_rss_kib"], utest(old, now), "KiB",
                         (len(old), len(now))))
    for label, old, now, p, shown_unit, counts in measures:
        change = (now - old) / old * 100 if old else 0.0
        # The smallest two-sided p the U test can give for these sample counts: with 2 against
        # 2 it is 1/3, so such a run can show no regression at all, and says so.
        floor_p = 2 / math.comb(sum(counts), counts[0]) if min(counts) >= 1 else 1.0
        significant = p is not None and p < alpha
        if p is None or floor_p >= alpha:
            verdict = f"not judged ({counts[0]} vs {counts[1]} repetitions: too few)"
        elif name in REFERENCES:
            verdict = "machine drift" if significant and abs(change) > threshold else "same"
        elif change > threshold and significant:
            verdict = "REGRESSION"
            regressions.append(f"{name} {label}: {old:.4g} -> {now:.4g} {shown_unit} "
                               f"(+{change:.1f}%, p={p:.3g})")
        elif change < -threshold and significant:
            verdict = "faster"
        else:
            verdict = "same"
        p_text = "-" if p is None else f"{p:.3f}"
        print(f"{name:<24} {label:<10} {old:>10.5g} {shown_unit:<3} {now:>10.5g} {shown_unit:<3} "
              f"{change:>+7.1f}% {p_text:>7}  {verdict}")
missing = sorted(set(base_medians) - set(new_medians))
if missing:
    print(f"\nnot in the new run: {', '.join(missing)}")
print()
if regressions:
    print(f"{len(regressions)} regression(s):")
    for line in regressions:
        print(f"  {line}")
    sys.exit(1)
print("no regression")
PY
