#!/usr/bin/python3.11
"""The docker suite (issue 11): lucid-init under the real Docker engine (Debian 12's docker.io
20.10, its own dockerd: tests/container/docker_daemon.sh), beside the podman suite
(scenarios.py), one ctest test per scenario:

    docker_scenarios.py --socket PATH --arch ARCH --version VERSION SCENARIO

Images (tests/container/docker_images.sh): lucid-e2e-docker-health:ARCH (the podman suite's
service image + an exec-form HEALTHCHECK every second), lucid-init:VERSION-ARCH (this build's
release image, `docker load`ed), lucid-api:ARCH (examples/Dockerfile built by BuildKit).
Containers run the seed's way (user 65532, read-only root, /tmp tmpfs, no capabilities,
no-new-privileges) on the host's network (dockerd has no bridge here) with a free port of their
own in API_PORT, so scenarios run side by side. Exit 0: passed; 1: failed (the reason last).
"""

import argparse
import calendar
import contextlib
import hashlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
import uuid

from e2e import (HEALTH_STOP_ENV, HEALTH_STOP_EXIT, HEALTHY_CHECK_LINE, PROCESSES_CODE,
                 SEED_OPTIONS, Failure, check, check_health_stop, wait_until)
from scenarios import ENVIRON_CODE

