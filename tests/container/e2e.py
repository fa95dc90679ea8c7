"""Helpers of the container end-to-end suite: podman with a hard timeout on every call, one
container per scenario (unique name, always removed), deadlines for every wait, HTTP from the host
to the container's address. Standard library only (Debian's python3.11)."""

import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid

# runc: crun fails on this kind of machine's hybrid cgroups.
PODMAN = ["podman", "--runtime", "runc"]
# The sandbox refuses podman's default rlimits.
LIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]
# How the seed runs its services.
SEED_OPTIONS = ["--user", "65532:65532", "--read-only", "--tmpfs", "/tmp", "--cap-drop=ALL",
                "--security-opt", "no-new-privileges"]
HTTP_HEALTH = '["/usr/local/bin/lucid-init", "probe", "--http", "/health"]'
TCP_HEALTH = '["/usr/local/bin/lucid-init", "probe"]'  # port from LUCID_SERVICE=api -> API_PORT
PORT = 8000  # the images' API_PORT

# Deadlines, generous: python3.11 + FastAPI start in about 1 s natively, several under qemu, and
# the runs share 2 cores with other tests.
START_TIMEOUT = 120
PODMAN_TIMEOUT = 60

# lucid-init's own health check (issue 17), short for the tests: every second, 2 s to answer, the
# second failure in a row stops the service (--health-on-failure stop), the 1 s grace then kills
# a service that cannot handle SIGTERM. The start period covers python3.11 + FastAPI's start
# (several seconds under qemu) and ends at the first success, so it costs the tests nothing.
HEALTH_STOP_ENV = ["LUCID_INIT_HEALTH_CHECK=http://127.0.0.1:{port}/health",
                   "LUCID_INIT_HEALTH_INTERVAL=1s", "LUCID_INIT_HEALTH_TIMEOUT=2s",
                   "LUCID_INIT_HEALTH_RETRIES=2", "LUCID_INIT_HEALTH_START_PERIOD=60s",
                   "LUCID_INIT_HEALTH_ON_FAILURE=stop", "LUCID_INIT_GRACE=1s",
                   "LUCID_INIT_VERBOSITY=3"]
# lucid-init's debug line for a healthy check (LUCID_INIT_VERBOSITY=3). The tests hang the service
# only after it: a hang before lucid-init's first success would fall inside the start period,
# where failures do not count.
HEALTHY_CHECK_LINE = r"^lucid-init: (debug: )?api healthy: "
# lucid-init's exit status after --health-on-failure stop (docs/pid1.md, "Exit status").
HEALTH_STOP_EXIT = 3


def check_health_stop(logs, port):
    """lucid-init's summary of the first run in LOGS (a log across restarts), after it stopped
    the hung service of the app's POST /hang (which cannot handle SIGTERM); returns the line."""
    lines = [line for line in logs.splitlines() if line.startswith("lucid-init: exit ")]
    check(lines, f"no summary line of lucid-init in:\n{logs}")
    line = lines[0]
    for pattern in (rf"^lucid-init: exit {HEALTH_STOP_EXIT}: ",
                    rf"stopped: api unhealthy 2 times: http://127\.0\.0\.1:{port}/health: "
                    r"connected, but no response within ",
                    r"SIGKILL at the 1s deadline"):
        check(re.search(pattern, line), f"lucid-init's summary: /{pattern}/ not in {line!r}")
    return line


class Failure(Exception):
    """A scenario's expectation did not hold."""


def check(condition, message):
    if not condition:
        raise Failure(message)


def podman(*args, timeout=PODMAN_TIMEOUT, check_rc=True):
    """Runs podman; returns the CompletedProcess (text). Raises Failure on a nonzero status
    (unless check_rc is False) and on timeout."""
    command = PODMAN + [str(a) for a in args]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise Failure(f"timed out after {timeout} s: {' '.join(command)}") from e
    if check_rc and result.returncode != 0:
        raise Failure(f"exit {result.returncode}: {' '.join(command)}\n{result.stderr.strip()}")
    return result


def image_info(image):
    """podman image inspect IMAGE, as a dict (Config, Healthcheck, Architecture, ...)."""
    return json.loads(podman("image", "inspect", image).stdout)[0]


