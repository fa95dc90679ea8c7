#!/usr/bin/python3
"""What one health check costs, CPU and wall, per check and per day (issue 17, docs/health.md):
lucid-init's own check in its event loop against a runtime's exec of a health command. Root
only; images local, nothing pulled.

    bench/health_cost.py [--runs N] [--interval S] BUILD_DIR BASE_IMAGE

BUILD_DIR: a build of lucid-init with --health-check; BASE_IMAGE: a local podman image with
/usr/bin/python3.11 (as bench/runtime_exec_bench.py, whose image, containers, private dockerd
and cgroup accounting this reuses). All against the same kind of service: a python3.11 listener
on 127.0.0.1:8000 under lucid-init, which accepts and closes; every check a TCP connect.

  in-process   a container whose lucid-init runs --health-check 127.0.0.1:8000 every S seconds
               (default 1), beside an idle twin without --health-check, both running through the
               whole measurement, at lucid-init's default verbosity (no line per check). CPU
               per check: the growth of the container's cpuacct cgroup (lucid-init and the
               listener's accept) less the idle twin's, over the checks made in that time;
               also lucid-init's own share (/proc/PID/task/*/schedstat, ns) and its
               utime+stime (/proc/PID/stat, clock ticks). Checks are counted by time
               (elapsed / S). Wall: the check's own time, from lucid-init's debug line ("tcp
               127.0.0.1:8000 connected in 0.21 ms") in a third container run afterwards with
               --verbose and a 100 ms interval, N checks.
  docker exec  `docker exec C lucid-init probe --port 8000` and of the seed's python3.11 one-liner
  podman       `podman healthcheck run C` of the same two (podman's own path for every check)

The exec rows are interleaved round by round (docker probe, docker one-liner, podman probe,
podman one-liner, ...) with runtime_exec_bench's accounting: wall is the CLI's; CPU is the whole
path (a cpuacct cgroup holding the CLI, dockerd, containerd, the shims, conmon, runc and the
containers). The in-process containers sit in a cgroup of their own, outside it. Prints Markdown.
"""
import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtime_exec_bench as rt  # noqa: E402

CHECKS_PER_DAY = 86400 // 30  # the seed's 30 s interval
EXEC_COMMANDS = ("lucid-init", "python3.11")
LABELS = {"lucid-init": "`lucid-init probe`", "python3.11": "python3.11 one-liner"}


