#!/usr/bin/python3
"""What one health check costs under a container runtime, the runtime's own exec included
(docs/probe.md, "Under a container runtime"). Root only; nothing is pulled from a registry.

    bench/runtime_exec_bench.py [--runs N] [--runtimes podman,docker] BUILD_DIR BASE_IMAGE

BASE_IMAGE: a local podman image with /usr/bin/python3.11 (scripts/build-test-image.sh runtime
amd64, or a service image built on it). BUILD_DIR's lucid-init and bench/floor_connect are copied
into a derived image, whose containers run `lucid-init -- python3.11 LISTENER` (the listener
accepts and closes, like a service's port) with the seed's options: user 65532, read-only root,
no capabilities, no network but loopback.

Three health commands, interleaved round by round (floor, lucid-init, python3.11, floor, ...):
  floor       bench/floor_connect 8000: the least a check can run, so its cost is the runtime's own
  lucid-init  lucid-init probe --port 8000
  python3.11  the seed's HEALTHCHECK one-liner
  podman      `podman healthcheck run CONTAINER`, one container per command (its --health-cmd)
  docker      `docker exec CONTAINER COMMAND` against a private dockerd this script starts (own
              --data-root, --exec-root, --pidfile and socket) and stops by its pid

Per run: wall time of the CLI command; CPU time of everything it set in motion, from a cpuacct
cgroup holding the CLI, the runtime's daemons and shims (dockerd is started in it) and the
containers (--cgroup-parent); and the CLI's own CPU (wait4). Prints medians as Markdown.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

LISTENER = ("import socket\n"
            "s = socket.socket()\n"
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            "s.bind(('127.0.0.1', 8000))\n"
            "s.listen(128)\n"
            "while True:\n"
            "    s.accept()[0].close()\n")
SEED_ONE_LINER = ("import socket; s = socket.socket(); s.settimeout(2); "
                  "result = s.connect_ex(('127.0.0.1', 8000)); s.close(); "
                  "exit(0 if result == 0 else 1)")
COMMANDS = {
    "floor": ["/usr/local/bin/floor_connect", "8000"],
    "lucid-init": ["/usr/local/bin/lucid-init", "probe", "--port", "8000"],
    "python3.11": ["/usr/bin/python3.11", "-c", SEED_ONE_LINER],
}
PODMAN = ["podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs"]
TAG = f"localhost/lucid-bench-runtime:{os.getpid()}"
CPUACCT = "/sys/fs/cgroup/cpuacct"


def log(text):
    print(f"runtime-bench: {text}", file=sys.stderr, flush=True)


class Cgroup:
    """A cpuacct cgroup of our own; usage() is the CPU time of everything in it and below, ns."""

    def __init__(self, name):
        self.name = name
        self.path = os.path.join(CPUACCT, name)
        os.makedirs(self.path, exist_ok=True)

    def join(self):  # in a child, before exec
        with open(os.path.join(self.path, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    def usage(self):
        with open(os.path.join(self.path, "cpuacct.usage")) as f:
            return int(f.read())

    def remove(self):
        # The runtimes made the containers' cgroups below ours in every hierarchy.
        for hierarchy in os.listdir("/sys/fs/cgroup"):
            top = os.path.join("/sys/fs/cgroup", hierarchy, self.name)
            for root, _, _ in sorted(os.walk(top), key=lambda w: -len(w[0])):
                try:
                    os.rmdir(root)
                except OSError as error:
                    log(f"cgroup {root} left behind: {error}")


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs).stdout


def measured(argv, cgroup):
    """Wall ms, total CPU ms (the cgroup) and the CLI's CPU ms of one command."""
    usage = cgroup.usage()
    start = time.monotonic()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             preexec_fn=cgroup.join)
    _, status, rusage = os.wait4(child.pid, 0)
    wall = (time.monotonic() - start) * 1e3
    # Let the daemons' part of it finish: the CLI may return before a shim has reaped.
    time.sleep(0.05)
    total = (cgroup.usage() - usage) / 1e6
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: exit {child.returncode}: {err.strip()}")
    return wall, total, (rusage.ru_utime + rusage.ru_stime) * 1e3


def derived_image(build, base, context):
    shutil.copy(os.path.join(build, "src/lucid-init"), os.path.join(context, "lucid-init"))
    shutil.copy(os.path.join(build, "bench/floor_connect"), os.path.join(context, "floor_connect"))
    with open(os.path.join(context, "Containerfile"), "w") as f:
        f.write(f"FROM {base}\nCOPY lucid-init floor_connect /usr/local/bin/\nUSER 65532:65532\n"
                "ENTRYPOINT [\"/usr/local/bin/lucid-init\", \"--\"]\n")
    run(PODMAN + ["build", "--quiet", "--pull=never", "--tag", TAG, context])


def container_options(cgroup):
    return ["--detach", "--network", "none", "--read-only", "--cap-drop", "ALL",
            "--user", "65532:65532", f"--cgroup-parent=/{cgroup.name}/containers",
            # The sandbox of this machine refuses the runtimes' default limits (docs/containers.md).
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]


def wait_listening(exec_prefix, name):
    for _ in range(100):
        if subprocess.run(exec_prefix + [name] + COMMANDS["floor"]).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError(f"{name}: the listener never came up")