def wait_until(what, predicate, timeout, pause=0.25):
    """Calls predicate() until it returns something truthy; returns that. Failure at timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure(f"gave up after {timeout} s waiting for {what}")
        time.sleep(pause)


class Container:
    """One container of IMAGE, named after the scenario; removed (podman rm -f) on exit.

    health: the health command (JSON form), or None for the image's own HEALTHCHECK as it is."""

    def __init__(self, image, scenario, env=(), health=HTTP_HEALTH, options=()):
        self.image = image
        self.name = f"lucid-e2e-{scenario}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = list(env)
        self.health_cmd = health
        self.options = list(options)
        self._ip = None

    def run_options(self):
        options = ["--name", self.name, *LIMITS, *SEED_OPTIONS, *self.options]
        for item in self.env:
            options += ["-e", item]
        if self.health_cmd is not None:
            # One failed check makes the container unhealthy: the scenarios look at single checks.
            # No systemd here: no timer runs checks; the tests do (podman healthcheck run).
            options += ["--health-cmd", self.health_cmd, "--health-retries", "1",
                        "--health-start-period", "0", "--health-interval", "disable"]
        # Otherwise the image's HEALTHCHECK applies unchanged (podman ignores --health-* then).
        return options

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:  # show what the container said before it goes
            logs = podman("logs", self.name, check_rc=False)
            print(f"---- podman logs {self.name}:\n{logs.stdout}{logs.stderr}----", flush=True)
        podman("rm", "--force", "--time", "0", self.name, check_rc=False)

    def start(self):
        """podman run -d; returns at once (the service is not ready yet)."""
        podman("run", "--detach", *self.run_options(), self.image)
        return self

    def run_attached(self, timeout):
        """podman run in the foreground; returns (exit status, seconds taken)."""
        t0 = time.monotonic()
        result = podman("run", *self.run_options(), self.image, timeout=timeout, check_rc=False)
        return result.returncode, time.monotonic() - t0

    def inspect(self, template):
        return podman("inspect", "--format", template, self.name).stdout.strip()

    def state(self):
        return json.loads(self.inspect("{{json .State}}"))

    def ip(self):
        if self._ip is None:
            self._ip = self.inspect("{{.NetworkSettings.IPAddress}}")
            check(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", self._ip), f"no IPv4 address: {self._ip!r}")
        return self._ip

    def request(self, method, path, timeout=10):
        """HTTP to the service from the host; returns (status, decoded JSON body)."""
        req = urllib.request.Request(f"http://{self.ip()}:{PORT}{path}", method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def wait_ready(self, timeout=START_TIMEOUT):
        """Until the service answers /whoami; fails early if the container stopped."""

        def answers():
            try:
                return self.request("GET", "/whoami", timeout=2)[0] == 200
            except OSError:
                if not self.state().get("Running"):
                    raise Failure(f"container exited while starting:\n{self.logs()}")
                return False

        wait_until("the service to answer", answers, timeout)

    def logs(self):
        result = podman("logs", self.name)
        return result.stdout + result.stderr

    def wait_for_log(self, pattern, timeout=START_TIMEOUT):
        return wait_until(f"log line /{pattern}/", lambda: re.search(pattern, self.logs(), re.M),
                          timeout)

    def healthcheck(self):
        """One `podman healthcheck run`; returns its exit status (0 healthy, 1 unhealthy)."""
        return podman("healthcheck", "run", self.name, check_rc=False).returncode

    def health(self):
        """.State.Health from podman inspect: Status, FailingStreak, Log."""
        return json.loads(self.inspect("{{json .State.Health}}"))

    def last_health_output(self):
        log = self.health()["Log"]
        check(log, "no health check in the health log")
        return log[-1]["Output"].strip()

    def exec_python(self, code, timeout=PODMAN_TIMEOUT):
        """Runs code with the image's python3.11 inside the container (no probe involved)."""
        return podman("exec", self.name, "/usr/bin/python3.11", "-c", code,
                      timeout=timeout).stdout

    def stop(self, seconds):
        """podman stop -t SECONDS; returns the seconds it took."""
        t0 = time.monotonic()
        podman("stop", "--time", seconds, self.name, timeout=seconds + 30)
        return time.monotonic() - t0

    def exit_code(self):
        state = self.state()
        check(not state["Running"], "container still running")
        return state["ExitCode"]

    def wait_exit(self, timeout):
        """Until the container has exited on its own; returns its exit code."""
        return int(podman("wait", self.name, timeout=timeout).stdout.strip())


# Run inside the container: every process as {pid: [state, ppid, name]} from /proc.
PROCESSES_CODE = r"""
import json, os
procs = {}
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        with open(f'/proc/{pid}/stat') as f:
            stat = f.read()
    except OSError:
        continue
    name = stat[stat.index('(') + 1:stat.rindex(')')]
    state, ppid = stat[stat.rindex(')') + 2:].split()[:2]
    procs[pid] = [state, int(ppid), name]
print(json.dumps(procs))
"""


def processes(container):
    """{pid: (state, ppid, name)} of every process in the container (read by python3.11)."""
    return {int(pid): tuple(v) for pid, v in json.loads(container.exec_python(PROCESSES_CODE)).items()}
