#!/usr/bin/python3.11
"""lucid-init side by side with tini, tini-static, dumb-init and catatonit (Debian 12).

Every init runs as PID 1 of a fresh PID namespace (unshare --pid --fork --mount-proc) with the
same child programs (init_bench_child, built with the project). Runs are interleaved
(A B C D E A B C D E ...) so that load from other work on the machine hits every init alike, and
medians are reported. Prints a table, writes JSON and one PNG chart (gnuplot).

    bench/init/run.py [--build-dir build/release] [--aarch64 build/aarch64/src/lucid-init]
                      [--out build/bench] [--repeat N] [--quick] [--only INIT,...]

Needs root (unshare). As root it installs what is missing: tini, dumb-init, catatonit and
gnuplot-nox from Debian, and the arm64 packages of the peers (apt-get download) for the size row.
This is a benchmark, not a test: nothing here passes or fails on time.
"""
import argparse
import json
import math
import os
import pathlib
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import report

ROOT = pathlib.Path(__file__).resolve().parents[2]
UNSHARE = ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc"]
PEERS = {  # name -> Debian path (x86-64 here, arm64 inside the downloaded package)
    "tini": "/usr/bin/tini",
    "tini-static": "/usr/bin/tini-static",
    "dumb-init": "/usr/bin/dumb-init",
    "catatonit": "/usr/bin/catatonit",
}
PEER_PACKAGES = ["tini", "dumb-init", "catatonit"]
HELPERS = ["init_bench_child", "init_bench_time_run", "init_bench_forward_latency"]


