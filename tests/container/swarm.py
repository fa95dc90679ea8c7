"""Helpers of the swarm suite (swarm_scenarios.py): one Swarm service per `with`, run the seed's
way as far as Swarm goes, health checked every second, always removed; its tasks, their
containers, HTTP requests from inside a task, a graceful stop's evidence. Every docker call goes
through docker_scenarios.docker (Debian's CLI, the suite's socket, a timeout)."""

import json
import os
import time

from docker_scenarios import docker, expect_match, inspect
from e2e import Failure, check, wait_until

SEED_OPTIONS = ["--network", "host", "--user", "65532:65532", "--read-only",
                "--mount", "type=tmpfs,destination=/tmp", "--cap-drop", "ALL"]
# The image's HEALTHCHECK command, every second; a start period that covers a slow start under
# load, and under qemu (Docker ends it at the first success: it costs a healthy service nothing).
START_PERIOD = {"amd64": "10s", "arm64": "120s"}
START_TIMEOUT = 120  # seconds to wait for a task to run: configure()
HTTP_CODE = ("import sys, urllib.request; print(urllib.request.urlopen(urllib.request.Request("
             "sys.argv[1], method=sys.argv[2]), timeout=5).status)")
ARCH = None  # amd64 or arm64: configure()
NAMES = []  # the scenarios' names: configure()


def configure(arch, names):
    global ARCH, NAMES, START_TIMEOUT
    ARCH, NAMES = arch, sorted(names)
    # python3.11 + FastAPI start in 1-11 s natively under load, up to a minute under qemu.
    START_TIMEOUT = {"amd64": 120, "arm64": 240}[arch]


def health_options():
    return ["--health-interval", "1s", "--health-timeout", "5s", "--health-retries", "2",
            "--health-start-period", START_PERIOD[ARCH]]


def image(kind="health"):
    return (f"lucid-e2e-docker-health:{ARCH}" if kind == "health"
            else f"lucid-e2e-swarm:{ARCH}-{kind}")


def port(scenario, slot=0):
    """The scenario's own port in the namespace (scenarios run side by side); slot 0 the first."""
    return 18000 + 10 * NAMES.index(scenario) + slot


class Service:
    """One Swarm service (docker service create --detach); removed on exit."""

    def __init__(self, scenario, kind="health", env=(), options=(), args=(), slot=0,
                 api_port=None, grace="10s", health=True):
        self.name = f"lucid-swarm-{scenario}-{slot}-{os.getpid()}"
        self.port = port(scenario, slot)
        self.command = ["service", "create", "--detach", "--quiet", "--name", self.name,
                        *SEED_OPTIONS, *(health_options() if health else ()),
                        "--stop-grace-period", grace,
                        "--restart-condition", "any", "--restart-delay", "1s",
                        "--env", f"API_PORT={api_port or self.port}"]
        for item in env:
            self.command += ["--env", item]
        self.command += [*options, image(kind), *args]

    def __enter__(self):
        docker(*self.command)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            ps = docker("service", "ps", "--no-trunc", self.name, check_rc=False)
            print(f"---- docker service ps {self.name}:\n{ps.stdout}{ps.stderr}"
                  f"---- docker service logs:\n{self.logs(check_rc=False)}----", flush=True)
        docker("service", "rm", self.name, check_rc=False)

    def inspect(self):
        return inspect(self.name)

    def tasks(self):
        ids = docker("service", "ps", "--quiet", "--no-trunc", self.name).stdout.split()
        return json.loads(docker("inspect", *ids).stdout) if ids else []

    def running(self, count=1, timeout=None):
        """Until COUNT tasks are running (and meant to); returns them by slot. A task that
        failed on the way (lucid-init refused its configuration) fails at once, with its log."""
        def enough():
            every = self.tasks()
            for task in every:
                if task["Status"]["State"] in ("failed", "rejected"):
                    raise Failure(f"task {task['Status']}:\n{container_logs(task)}")
            tasks = [t for t in every
                     if t["Status"]["State"] == "running" and t["DesiredState"] == "running"]
            return sorted(tasks, key=lambda t: t.get("Slot", 0)) if len(tasks) == count else None
        return wait_until(f"{count} running task(s)", enough, timeout or START_TIMEOUT, pause=0.3)

    def logs(self, check_rc=True):
        result = docker("service", "logs", "--raw", self.name, check_rc=check_rc)
        return result.stdout + result.stderr


def container_of(task):
    return task["Status"]["ContainerStatus"]["ContainerID"]


def container_logs(task):
    result = docker("logs", container_of(task))
    return result.stdout + result.stderr


def request(task, port_, method, path, check_rc=True):
    """An HTTP request to the task's service, from inside its container: True if it answered
    200 (Failure if not, with check_rc)."""
    result = docker("exec", container_of(task), "/usr/bin/python3.11", "-c", HTTP_CODE,
                    f"http://127.0.0.1:{port_}{path}", method, check_rc=check_rc)
    check(result.stdout.strip() == "200" or not check_rc, f"{method} {path}: {result.stdout}")
    return result.stdout.strip() == "200"


def stopped_gracefully(task, code=0):
    """The task's container ran the service's shutdown handler and exited with CODE."""
    state = inspect(container_of(task))["State"]
    logs = container_logs(task)
    expect_match(r"^app: shutdown handler ran$", logs, "the service's shutdown log")
    expect_match(rf"^lucid-init: exit {code}: child exited with status 0; shutdown on SIGTERM",
                 logs, "lucid-init's summary")
    check(state["ExitCode"] == code, f"exit code {state['ExitCode']}, not {code}")
    return state


def replace(*services):
    """docker service update --force of each service at once: Swarm stops its running task
    (SIGTERM, stop grace period) and starts another. Returns [(old task, time of the update)],
    once every old task stopped (kept in the task history, unlike a scale to 0's)."""
    olds = []
    for service in services:
        (old,) = service.running()
        olds.append((old, time.time()))
        docker("service", "update", "--detach", "--quiet", "--force", service.name)
    for old, _ in olds:
        wait_until("the old task to stop", lambda old=old: not inspect(
            container_of(old))["State"]["Running"], 60, pause=0.2)
    return olds
