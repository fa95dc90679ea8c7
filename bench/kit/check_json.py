#!/usr/bin/python3
"""The bench kit's JSON, as CI checks it (bench.kit_json): it parses, names the machine, and holds
a median for every benchmark, none failed. Timings are not judged.

    check_json.py RESULTS.json
"""
import json
import os
import sys

IN_PROCESS = ["BM_TcpConnect", "BM_TcpConnectIpv6", "BM_TcpConnectLocalhost", "BM_HttpGet"]
SPAWNED = ["spawn/floor", "spawn/lucid-init"] + (
    ["spawn/python3.11"] if os.access("/usr/bin/python3.11", os.X_OK) else [])


def problems(results):
    context = results["context"]
    for key in ["cpu_model", "kernel", "num_cpus", "kit_version", "date"]:
        if key not in context:
            yield f"context has no {key}"
    if os.path.exists("/proc/device-tree/model") and "board" not in context:
        yield "context has no board, yet /proc/device-tree/model exists"
    entries = results["benchmarks"]
    for entry in entries:
        if entry.get("error_occurred"):
            yield f"{entry['name']} failed: {entry.get('error_message')}"
        if entry.get("failed_runs", 0):
            yield f"{entry['name']}: {entry['failed_runs']} runs failed"
    medians = {e["run_name"]: e for e in entries if e.get("aggregate_name") == "median"}
    for name in IN_PROCESS + SPAWNED:
        median = medians.get(name)
        if median is None:
            yield f"no median for {name}"
        elif not median["real_time"] > 0 or not median["cpu_time"] >= 0:
            yield f"{name}: median real_time {median['real_time']}, cpu_time {median['cpu_time']}"
        elif name.startswith("spawn/") and not median.get("peak_rss_kib", 0) > 0:
            yield f"{name}: no peak_rss_kib"


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        results = json.load(f)
    found = list(problems(results))
    for problem in found:
        print(f"{sys.argv[1]}: {problem}")
    if not found:
        print(f"{sys.argv[1]}: {len(results['benchmarks'])} entries, machine "
              f"{results['context'].get('board', '')} {results['context']['cpu_model']}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