def podman_setup(cgroup):
    names = {}
    for command, argv in COMMANDS.items():
        name = f"lucid-bench-{os.getpid()}-{command.replace('.', '')}"
        run(PODMAN + ["run", "--name", name, *container_options(cgroup),
                      "--health-cmd", json.dumps(argv), "--health-interval", "disable",
                      TAG, "/usr/bin/python3.11", "-c", LISTENER])
        wait_listening(PODMAN + ["exec"], name)
        names[command] = name
    return {c: PODMAN + ["healthcheck", "run", n] for c, n in names.items()}, \
        lambda: run(PODMAN + ["rm", "--force", "--time", "0", *names.values()])


class Dockerd:
    def __init__(self, cgroup, root):
        self.root = root
        self.sock = f"/tmp/lucid-bench-{os.getpid()}.sock"
        os.makedirs(root, exist_ok=True)
        self.log = open(os.path.join(root, "dockerd.log"), "w")
        self.process = subprocess.Popen(
            ["dockerd", "--iptables=false", "--ip6tables=false", "--bridge=none",
             "--storage-driver=overlay2", f"--data-root={root}/data", f"--exec-root={root}/exec",
             f"--pidfile={root}/dockerd.pid", f"-H=unix://{self.sock}"],
            stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=cgroup.join)
        self.cli = ["docker", "-H", f"unix://{self.sock}"]
        for _ in range(300):
            if subprocess.run(self.cli + ["version"], capture_output=True).returncode == 0:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"dockerd did not start: see {root}/dockerd.log")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


def docker_setup(cgroup, dockerd):
    save = subprocess.Popen(PODMAN + ["save", TAG], stdout=subprocess.PIPE)
    subprocess.run(dockerd.cli + ["load"], stdin=save.stdout, check=True, capture_output=True)
    save.wait()
    name = f"lucid-bench-{os.getpid()}"
    run(dockerd.cli + ["run", "--name", name, *container_options(cgroup), "--no-healthcheck",
                       TAG, "/usr/bin/python3.11", "-c", LISTENER])
    wait_listening(dockerd.cli + ["exec"], name)
    return {c: dockerd.cli + ["exec", name, *argv] for c, argv in COMMANDS.items()}, \
        lambda: run(dockerd.cli + ["rm", "--force", name])


def report(runtime, samples, runs):
    print(f"\n{runtime}: {runs} runs of each, interleaved; medians\n")
    print("| health command | wall | CPU, all of it | CPU of the CLI | CPU, the rest |")
    print("|---|---:|---:|---:|---:|")
    med = {}
    for command, rows in samples.items():
        wall, total, cli = (statistics.median(r[i] for r in rows) for i in range(3))
        rest = statistics.median(r[1] - r[2] for r in rows)
        med[command] = (wall, total, rest)
        print(f"| {command} | {wall:.1f} ms | {total:.1f} ms | {cli:.1f} ms | {rest:.1f} ms |")
    f, l, p = med["floor"], med["lucid-init"], med["python3.11"]
    print(f"\npython3.11 - lucid-init: {p[0] - l[0]:+.1f} ms wall, {p[1] - l[1]:+.1f} ms CPU per "
          f"check; lucid-init - floor: {l[0] - f[0]:+.1f} ms wall, {l[1] - f[1]:+.1f} ms CPU")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--runtimes", default="podman,docker")
    parser.add_argument("build")
    parser.add_argument("base_image")
    args = parser.parse_args()
    runtimes = args.runtimes.split(",")
    cgroup = Cgroup(f"lucid-bench-{os.getpid()}")
    dockerd = None
    teardown = []
    context = tempfile.mkdtemp()
    try:
        derived_image(args.build, args.base_image, context)
        execs = {}
        if "podman" in runtimes:
            execs["podman"], down = podman_setup(cgroup)
            teardown.append(down)
        if "docker" in runtimes:
            dockerd = Dockerd(cgroup, os.path.join(os.path.abspath(args.build), "bench-dockerd"))
            execs["docker"], down = docker_setup(cgroup, dockerd)
            teardown.append(down)
        samples = {r: {c: [] for c in COMMANDS} for r in execs}
        for runtime in execs:  # one untimed round: caches warm
            for command in COMMANDS:
                measured(execs[runtime][command], cgroup)
        for i in range(args.runs):
            for runtime in execs:
                for command in COMMANDS:
                    samples[runtime][command].append(measured(execs[runtime][command], cgroup))
            if (i + 1) % 10 == 0:
                log(f"{i + 1}/{args.runs} rounds")
        print(f"{os.uname().machine}, {os.cpu_count()} CPUs, kernel {os.uname().release}, "
              f"load average {os.getloadavg()[0]:.1f} at the end, "
              f"{time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}")
        print(f"podman {run(['podman', '--version']).split()[-1]} with "
              f"{run(['runc', '--version']).splitlines()[0]}; "
              f"{run(['dockerd', '--version']).split(',')[0]}, "
              f"client {run(['docker', '--version']).split()[2].rstrip(',')}")
        for runtime, rows in samples.items():
            report(runtime, rows, args.runs)
    finally:
        for down in teardown:
            try:
                down()
            except subprocess.CalledProcessError as error:
                log(f"teardown: {error.stderr}")
        if dockerd:
            dockerd.stop()
        subprocess.run(PODMAN + ["rmi", "--force", TAG], capture_output=True)
        shutil.rmtree(context, ignore_errors=True)
        cgroup.remove()


if __name__ == "__main__":
    main()