DOCKER = ["/usr/bin/docker"]  # Debian's 20.10 CLI (the preinstalled 28.x one has no BuildKit)
COMPOSE_V1 = ["/usr/bin/docker-compose"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 60  # per docker call
START_TIMEOUT = 120  # python3.11 + FastAPI: ~1 s natively, several under qemu, on a busy machine
T0 = time.monotonic()
ARGS = None


def step(message):
    print(f"[{time.monotonic() - T0:6.1f}s] {message}", flush=True)


def run(command, timeout=TIMEOUT, check_rc=True, env=None):
    command = [str(a) for a in command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                env=env)
    except subprocess.TimeoutExpired as e:
        raise Failure(f"timed out after {timeout} s: {' '.join(command)}") from e
    if check_rc and result.returncode != 0:
        raise Failure(f"exit {result.returncode}: {' '.join(command)}\n{result.stderr.strip()}")
    return result


def docker(*args, **kwargs):
    return run(DOCKER + ["-H", f"unix://{ARGS.socket}", *args], **kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def expect_match(pattern, text, what):
    check(re.search(pattern, text, re.M), f"{what}: /{pattern}/ not found in:\n{text}")


def http(port, method, path, timeout=10):
    """HTTP to the service on the host's loopback; (status, decoded JSON body)."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


class Container:
    """One container of IMAGE (docker run -d, host network, its own API_PORT); removed on exit."""

    def __init__(self, image, scenario, env=(), options=()):
        self.image = image
        self.name = f"lucid-e2e-docker-{scenario}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.port = free_port()
        self.env = [f"API_PORT={self.port}", *env]
        self.options = list(options)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            print(f"---- docker logs {self.name}:\n{self.logs(check_rc=False)}----", flush=True)
        docker("rm", "--force", self.name, check_rc=False)

    def start(self):
        options = ["--name", self.name, "--network", "host", *SEED_OPTIONS, *self.options]
        for item in self.env:
            options += ["-e", item]
        docker("run", "--detach", *options, self.image)
        return self

    def request(self, method, path, timeout=10):
        return http(self.port, method, path, timeout)

    def state(self):
        return json.loads(docker("inspect", "--format", "{{json .State}}", self.name).stdout)

    def health(self):
        return self.state()["Health"]

    def wait_health(self, status, timeout=START_TIMEOUT):
        """Until dockerd's own health checks say STATUS; returns .State.Health."""
        def reached():
            health = self.health()
            return health if health["Status"] == status else None
        health = wait_until(f"health status {status}", reached, timeout, pause=0.2)
        step(f"{status}: failing streak {health['FailingStreak']}, last check "
             f"{health['Log'][-1]['Output'].strip()!r}" if health["Log"] else f"{status}")
        return health

    def wait_ready(self, timeout=START_TIMEOUT):
        def answers():
            try:
                return self.request("GET", "/whoami", timeout=2)[0] == 200
            except OSError:
                check(self.state()["Running"], f"exited while starting:\n{self.logs()}")
                return False
        wait_until("the service to answer", answers, timeout)

    def logs(self, check_rc=True):
        result = docker("logs", self.name, check_rc=check_rc)
        return result.stdout + result.stderr

    def wait_for_log(self, pattern, timeout=30):
        return wait_until(f"log line /{pattern}/", lambda: re.search(pattern, self.logs(), re.M),
                          timeout)

    def exec_python(self, code):
        return docker("exec", self.name, "/usr/bin/python3.11", "-c", code).stdout

    def stop(self, seconds=10):
        """docker stop -t SECONDS; returns (exit code, seconds the stop took)."""
        t0 = time.monotonic()
        docker("stop", "--time", seconds, self.name, timeout=seconds + 30)
        took = time.monotonic() - t0
        state = self.state()
        check(not state["Running"], "still running after docker stop")
        step(f"docker stop -t {seconds}: {took:.2f} s, exit code {state['ExitCode']}")
        return state["ExitCode"], took


def health_image():
    return f"lucid-e2e-docker-health:{ARGS.arch}"


def health_lines(health):
    return [entry["Output"].strip() for entry in health["Log"]]


# ---- scenarios ----------------------------------------------------------------------------------

def health():
    """dockerd's own HEALTHCHECK scheduling (interval 1 s, retries 2, start period 120 s): failing
    checks in the start period leave it starting; the first success makes it healthy and ends
    the start period, so 503s then make it unhealthy at once (2 checks), and a closed listener
    gives connection refused; every probe's line is in docker inspect's health log."""
    with Container(health_image(), "health", env=["APP_HEALTH_FAILING=1"]) as c:
        c.start()
        c.wait_ready()

        def failed_checks():
            h = c.health()
            return h if sum(e["ExitCode"] == 1 for e in h["Log"]) >= 3 else None
        h = wait_until("3 failed checks", failed_checks, 30)
        step(f"{h['Status']} after 3 failed checks: {health_lines(h)[-1]}")
        check(h["Status"] == "starting", f"health status {h['Status']!r} in the start period")
        expect_match(rf"^unhealthy: http://127\.0\.0\.1:{c.port}/health: status 503 in",
                     health_lines(h)[-1], "the probe's line in the health log")
        check(c.request("POST", "/recover")[0] == 200, "POST /recover failed")
        h = c.wait_health("healthy", timeout=30)
        expect_match(rf"^healthy: http://127\.0\.0\.1:{c.port}/health: status 200 in [0-9.]+ ms$",
                     health_lines(h)[-1], "the probe's line in the health log")
        check(h["Log"][-1]["ExitCode"] == 0, "the healthy check's exit code is not 0")
        started = time.monotonic()
        check(c.request("POST", "/fail")[0] == 200, "POST /fail failed")
        h = c.wait_health("unhealthy", timeout=30)
        step(f"unhealthy {time.monotonic() - started:.1f} s after /fail, inside the start period")
        check(h["FailingStreak"] >= 2, f"unhealthy before 2 failures: {h}")
        expect_match(rf"^unhealthy: http://127\.0\.0\.1:{c.port}/health: status 503 in",
                     health_lines(h)[-1], "the probe's line in the health log")
        check(c.request("POST", "/close-listener")[1]["closed"] >= 1, "no listener closed")
        refused = rf"^unhealthy: http://127\.0\.0\.1:{c.port}/health: .*refused"
        wait_until("a 'connection refused' check",
                   lambda: re.search(refused, "\n".join(health_lines(c.health())), re.M), 30)
        step(f"health log: {health_lines(c.health())[-1]}")
        check(c.health()["Status"] == "unhealthy", "not unhealthy with the listener closed")


def stop():
    """docker stop -t 10 of a healthy service: shutdown handler, exit 0, well under 10 s; the
    health status is unhealthy once the container has exited."""
    with Container(health_image(), "stop") as c:
        c.start()
        c.wait_health("healthy")
        code, took = c.stop(10)
        logs = c.logs()
        expect_match(r"^app: shutdown handler ran$", logs, "the service's shutdown log")
        expect_match(r"^lucid-init: exit 0: child exited with status 0; shutdown on SIGTERM took",
                     logs, "lucid-init's summary")
        check(code == 0, f"exit code {code}, not 0")
        check(took < 8, f"docker stop took {took:.2f} s: not well under its 10 s")
        status = c.health()["Status"]
        step(f"health status after the exit: {status}")
        check(status == "unhealthy", f"health status {status!r} after the exit, not unhealthy")


def ignore_sigterm():
    """A service ignoring SIGTERM, LUCID_INIT_GRACE=2s: docker stop -t 10 ends at lucid-init's
    deadline, not Docker's, with exit code 137."""
    env = ["LUCID_INIT_GRACE=2s", "APP_IGNORE_SIGTERM=1"]
    with Container(health_image(), "ignore-sigterm", env=env) as c:
        c.start()
        c.wait_ready()
        c.wait_for_log(r"^app: ignoring SIGTERM$")
        code, took = c.stop(10)
        logs = c.logs()
        expect_match(r"^lucid-init: exit 137: .*shutdown on SIGTERM took [0-9.]+s, "
                     r"SIGKILL at the 2s deadline", logs, "lucid-init's summary")
        check("app: shutdown handler ran" not in logs, "the service did not ignore SIGTERM")
        check(code == 137, f"exit code {code}, not 137")
        check(1.5 <= took < 8, f"stop took {took:.2f} s: not lucid-init's 2 s deadline")


def docker_init():
    """docker run --init: Docker's tini is PID 1, lucid-init its child and a subreaper: no
    warning, 20 orphans reaped by lucid-init (no zombie), graceful stop with exit code 0."""
    with Container(health_image(), "init", options=["--init"]) as c:
        c.start()
        c.wait_ready()
        procs = {int(p): v for p, v in json.loads(c.exec_python(PROCESSES_CODE)).items()}
        step(f"processes: {procs}")
        check(procs[1][2] == "docker-init", f"PID 1 is {procs[1]}, not docker-init")
        me = c.request("GET", "/whoami")[1]
        parent = procs[me["ppid"]]
        check(parent[2] == "lucid-init" and parent[1] == 1,
              f"the service's parent {me['ppid']} is {parent}, not lucid-init under PID 1")
        orphans = c.request("POST", "/orphans?count=20")[1]["pids"]
        check(len(orphans) == 20, f"orphans: {orphans}")

        def settled():
            now = {int(p): v for p, v in json.loads(c.exec_python(PROCESSES_CODE)).items()}
            return not [p for p, v in now.items() if v[0] == "Z" or p in orphans]
        wait_until("every orphan to be reaped", settled, 30, pause=0.5)
        code, took = c.stop(10)
        logs = c.logs()
        check("lucid-init: warning" not in logs, f"lucid-init warned:\n{logs}")
        expect_match(r"^app: shutdown handler ran$", logs, "the service's shutdown log")
        reaped = re.search(r"^lucid-init: exit 0: .*; (\d+) orphans reaped$", logs, re.M)
        check(reaped and int(reaped.group(1)) >= 20,
              f"lucid-init's summary does not count the 20 orphans:\n{logs}")
        check(code == 0, f"exit code {code}, not 0")
        check(took < 8, f"docker stop took {took:.2f} s")


def signals():
    """docker kill -s USR1 / ABRT / HUP: each reaches the service; the container keeps running."""
    with Container(health_image(), "signals") as c:
        c.start()
        c.wait_ready()
        for name in ("USR1", "ABRT", "HUP"):
            docker("kill", "--signal", name, c.name)
            c.wait_for_log(rf"^app: got SIG{name}$")
            step(f"SIG{name} reached the service")
        check(c.state()["Running"], "the container stopped after the signals")
        check(c.request("GET", "/whoami")[0] == 200, "the service stopped answering")
        code, _ = c.stop(10)
        check(code == 0, f"exit code {code}, not 0")


def release_image():
    """scripts/make-image-archive.py's archive, docker load'ed: lucid-init:VERSION-ARCH is ARCH's,
    carries the OCI labels and runs /lucid-init --version."""
    image = f"lucid-init:{ARGS.version}-{ARGS.arch}"
    info = json.loads(docker("image", "inspect", image).stdout)[0]
    step(f"{image}: {info['Architecture']} {info.get('Variant', '')}, {info['Config']['Labels']}")
    check(info["Architecture"] == ARGS.arch, f"architecture {info['Architecture']}")
    check(info["Config"]["Labels"].get("org.opencontainers.image.version") == ARGS.version,
          "version label")
    check(f"lucid-init:{ARGS.version}" in info["RepoTags"], f"tags {info['RepoTags']}")
    out = docker("run", "--rm", "--network", "none", "--platform", f"linux/{ARGS.arch}", image,
                 "/lucid-init", "--version").stdout.strip()
    step(f"--version: {out}")
    check(out.startswith(f"lucid-init {ARGS.version} "), f"--version said {out!r}")


def example():
    """examples/Dockerfile's image (BuildKit, --platform linux/ARCH): ARCH's, exec-form
    HEALTHCHECK, lucid-init of the release image; healthy by that HEALTHCHECK (only its interval
    shortened: Docker keeps the image's command), answers, stops with exit code 0."""
    image = f"lucid-api:{ARGS.arch}"
    info = json.loads(docker("image", "inspect", image).stdout)[0]
    config = info["Config"]
    check(info["Architecture"] == ARGS.arch, f"architecture {info['Architecture']}")
    check(config["Healthcheck"]["Test"] ==
          ["CMD", "/usr/local/bin/lucid-init", "probe", "--http", "/health"],
          f"HEALTHCHECK {config['Healthcheck']}")
    check(config["User"] == "65532:65532", f"user {config['User']}")
    check(config["Labels"].get("com.lucid.platform") == f"linux/{ARGS.arch}",
          f"TARGETPLATFORM in the label: {config['Labels']}")
    with Container(image, "example", options=["--health-interval", "1s"]) as c:
        c.start()
        h = c.wait_health("healthy")
        expect_match(rf"^healthy: http://127\.0\.0\.1:{c.port}/health: status 200",
                     health_lines(h)[-1], "the image's own probe")
        version = docker("exec", c.name, "/usr/local/bin/lucid-init", "--version").stdout
        release = docker("run", "--rm", "--network", "none",
                         f"lucid-init:{ARGS.version}-{ARGS.arch}", "/lucid-init", "--version").stdout
        check(version == release,
              f"lucid-init in the image: {version!r}, in the release image: {release!r}")
        status, body = c.request("GET", "/")
        check(status == 200 and body.get("service") == "api", f"GET / -> {status} {body}")
        code, took = c.stop(10)
        logs = c.logs()
        expect_match(r"api: shutdown handler ran", logs, "the service's shutdown log")
        check(code == 0, f"exit code {code}, not 0")


def hang_and_come_back(container, port):
    """Issue 17: CONTAINER (restart policy unless-stopped, lucid-init's health check with
    --health-on-failure stop: HEALTH_STOP_ENV) is healthy by the image's HEALTHCHECK; POST /hang
    deadlocks its service; lucid-init stops it after 2 checks without an answer and exits with
    its documented status; dockerd restarts the container by itself, healthy again, and docker
    inspect counts the restart."""
    def state():
        return inspect(container)["State"]

    def health_is(status):
        return lambda: state().get("Health", {}).get("Status") == status
    wait_until("healthy", health_is("healthy"), START_TIMEOUT, pause=0.2)

    def logs():
        result = docker("logs", container)
        return result.stdout + result.stderr
    wait_until("lucid-init's first healthy check",
               lambda: re.search(HEALTHY_CHECK_LINE, logs(), re.M), START_TIMEOUT, pause=0.2)
    first = inspect(container)
    check(first["RestartCount"] == 0, f"restarted before the hang: {first['RestartCount']}")
    since = int(time.time()) - 1
    step("healthy; POST /hang: the service's event loop blocks for good")
    check(http(port, "POST", "/hang")[1].get("hanging"), "POST /hang failed")
    hung = time.monotonic()
    count = wait_until("dockerd to restart the container",
                       lambda: inspect(container)["RestartCount"], 60, pause=0.2)
    step(f"RestartCount {count}, {time.monotonic() - hung:.1f} s after the hang")
    text = logs()
    expect_match(r"^app: hanging", text, "the service's log")
    step(f"lucid-init's summary: {check_health_stop(text, port)}")
    check("app: shutdown handler ran" not in text.split("lucid-init: exit")[0],
          "the hung service ran its shutdown handler")
    died = docker("events", "--since", since, "--until", int(time.time()) + 1, "--filter",
                  f"container={container}", "--filter", "event=die", "--format",
                  "{{.Actor.Attributes.exitCode}}").stdout.split()
    step(f"docker events, die: exit codes {died}")
    check(died and died[0] == str(HEALTH_STOP_EXIT),
          f"the container exited {died}, not {HEALTH_STOP_EXIT}")
    # The new run's own status: dockerd resets it to starting when the new run starts, and the
    # restart is counted before that.
    def new_run_healthy():
        now = state()
        return (now["Running"] and now["StartedAt"] != first["State"]["StartedAt"] and
                now.get("Health", {}).get("Status") == "healthy")
    wait_until("the new run to be healthy", new_run_healthy, START_TIMEOUT, pause=0.2)
    again = inspect(container)
    check(http(port, "GET", "/whoami")[0] == 200, "the new run does not answer")
    step(f"healthy again; docker inspect: RestartCount {again['RestartCount']}")
    check(again["RestartCount"] >= 1, "docker inspect: RestartCount 0")


def health_restart():
    """lucid-init's --health-on-failure stop under `docker run --restart unless-stopped`: a hung
    service is stopped by lucid-init, restarted by dockerd, healthy again (hang_and_come_back)."""
    with Container(health_image(), "health-restart", env=HEALTH_STOP_ENV,
                   options=["--restart", "unless-stopped"]) as c:
        c.start()
        hang_and_come_back(c.name, c.port)


def compose_health_restart():
    """tests/container/docker/compose.health-restart.yaml (`restart: unless-stopped`, lucid-init's
    health check with --health-on-failure stop), under every Compose here: a hung service is
    stopped by lucid-init, restarted by dockerd, healthy again (hang_and_come_back)."""
    for label, compose in compose_commands():
        project = f"lucid-e2e-restart-{os.getpid()}-{label}"
        port = free_port()
        env = {"LUCID_TEST_IMAGE": health_image(), "LUCID_TEST_PORT": str(port)}
        files = [os.path.join(HERE, "docker", "compose.health-restart.yaml")]
        with compose_up(label, compose, files, env, project):
            api = container_of(project, "api")
            config = inspect(api)["HostConfig"]["RestartPolicy"]
            check(config["Name"] == "unless-stopped", f"restart policy {config}")
            hang_and_come_back(api, port)


def nanoseconds(stamp):
    """Docker's RFC 3339 UTC time with up to 9 fraction digits (trailing zeros dropped), as an
    integer count of nanoseconds: comparable, unlike the text."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z", stamp)
    check(match, f"not a UTC RFC 3339 time: {stamp!r}")
    seconds = calendar.timegm(time.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S"))
    return seconds * 10**9 + int((match.group(2) or "").ljust(9, "0"))


def compose_commands():
    """Every Compose here: v1 (docker-compose, from scripts/setup.sh) always, v2 if installed."""
    commands = [("v1", COMPOSE_V1)]
    v2 = DOCKER + ["compose"]
    if run(v2 + ["version"], check_rc=False).returncode == 0:
        commands.append(("v2", v2))
    else:
        step("Compose v2 (docker compose) is not installed: v1 only")
    return commands


@contextlib.contextmanager
def compose_up(label, compose, files, env, project):
    env = os.environ | {"DOCKER_HOST": f"unix://{ARGS.socket}"} | env
    base = compose + ["-p", project] + [a for f in files for a in ("-f", f)]
    step(f"{label}: {' '.join(base[len(compose):])} up -d")
    try:
        # v1 waits here for depends_on's service_healthy before it starts the dependent service.
        run(base + ["up", "--detach", "--no-build"], timeout=START_TIMEOUT + 60, env=env)
        yield env, base
    finally:
        result = run(base + ["down", "--volumes", "--timeout", "10"], check_rc=False, env=env,
                     timeout=120)
        if result.returncode:
            step(f"{label}: down failed: {result.stderr}")


def container_of(project, service):
    out = docker("ps", "--all", "--quiet",
                 "--filter", f"label=com.docker.compose.project={project}",
                 "--filter", f"label=com.docker.compose.service={service}").stdout.split()
    check(len(out) == 1, f"{project}/{service}: containers {out}")
    return out[0]


def inspect(name):
    return json.loads(docker("inspect", name).stdout)[0]


def compose_example():
    """examples/compose.yaml up (LUCID_ARCH=ARCH, LUCID_API_PORT a free port, with
    tests/container/docker/compose.test.yaml: a 1 s health interval): healthy by the file's
    healthcheck, the seed's security settings, answers on the published port, stops with exit
    code 0."""
    for label, compose in compose_commands():
        port = free_port()
        project = f"lucid-e2e-{os.getpid()}-{label}"
        env = {"LUCID_ARCH": ARGS.arch, "LUCID_API_PORT": str(port)}
        files = [os.path.join(ROOT, "examples", "compose.yaml"),
                 os.path.join(HERE, "docker", "compose.test.yaml")]
        with compose_up(label, compose, files, env, project) as (env_, base):
            api = container_of(project, "api")
            wait_until("api healthy",
                       lambda: inspect(api)["State"]["Health"]["Status"] == "healthy",
                       START_TIMEOUT)
            config = inspect(api)["HostConfig"]
            check(config["ReadonlyRootfs"] and config["CapDrop"] == ["ALL"],
                  f"read-only root, no capabilities: {config['ReadonlyRootfs']} {config['CapDrop']}")
            status, body = http(port, "GET", "/")
            check(status == 200 and body.get("service") == "api", f"GET / -> {status} {body}")
            step(f"{label}: healthy, GET / answered; compose stop")
            run(base + ["stop"], env=env_, timeout=60)
            state = inspect(api)["State"]
            logs = docker("logs", api).stderr
            step(f"{label}: exit code {state['ExitCode']}; {logs.splitlines()[-1]}")
            expect_match(r"^lucid-init: exit 0: child exited with status 0; shutdown on SIGTERM",
                         logs, "lucid-init's summary")
            check(state["ExitCode"] == 0, f"exit code {state['ExitCode']}, not 0")


def compose_depends():
    """tests/container/docker/compose.depends.yaml: `worker` depends_on `api` with condition
    service_healthy: it starts only after api's first successful health check."""
    for label, compose in compose_commands():
        project = f"lucid-e2e-{os.getpid()}-{label}"
        env = {"LUCID_TEST_IMAGE": health_image(), "LUCID_TEST_PORT": str(free_port()),
               "LUCID_TEST_PORT2": str(free_port())}
        files = [os.path.join(HERE, "docker", "compose.depends.yaml")]
        with compose_up(label, compose, files, env, project):
            api = inspect(container_of(project, "api"))
            worker = inspect(container_of(project, "worker"))
            healthy = [e for e in api["State"]["Health"]["Log"] if e["ExitCode"] == 0]
            check(healthy, f"api has no successful check: {api['State']['Health']}")
            first_ok, worker_start = healthy[0]["End"], worker["State"]["StartedAt"]
            step(f"{label}: api started {api['State']['StartedAt']}, first healthy check ended "
                 f"{first_ok}, worker started {worker_start}")
            check(worker["State"]["Running"], "worker not running")
            check(nanoseconds(worker_start) > nanoseconds(first_ok),
                  "worker started before api was healthy")


def service_environ(container):
    """The environment of the service lucid-init (PID 1) runs: its only child."""
    procs = {int(p): v for p, v in json.loads(
        docker("exec", container, "/usr/bin/python3.11", "-c", PROCESSES_CODE).stdout).items()}
    children = [p for p, v in procs.items() if v[1] == 1]
    check(len(children) == 1, f"PID 1's children: {children} of {procs}")
    out = docker("exec", container, "/usr/bin/python3.11", "-c", ENVIRON_CODE, children[0]).stdout
    return json.loads(out)


def compose_secrets():
    """tests/container/compose-secrets.yaml (--file-env, LUCID_INIT_FILE_ENV=1): compose's file
    secrets (mode 0444, bind-mounted under /run/secrets) become DB_PASSWORD and APP_TOKEN for the
    service, no *_FILE variable is left, the log names the file and neither value; `run --rm
    refused` (API_PORT_FILE beside the image's API_PORT) exits 2 with one line."""
    password, token = "s3cret password, with spaces", "line 1\nline 2"
    refusal = ("lucid-init: error: API_PORT_FILE='/run/secrets/api_port': API_PORT is set as "
               "well: set only one of them")
    with tempfile.TemporaryDirectory() as secrets:
        os.chmod(secrets, 0o755)
        for name, text in (("db_password", password), ("app_token", token), ("api_port", "9000")):
            path = os.path.join(secrets, name)
            with open(path, "w") as f:
                f.write(text + "\n")
            os.chmod(path, 0o444)
        for label, compose in compose_commands():
            project = f"lucid-e2e-secrets-{os.getpid()}-{label}"
            env = {"LUCID_E2E_IMAGE": health_image(), "LUCID_SECRETS_DIR": secrets}
            files = [os.path.join(HERE, "compose-secrets.yaml")]
            # The project's own bridge network, as compose-example's: port 8000 of its own.
            with compose_up(label, compose, files, env, project) as (env_, base):
                api = container_of(project, "api")
                wait_until("api healthy",
                           lambda: inspect(api)["State"]["Health"]["Status"] == "healthy",
                           START_TIMEOUT)
                environ = service_environ(api)
                check(environ.get("DB_PASSWORD") == password,
                      f"DB_PASSWORD is {environ.get('DB_PASSWORD')!r}, not the secret")
                check(environ.get("APP_TOKEN") == token,
                      f"APP_TOKEN is {environ.get('APP_TOKEN')!r}, not the file's content")
                left = sorted(k for k in environ if k.endswith("_FILE"))
                check(left == [], f"left in the service's environment: {left}")
                result = docker("logs", api)
                logs = result.stdout + result.stderr
                expect_match(r"^lucid-init: DB_PASSWORD set from "
                             r"DB_PASSWORD_FILE='/run/secrets/db_password'$", logs,
                             "lucid-init's line")
                check(password not in logs and "line 2" not in logs,
                      f"a value is in the log:\n{logs}")
                step(f"{label}: healthy, both secrets in the service's environment, not in the log")
                result = run(base + ["run", "--rm", "-T", "refused"], check_rc=False, env=env_,
                             timeout=START_TIMEOUT)
                said = [line for line in (result.stdout + result.stderr).splitlines()
                        if line.startswith("lucid-init:")]
                step(f"{label}: run --rm refused: exit {result.returncode}, {said}")
                check(result.returncode == 2, f"refused: exit {result.returncode}, not 2:\n"
                      f"{result.stdout}{result.stderr}")
                check(said == [refusal], f"refused said {said}, not [{refusal!r}]")


def zero_config_image():
    """health_image() without LUCID_SERVICE in its config: Docker has no --unsetenv and a
    Dockerfile's ENV cannot remove a variable, so its `docker save` archive with the variable
    taken out of the config, `docker load`ed (the layers are dockerd's already). Made once per
    health image (the label names it)."""
    base = inspect(health_image())
    tag = f"lucid-e2e-docker-zero-config:{ARGS.arch}"
    have = docker("image", "inspect", "--format", '{{index .Config.Labels "com.lucid.test.base"}}',
                  tag, check_rc=False)
    if have.returncode == 0 and have.stdout.strip() == base["Id"]:
        return tag
    if have.returncode == 0:
        docker("rmi", tag)  # an earlier health image's: not left behind, dangling
    step(f"{tag}: {health_image()} less LUCID_SERVICE (docker save, config edited, docker load)")
    with tempfile.TemporaryDirectory() as work:
        saved, edited = os.path.join(work, "saved.tar"), os.path.join(work, "edited.tar")
        docker("save", "--output", saved, health_image(), timeout=300)
        with tarfile.open(saved) as src, tarfile.open(edited, "w") as dst:
            manifest = json.load(src.extractfile("manifest.json"))
            check(len(manifest) == 1, f"manifest: {manifest}")
            old = manifest[0]["Config"]
            config = json.load(src.extractfile(old))
            config["config"]["Env"] = [e for e in config["config"]["Env"]
                                       if not e.startswith("LUCID_SERVICE=")]
            config["config"]["Labels"] = (config["config"].get("Labels") or {}) | {
                "com.lucid.test.base": base["Id"]}
            data = json.dumps(config).encode()
            name = hashlib.sha256(data).hexdigest() + ".json"
            manifest[0] |= {"Config": name, "RepoTags": [tag]}

            def add(member_name, content):
                info = tarfile.TarInfo(member_name)
                info.size = len(content)
                dst.addfile(info, io.BytesIO(content))
            for member in src.getmembers():
                if member.name in (old, "manifest.json", "repositories"):
                    continue
                dst.addfile(member, src.extractfile(member) if member.isfile() else None)
            add(name, data)
            add("manifest.json", json.dumps(manifest).encode())
        docker("load", "--input", edited, timeout=300)
    return tag


def zero_config_init():
    """docker run --init of the service with --service api on its ENTRYPOINT and no
    LUCID_SERVICE, health checked by the bare exec-form `lucid-init probe --http /health`: the
    probe takes its target from lucid-init, which is not PID 1 (docker-init is), and says so."""
    image = zero_config_image()
    config = inspect(image)["Config"]
    check(config["Entrypoint"] == ["/usr/local/bin/lucid-init", "--service", "api", "--"],
          f"ENTRYPOINT {config['Entrypoint']}")
    check(config["Healthcheck"]["Test"] ==
          ["CMD", "/usr/local/bin/lucid-init", "probe", "--http", "/health"] and
          config["Healthcheck"]["Interval"] == 10**9, f"HEALTHCHECK {config['Healthcheck']}")
    check(not [e for e in config["Env"] if e.startswith("LUCID_SERVICE=")], f"env {config['Env']}")
    with Container(image, "zero-config-init", options=["--init"]) as c:
        c.start()
        line = (rf"^healthy: http://127\.0\.0\.1:{c.port}/health: status 200 in [0-9.]+ m?s; "
                r"target from lucid-init pid (\d+): service API by --service, port by API_PORT$")
        h = c.wait_health("healthy")
        output = health_lines(h)[-1]
        match = re.match(line, output)
        check(match, f"the health log's last line: /{line}/ does not match {output!r}")
        pid = int(match.group(1))
        check(pid != 1, "the probe's target is PID 1, not lucid-init under docker-init")
        cmdlines = json.loads(c.exec_python(
            "import json\n"
            "print(json.dumps({p: open(f'/proc/{p}/cmdline').read().split('\\0')[:-1]"
            f" for p in (1, {pid})}}))"))
        step(f"cmdlines: {cmdlines}")
        check(os.path.basename(cmdlines["1"][0]) == "docker-init",
              f"PID 1 is {cmdlines['1']}, not docker-init")
        check(cmdlines[str(pid)][:3] == ["/usr/local/bin/lucid-init", "--service", "api"],
              f"pid {pid} is {cmdlines[str(pid)]}, not lucid-init --service api")
        probe = docker("exec", c.name, "/usr/local/bin/lucid-init", "probe", "--http", "/health",
                       check_rc=False)
        said = (probe.stdout + probe.stderr).strip()
        step(f"docker exec … probe --http /health: exit {probe.returncode}: {said}")
        check(probe.returncode == 0, f"the probe exited {probe.returncode}: {said}")
        again = re.match(line, said)
        check(again and int(again.group(1)) == pid, f"the probe said {said!r}")
        code, _ = c.stop(10)
        check(code == 0, f"exit code {code}, not 0")


SCENARIOS = {"health": health, "stop": stop, "ignore-sigterm": ignore_sigterm,
             "init": docker_init, "signals": signals, "release-image": release_image,
             "example": example, "compose-example": compose_example,
             "compose-depends": compose_depends, "compose-secrets": compose_secrets,
             "zero-config-init": zero_config_init, "health-restart": health_restart,
             "compose-health-restart": compose_health_restart}


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--arch", required=True, choices=["amd64", "arm64"])
    parser.add_argument("--version", required=True)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    ARGS = parser.parse_args()
    return play(SCENARIOS, ARGS.scenario, ARGS.arch)


def play(scenarios, name, arch):
    """Runs scenario NAME of SCENARIOS; its exit status: 0 passed, 1 failed, 77 skipped (no
    docker.io, outside CI)."""
    if not (os.path.exists("/usr/sbin/dockerd") and os.path.exists(DOCKER[0])):
        if os.environ.get("CI"):
            print("no dockerd or /usr/bin/docker: scripts/setup.sh installs docker.io")
            return 1
        print("docker.io is not installed (scripts/setup.sh installs it): skipped")
        return 77  # ctest: skipped
    scenario = scenarios[name]
    step(f"{name} ({arch}): {' '.join(scenario.__doc__.split())}")
    try:
        scenario()
    except (Failure, OSError) as e:
        step(f"FAILED: {e!r}" if isinstance(e, OSError) else f"FAILED: {e}")
        return 1
    step("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