def cgroup_of(pid):
    """The cpuacct cgroup folder of PID."""
    with open(f"/proc/{pid}/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if "cpuacct" in controllers.split(","):
                return os.path.join(rt.CPUACCT, path.lstrip("/"))
    raise RuntimeError(f"pid {pid}: no cpuacct cgroup")


def cpuacct_ns(folder):
    with open(os.path.join(folder, "cpuacct.usage")) as f:
        return int(f.read())


def schedstat_ns(pid):
    """CPU time of every thread of PID so far, ns (the first field of schedstat)."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        with open(path) as f:
            total += int(f.read().split()[0])
    return total


def stat_ticks(pid):
    """utime + stime of PID, clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


class InProcess:
    """Containers of the derived image outside the measured cgroup: one whose lucid-init checks
    127.0.0.1:8000 every INTERVAL seconds (default verbosity: no line per healthy check), one
    without a health check (its idle twin)."""

    def __init__(self, cgroup, interval):
        self.cgroup = cgroup
        self.interval = interval
        self.names = {}
        self.start("checked", self.flags(interval))
        self.start("idle", [])
        self.pids = {k: int(rt.run(rt.PODMAN + ["inspect", "--format", "{{.State.Pid}}", n]))
                     for k, n in self.names.items()}
        self.cgroups = {k: cgroup_of(p) for k, p in self.pids.items()}

    @staticmethod
    def flags(interval):
        return ["--health-check", "127.0.0.1:8000", "--health-interval",
                f"{round(interval * 1000)}ms"]

    def start(self, kind, flags):
        name = f"lucid-bench-{os.getpid()}-inprocess-{kind}"
        rt.run(rt.PODMAN + ["run", "--name", name, *rt.container_options(self.cgroup),
                            "--entrypoint", "/usr/local/bin/lucid-init", rt.TAG, *flags, "--",
                            "/usr/bin/python3.11", "-c", rt.LISTENER])
        self.names[kind] = name
        rt.wait_listening(rt.PODMAN + ["exec"], name)

    def sample(self):
        return (time.monotonic(), {k: cpuacct_ns(self.cgroups[k]) for k in ("checked", "idle")},
                schedstat_ns(self.pids["checked"]), stat_ticks(self.pids["checked"]))

    def walls_ms(self, count):
        """The checks' own times ("connected in 0.21 ms"): COUNT checks of a third container,
        whose lucid-init logs every healthy check (--verbose) every 100 ms."""
        self.start("timed", [*self.flags(0.1), "--verbose"])
        pattern = re.compile(r"^lucid-init: .* healthy: .* connected in ([0-9.]+) (ms|µs|s)$",
                             re.M)
        units = {"ms": 1, "µs": 1e-3, "s": 1e3}
        for _ in range(600):
            result = subprocess.run(rt.PODMAN + ["logs", self.names["timed"]], check=True,
                                    capture_output=True, text=True)
            walls = [float(v) * units[u] for v, u in pattern.findall(result.stdout +
                                                                      result.stderr)]
            if len(walls) >= count:
                return walls[:count]
            time.sleep(0.1)
        return walls

    def remove(self):
        rt.run(rt.PODMAN + ["rm", "--force", "--time", "0", *self.names.values()])


def per_day(ms):
    """CPU per day at 2880 checks, readable."""
    seconds = ms * CHECKS_PER_DAY / 1e3
    return f"{seconds:.2f} s" if seconds < 60 else f"{seconds / 60:.1f} min"


def report(inproc, start, end, samples, runs, interval):
    elapsed = end[0] - start[0]
    checks = elapsed / interval
    cgroup_ms = ((end[1]["checked"] - start[1]["checked"]) -
                 (end[1]["idle"] - start[1]["idle"])) / 1e6 / checks
    own_ms = (end[2] - start[2]) / 1e6 / checks
    ticks = end[3] - start[3]
    walls = inproc.walls_ms(runs)
    wall = f"{statistics.median(walls):.2f} ms" if walls else "(no debug line)"
    print(f"\nin-process: {checks:.0f} checks in {elapsed:.0f} s (every {interval:g} s); "
          f"lucid-init's utime+stime grew by {ticks} clock ticks "
          f"({ticks * 1e3 / os.sysconf('SC_CLK_TCK') / checks:.3f} ms per check at "
          f"{1e3 / os.sysconf('SC_CLK_TCK'):.0f} ms a tick); idle twin's container: "
          f"{(end[1]['idle'] - start[1]['idle']) / 1e6:.2f} ms in all\n")
    print("| path | health command | wall | CPU per check | CPU per day at 30 s |")
    print("|---|---|---:|---:|---:|")
    print(f"| lucid-init, in-process | `--health-check 127.0.0.1:8000` | {wall} | "
          f"{cgroup_ms:.3f} ms (lucid-init's own {own_ms:.3f} ms) | {per_day(cgroup_ms)} |")
    for runtime, path in (("docker", "`docker exec`"), ("podman", "`podman healthcheck run`")):
        for command in EXEC_COMMANDS:
            rows = samples[runtime][command]
            wall, total = (statistics.median(r[i] for r in rows) for i in range(2))
            print(f"| {path} | {LABELS[command]} | {wall:.0f} ms | {total:.1f} ms | "
                  f"{per_day(total)} |")
    print(f"\n{runs} runs of each exec row, interleaved; medians.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("build")
    parser.add_argument("base_image")
    args = parser.parse_args()
    cgroup = rt.Cgroup(f"lucid-bench-{os.getpid()}")
    apart = rt.Cgroup(f"lucid-bench-{os.getpid()}-inprocess")
    dockerd, inproc, teardown = None, None, []
    context = tempfile.mkdtemp()
    load_before = os.getloadavg()
    try:
        rt.derived_image(args.build, args.base_image, context)
        execs = {}
        execs["podman"], down = rt.podman_setup(cgroup)
        teardown.append(down)
        dockerd = rt.Dockerd(cgroup, os.path.join(os.path.abspath(args.build), "bench-dockerd"))
        execs["docker"], down = rt.docker_setup(cgroup, dockerd)
        teardown.append(down)
        inproc = InProcess(apart, args.interval)
        order = [(r, c) for r in ("docker", "podman") for c in EXEC_COMMANDS]
        for runtime, command in order:  # one untimed round: caches warm
            rt.measured(execs[runtime][command], cgroup)
        samples = {r: {c: [] for c in EXEC_COMMANDS} for r in execs}
        start = inproc.sample()
        for i in range(args.runs):
            for runtime, command in order:
                samples[runtime][command].append(rt.measured(execs[runtime][command], cgroup))
            if (i + 1) % 10 == 0:
                rt.log(f"{i + 1}/{args.runs} rounds")
        end = inproc.sample()
        print(f"{os.uname().machine}, {os.cpu_count()} CPUs, kernel {os.uname().release}, "
              f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, "
              f"{time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}")
        print(f"podman {rt.run(['podman', '--version']).split()[-1]} with "
              f"{rt.run(['runc', '--version']).splitlines()[0]}; "
              f"{rt.run(['dockerd', '--version']).split(',')[0]}")
        report(inproc, start, end, samples, args.runs, args.interval)
    finally:
        if inproc:
            inproc.remove()
        for down in teardown:
            try:
                down()
            except subprocess.CalledProcessError as error:
                rt.log(f"teardown: {error.stderr}")
        if dockerd:
            dockerd.stop()
        subprocess.run(rt.PODMAN + ["rmi", "--force", rt.TAG], capture_output=True)
        rt.shutil.rmtree(context, ignore_errors=True)
        cgroup.remove()
        apart.remove()


if __name__ == "__main__":
    main()