def log(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Set-up: packages, helpers, binaries.


def ensure_packages(out_dir):
    """Installs the peers and gnuplot when missing; fetches the peers' arm64 packages."""
    missing = [p for p in PEER_PACKAGES if not os.path.exists(PEERS.get(p, f"/usr/bin/{p}"))]
    if shutil.which("gnuplot") is None:
        missing.append("gnuplot-nox")
    if missing:
        if os.geteuid() != 0:
            sys.exit(f"bench: missing {' '.join(missing)}: run as root or apt-get install them")
        log(f"installing {' '.join(missing)}")
        subprocess.run(["apt-get", "install", "-y", *missing], check=True,
                       stdout=subprocess.DEVNULL)
    arm_root = out_dir / "arm64-peers"
    if not (arm_root / "usr/bin/tini-static").exists():
        log("fetching the peers' arm64 packages from Debian (apt-get download)")
        debs = out_dir / "arm64-debs"
        debs.mkdir(parents=True, exist_ok=True)
        fetched = subprocess.run(["apt-get", "download", *(f"{p}:arm64" for p in PEER_PACKAGES)],
                                 cwd=debs, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if fetched.returncode != 0:
            log("could not download the arm64 packages: the aarch64 size row stays empty")
        for deb in debs.glob("*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(arm_root)], check=True)
    return arm_root


def ensure_helpers(build_dir):
    """lucid-init and the helpers from the build directory, built there when missing."""
    lucid = build_dir / "src/lucid-init"
    helpers = {name: build_dir / "bench/init" / name for name in HELPERS}
    if not lucid.exists() or not all(p.exists() for p in helpers.values()):
        log(f"building lucid-init and the bench helpers in {build_dir}")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "lucid-init", *HELPERS],
                       check=True, stdout=subprocess.DEVNULL)
    return lucid, helpers


def init_command(path, *program):
    return [*UNSHARE, str(path), "--", *map(str, program)]


def children_of(pid):
    try:
        return [int(p) for p in pathlib.Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def init_pid_of(launcher, timeout=10.0):
    """Host pid of the init: unshare --fork's only child."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = children_of(launcher.pid)
        if children:
            return children[0]
        time.sleep(0.001)
    raise RuntimeError("the init never appeared under unshare")


def interleaved(inits, rounds, one_run, label):
    """Calls one_run(name, path) for every init, round after round; lists of results by name."""
    results = {name: [] for name in inits}
    for round_index in range(rounds):
        for name, path in inits.items():
            results[name].append(one_run(name, path))
        if rounds >= 10 and (round_index + 1) % max(1, rounds // 5) == 0:
            log(f"{label}: {round_index + 1}/{rounds} rounds")
    return results


def percentile(values, fraction):
    """Nearest-rank percentile: p99 of 200 samples is the 198th smallest."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


# ---------------------------------------------------------------------------------------------
# The measurements.


def measure_startup(inits, helpers, rounds):
    """INIT -- /bin/true against /bin/true alone, both in a fresh PID namespace."""
    runs = {"baseline": None, **inits}

    def one_run(name, path):
        command = [*UNSHARE, "/bin/true"] if name == "baseline" else init_command(path, "/bin/true")
        out = subprocess.run([str(helpers["init_bench_time_run"]), *command], check=True,
                             capture_output=True, text=True).stdout.split()
        if out[1] != "0":
            raise RuntimeError(f"{name} -- /bin/true exited {out[1]}")
        return int(out[0])

    interleaved(runs, 1, one_run, "start-up warm-up")
    samples = interleaved(runs, rounds, one_run, "start-up")
    base = samples.pop("baseline")
    result = {"baseline_median_us": statistics.median(base) / 1e3, "inits": {}}
    for name, values in samples.items():
        result["inits"][name] = {
            "median_us": statistics.median(values) / 1e3,
            # Paired per round, so drift between rounds cancels.
            "overhead_us": statistics.median(v - b for v, b in zip(values, base)) / 1e3,
            "ratio": statistics.median(values) / statistics.median(base),
        }
    return result


def proc_status(pid):
    fields = {}
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def pss_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return None


def switches(pid):
    status = proc_status(pid)
    return int(status["voluntary_ctxt_switches"]) + int(status["nonvoluntary_ctxt_switches"])


def measure_idle(inits, helpers, seconds):
    """All inits at once, each with an idle child: their context switches over `seconds`."""
    running = {}
    for name, path in inits.items():
        launcher = subprocess.Popen(init_command(path, helpers["init_bench_child"], "idle"),
                                    stderr=subprocess.DEVNULL)
        running[name] = (launcher, init_pid_of(launcher))
    time.sleep(1.0)  # past start-up
    before = {name: switches(pid) for name, (_, pid) in running.items()}
    time.sleep(seconds)
    result = {}
    for name, (launcher, pid) in running.items():
        status = proc_status(pid)
        result[name] = {
            "wakeups": switches(pid) - before[name],
            "seconds": seconds,
            "rss_kib": int(status["VmRSS"].split()[0]),
            # What the init allocated itself; the rest is its (static) binary's mapped text.
            "rss_anon_kib": int(status["RssAnon"].split()[0]),
            "pss_kib": pss_kib(pid),
        }
        os.kill(pid, signal.SIGTERM)
    for launcher, _ in running.values():
        launcher.wait(timeout=30)
    return result


def measure_latency(inits, helpers, trials, settle_ms=20):
    """SIGTERM to PID 1 until the child's handler runs, CLOCK_MONOTONIC on both sides. The init's
    stderr is a pipe drained by the driver (as under a container runtime), or /dev/null; both
    kinds of trial are interleaved."""
    runs = {(name, log): path for name, path in inits.items() for log in ("pipe", "null")}

    def one_run(key, path):
        command = init_command(path, helpers["init_bench_child"], "stamp")
        out = subprocess.run([str(helpers["init_bench_forward_latency"]), str(settle_ms), key[1],
                              *command], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL).stdout.split()
        if not out or out[0] == "fail":
            raise RuntimeError(f"{key}: forward-latency trial failed: {out}")
        return int(out[0])

    samples = interleaved(runs, trials, one_run, "forward latency")
    result = {"pipe": {}, "null": {}}
    for (name, log), values in samples.items():
        result[log][name] = {"median_us": statistics.median(values) / 1e3,
                             "p99_us": percentile(values, 0.99) / 1e3, "trials": len(values),
                             "samples_ns": values}
    return result


def measure_reaping(inits, helpers, count, trials):
    """count orphaned grandchildren released at once: time until no zombie is left."""
    def one_run(name, path):
        out = subprocess.run(init_command(path, helpers["init_bench_child"], "orphans", count),
                             capture_output=True, text=True, timeout=120).stdout
        fields = dict(f.split("=") for f in out.split())
        if int(fields["released"]) != count:
            raise RuntimeError(f"{name}: only {fields['released']} of {count} orphans existed")
        return int(fields["reap_ns"]), int(fields["left"])

    samples = interleaved(inits, trials, one_run, "reaping")
    return {name: {"median_ms": statistics.median(t for t, _ in v) / 1e6,
                   "left": max(left for _, left in v), "orphans": count, "trials": len(v),
                   "samples_ms": [t / 1e6 for t, _ in v]}
            for name, v in samples.items()}


def measure_shutdown(inits, helpers, trials):
    """Child stops 0.5 s after SIGTERM; its grandchild needs 2 s of cleanup after its own."""
    def one_run(name, path):
        with tempfile.TemporaryDirectory(prefix="init-bench-") as scratch:
            launcher = subprocess.Popen(
                init_command(path, helpers["init_bench_child"], "slow-stop", scratch),
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            if launcher.stdout.readline().strip() != "ready":
                raise RuntimeError(f"{name}: slow-stop child never got ready")
            pid = init_pid_of(launcher)
            time.sleep(0.1)
            sent = time.monotonic()
            os.kill(pid, signal.SIGTERM)
            code = launcher.wait(timeout=60)
            stop = time.monotonic() - sent
            scratch_dir = pathlib.Path(scratch)
            return {"stop_s": stop, "exit": code,
                    "gc_got_sigterm": (scratch_dir / "gc-term").exists(),
                    "gc_finished": (scratch_dir / "gc-finished").exists()}

    samples = interleaved(inits, trials, one_run, "shutdown")
    return {name: {"stop_s": statistics.median(r["stop_s"] for r in v),
                   "gc_finished": all(r["gc_finished"] for r in v),
                   "gc_got_sigterm": all(r["gc_got_sigterm"] for r in v),
                   "exit": v[-1]["exit"], "trials": len(v)}
            for name, v in samples.items()}


def is_static_elf(path):
    """No PT_INTERP program header: nothing to load at run time."""
    data = pathlib.Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise RuntimeError(f"{path}: not a 64-bit ELF file")
    order = "little" if data[5] == 1 else "big"
    phoff = int.from_bytes(data[32:40], order)
    phentsize = int.from_bytes(data[54:56], order)
    phnum = int.from_bytes(data[56:58], order)
    for i in range(phnum):
        entry = phoff + i * phentsize
        if int.from_bytes(data[entry:entry + 4], order) == 3:  # PT_INTERP
            return False
    return True


def measure_sizes(binaries):
    """binaries: {arch: {name: path}} -> {arch: {name: {bytes, static}}}."""
    return {arch: {name: {"bytes": os.path.getsize(path), "static": is_static_elf(path)}
                   for name, path in found.items() if path and os.path.exists(path)}
            for arch, found in binaries.items()}


def measure_all(inits, helpers, rounds, aarch64, arm_root):
    """Every measurement once, the inits interleaved within each."""
    started = time.monotonic()
    results = {
        "machine": {"kernel": os.uname().release, "cpus": os.cpu_count(),
                    "loadavg_at_start": os.getloadavg()},
        "rounds": rounds,
    }
    log("binary sizes")
    results["sizes"] = measure_sizes({
        "x86-64": {k: str(v) for k, v in inits.items()},
        "aarch64": {"lucid-init": str(aarch64),
                    **{k: str(arm_root / v.lstrip("/")) for k, v in PEERS.items()
                       if k in inits}},
    })
    log(f"idle cost over {rounds['idle_s']} s, every init at once")
    results["idle"] = measure_idle(inits, helpers, rounds["idle_s"])
    log(f"start-up overhead, {rounds['startup']} interleaved rounds")
    results["startup"] = measure_startup(inits, helpers, rounds["startup"])
    log(f"signal-forward latency, {rounds['latency']} trials each")
    results["latency"] = measure_latency(inits, helpers, rounds["latency"])
    log(f"reaping 5000 orphans, {rounds['reaping']} trials each")
    results["reaping"] = measure_reaping(inits, helpers, 5000, rounds["reaping"])
    log(f"shutdown with a grandchild's 2 s cleanup, {rounds['shutdown']} trials each")
    results["shutdown"] = measure_shutdown(inits, helpers, rounds["shutdown"])
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    results["machine"]["seconds"] = round(time.monotonic() - started, 1)
    return results


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=pathlib.Path, default=ROOT / "build/release",
                        help="native build holding lucid-init and the bench helpers")
    parser.add_argument("--aarch64", type=pathlib.Path,
                        default=ROOT / "build/aarch64/src/lucid-init",
                        help="the aarch64 lucid-init, for the size row only")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build/bench",
                        help="where init.json, init.png and the peers' arm64 packages go")
    parser.add_argument("--quick", action="store_true", help="few trials: to try the script out")
    parser.add_argument("--repeat", type=int, default=1,
                        help="whole runs; the table shows the median of their medians (for a "
                             "machine with bursts of other load)")
    parser.add_argument("--only", help="comma-separated inits (default: all)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench: run as root (unshare --pid needs it)")

    args.out.mkdir(parents=True, exist_ok=True)
    arm_root = ensure_packages(args.out)
    lucid, helpers = ensure_helpers(args.build_dir.resolve())
    inits = {"lucid-init": lucid, **PEERS}
    if args.only:
        inits = {k: v for k, v in inits.items() if k in args.only.split(",")}

    rounds = {"startup": 200, "latency": 200, "reaping": 7, "shutdown": 3, "idle_s": 10}
    if args.quick:
        rounds = {"startup": 10, "latency": 10, "reaping": 1, "shutdown": 1, "idle_s": 2}

    runs = []
    for repeat in range(args.repeat):
        if args.repeat > 1:
            log(f"whole run {repeat + 1} of {args.repeat}")
        runs.append(measure_all(inits, helpers, rounds, args.aarch64, arm_root))
    results = report.combine(runs)
    if args.repeat > 1:
        results["runs"] = runs

    json_path = args.out / "init.json"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    print(report.markdown_table(results, list(inits)))
    chart = report.chart(results, list(inits), args.out / "init.png")
    log(f"wrote {json_path} and {chart}")


if __name__ == "__main__":
    main()
