#!/usr/bin/python3.11
"""The container end-to-end scenarios of issue 4, one per ctest test:

    scenarios.py --image IMAGE [--image-health] SCENARIO

IMAGE runs lucid-init as its entrypoint and tests/container/app as its service (see
scripts/build-test-image.sh). Each scenario runs its own container the way the seed runs services
(user 65532, read-only root, /tmp tmpfs, no capabilities, no-new-privileges) and removes it.
--image-health: the image has its own HEALTHCHECK (examples/Dockerfile): use it, unchanged where
the scenario only needs "healthy", else its command with retries 1 and no start period. Exit status 0: passed; 1: failed (the reason is printed last).
"""

import argparse
import json
import os
import re
import socket
import sys
import tempfile
import time
import uuid

from e2e import (HEALTH_STOP_ENV, HEALTH_STOP_EXIT, HEALTHY_CHECK_LINE, HTTP_HEALTH, PORT,
                 TCP_HEALTH, START_TIMEOUT, Container, Failure, check, check_health_stop,
                 image_info, podman, processes, wait_until)

T0 = time.monotonic()
# --image-health: the image's own HEALTHCHECK, unchanged, where a scenario only needs "healthy";
# where it needs "unhealthy" at once, the image's own command without its start period and
# retries (podman takes --health-* overrides only together with --health-cmd).
IMAGE_HEALTH = False


def step(message):
    print(f"[{time.monotonic() - T0:6.1f}s] {message}", flush=True)


def expect_match(pattern, text, what):
    check(re.search(pattern, text, re.M), f"{what}: /{pattern}/ not found in:\n{text}")


def wait_healthy(c):
    step("podman healthcheck run, until healthy")
    wait_until("the health check to pass", lambda: c.healthcheck() == 0, START_TIMEOUT, pause=0.5)
    health = c.health()
    check(health["Status"] == "healthy", f"health status {health['Status']!r}, not healthy")


def expect_unhealthy(c, pattern):
    """Every check fails with the probe's message; the status turns unhealthy after the health
    check's retries (1 when the test sets the command, the image's own otherwise)."""
    for attempt in range(1, 6):
        check(c.healthcheck() == 1, "podman healthcheck run did not report unhealthy")
        output = c.last_health_output()
        step(f"health log: {output}")
        expect_match(pattern, output, "the probe's message")
        health = c.health()
        if health["Status"] == "unhealthy":
            return
    raise Failure(f"status still {health['Status']!r} after {attempt} failed checks")


# ---- scenarios ----------------------------------------------------------------------------------

# Read by python3.11 inside the container.
DISTROLESS_CODE = r"""
import json, os
tools = ['/bin/sh', '/bin/bash', '/bin/dash', '/usr/bin/ls', '/usr/bin/cat', '/usr/bin/env',
         '/usr/bin/dpkg', '/usr/bin/apt-get', '/usr/bin/apt', '/usr/bin/perl', '/var/lib/dpkg']
st = os.stat('/usr/local/bin/lucid-init')
print(json.dumps({'present': [t for t in tools if os.path.lexists(t)],
                  'owner': [st.st_uid, st.st_gid],
                  'executable': os.access('/usr/local/bin/lucid-init', os.X_OK),
                  'usr_bin': sorted(os.listdir('/usr/bin'))}))
"""


def distroless(image, http_health):
    """No shell, no coreutils, no package manager; lucid-init owned by 65532 and executable."""
    with Container(image, "no-shell", options=["--entrypoint", "/bin/sh"]) as c:
        step("podman run --entrypoint /bin/sh: must not start")
        rc, _ = c.run_attached(timeout=60)
        check(rc in (126, 127), f"/bin/sh started or failed oddly: exit {rc}")
    with Container(image, "distroless", options=["--entrypoint", "/usr/bin/python3.11"]) as c:
        step("inside, with python3.11: which tools exist")
        result = podman("run", *c.run_options(), image, "-c", DISTROLESS_CODE)
        facts = json.loads(result.stdout)
        step(f"facts: {facts}")
        check(facts["present"] == [], f"present in the image: {facts['present']}")
        check(facts["usr_bin"] == ["python3", "python3.11"], f"/usr/bin holds {facts['usr_bin']}")
        check(facts["owner"] == [65532, 65532], f"lucid-init owned by {facts['owner']}")
        check(facts["executable"], "lucid-init is not executable by 65532")


def healthy(image, http_health):
    """Healthy; lucid-init is PID 1 (podman inspect, /proc); the probe's line in the health log."""
    with Container(image, "healthy", health=None if IMAGE_HEALTH else http_health) as c:
        c.start()
        wait_healthy(c)
        output = c.last_health_output()
        step(f"health log: {output}")
        expect_match(r"^healthy: http://127\.0\.0\.1:8000/health: status 200\b", output,
                     "the probe's message")

        step("podman inspect: the container's process is lucid-init")
        check(c.inspect("{{.Path}}") == "/usr/local/bin/lucid-init", "Path is not lucid-init")
        host_pid = int(c.inspect("{{.State.Pid}}"))
        with open(f"/proc/{host_pid}/cmdline", "rb") as f:
            argv = f.read().decode().split("\0")
        # Under qemu (binfmt_misc) the interpreter comes first, then the program's own argv.
        check("/usr/local/bin/lucid-init" in argv and "--service" in argv,
              f"process {host_pid} (PID 1 of the container) is {argv}")

        step("inside: PID 1 is lucid-init, as 65532, no capabilities, no new privileges")
        status = c.exec_python("print(open('/proc/1/status').read())")
        cmdline = c.exec_python("print(open('/proc/1/cmdline').read().replace('\\0', ' '))")
        check("/usr/local/bin/lucid-init --service api" in cmdline, f"PID 1 is {cmdline!r}")
        expect_match(r"^Uid:\s+65532\s+65532\s+65532\s+65532$", status, "/proc/1/status")
        expect_match(r"^CapEff:\s+0+$", status, "/proc/1/status")
        expect_match(r"^NoNewPrivs:\s+1$", status, "/proc/1/status")

        step("the service: lucid-init's child, {host}/{port} substituted")
        status, me = c.request("GET", "/whoami")
        step(f"/whoami: {me}")
        check(me["ppid"] == 1, f"the service's parent is {me['ppid']}, not PID 1")
        check(me["uid"] == 65532, f"the service runs as uid {me['uid']}")
        check(me["argv"][1:] == ["app:app", "--host", "0.0.0.0", "--port", "8000"],
              f"service arguments {me['argv']}")
        check((me["API_HOST"], me["API_PORT"]) == ("0.0.0.0", "8000"), "API_HOST/API_PORT")


def zero_config(image, http_health):
    """Issue 12: the service named once, on the ENTRYPOINT (--service api, no LUCID_SERVICE), and
    the bare `lucid-init probe --http /health` as health check: it finds the port from PID 1."""
    with Container(image, "zero-config", health=HTTP_HEALTH,
                   options=["--unsetenv", "LUCID_SERVICE"]) as c:
        c.start()
        environ = c.exec_python("print(sorted(open('/proc/1/environ').read().split('\\0')))")
        check("LUCID_SERVICE=api" not in environ, f"LUCID_SERVICE still set: {environ}")
        wait_healthy(c)
        output = c.last_health_output()
        step(f"health log: {output}")
        expect_match(r"^healthy: http://127\.0\.0\.1:8000/health: status 200 in [0-9.]+ m?s; "
                     r"target from lucid-init pid 1: service API by --service, port by API_PORT$",
                     output, "the probe's message")


def make_health_fail(c):
    check(c.request("POST", "/fail")[0] == 200, "POST /fail failed")


def close_listener(c):
    step("POST /close-listener")
    check(c.request("POST", "/close-listener")[1]["closed"] >= 1, "no listener closed")


def unhealthy_http(image, http_health):
    """HTTP mode: 503 after POST /fail, then connection refused once the listener is closed."""
    with Container(image, "unhealthy-http", health=http_health) as c:
        c.start()
        wait_healthy(c)
        step("POST /fail: /health answers 503")
        make_health_fail(c)
        expect_unhealthy(c, r"^unhealthy: http://127\.0\.0\.1:8000/health: status 503\b")
        close_listener(c)
        expect_unhealthy(c, r"^unhealthy: http://127\.0\.0\.1:8000/health: .*refused")


def unhealthy_tcp(image, http_health):
    """TCP mode: healthy while the port accepts (even with /health at 503), refused after close."""
    with Container(image, "unhealthy-tcp", health=TCP_HEALTH) as c:
        c.start()
        wait_healthy(c)
        output = c.last_health_output()
        step(f"health log: {output}")
        expect_match(r"^healthy: tcp 127\.0\.0\.1:8000 connected\b", output, "the probe's message")
        step("POST /fail: TCP mode does not read HTTP, still healthy")
        make_health_fail(c)
        check(c.healthcheck() == 0, "TCP probe unhealthy while the port accepts connections")
        close_listener(c)
        expect_unhealthy(c, r"^unhealthy: tcp 127\.0\.0\.1:8000: connection refused")


def stop(image, http_health):
    """podman stop -t 10: shutdown handler runs, well under 10 s, exit code 0 (uvicorn's)."""
    with Container(image, "stop", health=http_health) as c:
        c.start()
        c.wait_ready()
        took = c.stop(10)
        step(f"podman stop -t 10 took {took:.2f} s")
        code = c.exit_code()
        logs = c.logs()
        step(f"exit code {code}; last lines:\n{logs[-600:]}")
        expect_match(r"^app: shutdown handler ran$", logs, "the service's shutdown log")
        expect_match(r"^lucid-init: exit 0: child exited with status 0; shutdown on SIGTERM took",
                     logs, "lucid-init's summary")
        check(code == 0, f"exit code {code}, not 0")
        check(took < 8, f"podman stop took {took:.2f} s: not well under its 10 s")


def ignore_sigterm(image, http_health):
    """A service that ignores SIGTERM: lucid-init's 2 s grace kills it, long before podman's 10 s."""
    env = ["LUCID_INIT_GRACE=2s", "APP_IGNORE_SIGTERM=1"]
    with Container(image, "ignore-sigterm", env=env, health=http_health) as c:
        c.start()
        c.wait_ready()
        c.wait_for_log(r"^app: ignoring SIGTERM$")
        took = c.stop(10)
        step(f"podman stop -t 10 took {took:.2f} s")
        code = c.exit_code()
        logs = c.logs()
        step(f"exit code {code}; last lines:\n{logs[-600:]}")
        expect_match(r"^lucid-init: exit 137: .*shutdown on SIGTERM took [0-9.]+s, "
                     r"SIGKILL at the 2s deadline", logs, "lucid-init's summary")
        check("app: shutdown handler ran" not in logs, "the service did not ignore SIGTERM")
        check(code == 137, f"exit code {code}, not 137")
        check(1.5 <= took < 8, f"stop took {took:.2f} s: not lucid-init's 2 s deadline")


def zombies(image, http_health):
    """Orphaned, exited grandchildren are reaped by PID 1: no zombie left in the container."""
    with Container(image, "zombies", health=http_health) as c:
        c.start()
        c.wait_ready()
        step("POST /orphans?count=20")
        orphans = c.request("POST", "/orphans?count=20")[1]["pids"]
        check(len(orphans) == 20, f"orphans: {orphans}")
        step(f"orphans {orphans} exit after 0.2 s; reading /proc with python3.11")
        last = {}

        def settled():
            last.update(procs=processes(c))
            zombie = [p for p, (state, _, _) in last["procs"].items() if state == "Z"]
            left = [p for p in orphans if p in last["procs"]]
            return not zombie and not left

        try:
            wait_until("every orphan to be reaped", settled, 30, pause=1)
        except Failure:
            step(f"processes: {last.get('procs')}")
            raise
        step(f"no zombie; processes: {last['procs']}")
        c.stop(10)
        logs = c.logs()
        reaped = re.search(r"^lucid-init: exit .*; (\d+) orphans reaped$", logs, re.M)
        check(reaped and int(reaped.group(1)) >= 20, f"summary does not count 20 orphans:\n{logs}")


def exit_code(image, http_health):
    """The service exits on its own with status 3: the container exits 3."""
    with Container(image, "exit-code", health=http_health) as c:
        c.start()
        c.wait_ready()
        check(c.request("POST", "/exit?code=3")[0] == 200, "POST /exit failed")
        code = c.wait_exit(timeout=60)
        logs = c.logs()
        step(f"exit code {code}; last lines:\n{logs[-400:]}")
        expect_match(r"^lucid-init: exit 3: child exited with status 3; no shutdown signal", logs,
                     "lucid-init's summary")
        check(code == 3, f"exit code {code}, not 3")


def bad_config(image, variable, value, rule):
    with Container(image, f"bad-{variable.lower()}", env=[f"{variable}={value}"]) as c:
        code, took = c.run_attached(timeout=60)
        lines = c.logs().splitlines()
        step(f"exit {code} after {took:.2f} s; log: {lines}")
        check(code == 2, f"exit code {code}, not 2")
        check(len(lines) == 1, f"{len(lines)} log lines, not one")
        expect_match(rf"^lucid-init: error: {variable}='{value}': must be {rule}", lines[0],
                     "the error line")
        check(took < 8, f"took {took:.2f} s: not at once")


def bad_port(image, http_health):
    """-e API_PORT=abc: exit 2 at once, one clear line, nothing started."""
    bad_config(image, "API_PORT", "abc", r".*1-65535")


def bad_host(image, http_health):
    """-e API_HOST=localhost: exit 2 at once, one clear line, nothing started."""
    bad_config(image, "API_HOST", "localhost", r"0\.0\.0\.0")


def start_period(image, http_health):
    """podman 4.3's start period (60 s here) ignores failed checks for all of it, also after a
    success (Docker ends it at the first success: the docker suite's `health`)."""
    options = ["--health-cmd", http_health, "--health-retries", "1", "--health-start-period",
               "60s", "--health-interval", "disable"]
    with Container(image, "start-period", health=None, options=options) as c:
        c.start()
        wait_healthy(c)
        make_health_fail(c)
        for attempt in range(3):
            check(c.healthcheck() == 1, "podman healthcheck run did not fail with /health at 503")
            health = c.health()
            step(f"failed check {attempt + 1}: status {health['Status']}, failing streak "
                 f"{health['FailingStreak']}")
            check(health["Status"] == "healthy" and health["FailingStreak"] == 0,
                  f"a failure counted inside the start period: {health}")
def health_restart(image, http_health):
    """Issue 17: lucid-init's own health check with --health-on-failure stop, under
    `podman run --restart unless-stopped`: POST /hang deadlocks the service; after 2 checks
    without an answer lucid-init shuts it down (SIGTERM, SIGKILL at the 1 s grace), exits with its
    documented status, and podman restarts the container by itself (no systemd here: conmon's
    exit command, `podman container cleanup`, applies the restart policy); the new run is healthy
    and podman inspect counts the restart."""
    with Container(image, "health-restart", env=HEALTH_STOP_ENV, health=http_health,
                   options=["--restart", "unless-stopped"]) as c:
        c.start()
        wait_healthy(c)
        before = c.state()
        c.wait_for_log(HEALTHY_CHECK_LINE)
        check(c.inspect("{{.RestartCount}}") == "0", "restarted before the hang")
        step("POST /hang: the service's event loop blocks for good")
        check(c.request("POST", "/hang")[1].get("hanging"), "POST /hang failed")
        hung = time.monotonic()
        count = wait_until("podman to restart the container",
                           lambda: int(c.inspect("{{.RestartCount}}")), 60, pause=0.5)
        step(f"restart count {count}, {time.monotonic() - hung:.1f} s after the hang")
        logs = c.logs()
        expect_match(r"^app: hanging", logs, "the service's log")
        step(f"lucid-init's summary: {check_health_stop(logs, PORT)}")
        check("app: shutdown handler ran" not in logs.split("lucid-init: exit")[0],
                  "the hung service ran its shutdown handler")
        died = podman("events", "--stream=false", "--filter", f"container={c.name}", "--filter",
                      "event=died", "--format", "{{.ContainerExitCode}}").stdout.split()
        step(f"podman events, died: exit codes {died}")
        check(died and died[0] == str(HEALTH_STOP_EXIT),
              f"the container exited {died}, not {HEALTH_STOP_EXIT}")
        wait_healthy(c)
        after = c.state()
        check(after["Running"] and after["StartedAt"] != before["StartedAt"],
              f"not a new run: started {before['StartedAt']} -> {after['StartedAt']}")
        check(c.request("GET", "/whoami")[0] == 200, "the new run does not answer")
        check(int(c.inspect("{{.RestartCount}}")) >= 1, "podman inspect: RestartCount 0")


# Read by python3.11 inside the container: the service's environment, from /proc.
ENVIRON_CODE = r"""
import json, sys
raw = open(f'/proc/{sys.argv[1]}/environ', 'rb').read().split(b'\0')
print(json.dumps(dict(e.decode().split('=', 1) for e in raw if b'=' in e)))
"""


def secrets(image, http_health):
    """--file-env the seed's way (uid 65532, read-only root): a podman secret (--secret, mode 0400
    for uid 65532) and a bind-mounted multi-line file, both under /run/secrets/, become DB_PASSWORD
    and APP_TOKEN for the service, the *_FILE variables are gone, and no value is in the log."""
    password, token = "s3cret password, with spaces", "line 1\nline 2"
    secret = f"lucid-e2e-db-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        with open(f"{tmp}/db_password", "w") as f:
            f.write(password + "\n")
        with open(f"{tmp}/app_token", "w") as f:
            f.write(token + "\n")
        os.chmod(f"{tmp}/app_token", 0o444)
        podman("secret", "create", secret, f"{tmp}/db_password")
        try:
            env = ["LUCID_INIT_FILE_ENV=1", f"DB_PASSWORD_FILE=/run/secrets/{secret}",
                   "APP_TOKEN_FILE=/run/secrets/app_token"]
            # The image has no /run/secrets and its root is read-only: podman 4.3 then cannot
            # make the mount points (runc: "read-only file system") unless /run/secrets is a tmpfs.
            options = ["--tmpfs", "/run/secrets",
                       "--secret", f"{secret},type=mount,uid=65532,gid=65532,mode=0400",
                       "--volume", f"{tmp}/app_token:/run/secrets/app_token:ro"]
            with Container(image, "secrets", env=env, health=http_health, options=options) as c:
                c.start()
                c.wait_ready()
                wait_healthy(c)
                pid = c.request("GET", "/whoami")[1]["pid"]
                step(f"the service's environment (pid {pid}), read from /proc")
                result = podman("exec", c.name, "/usr/bin/python3.11", "-c", ENVIRON_CODE, pid)
                environ = json.loads(result.stdout)
                check(environ.get("DB_PASSWORD") == password, "DB_PASSWORD is not the secret")
                check(environ.get("APP_TOKEN") == token, "APP_TOKEN is not the file's content")
                left = sorted(k for k in environ if k.endswith("_FILE"))
                check(left == [], f"left in the service's environment: {left}")
                logs = c.logs()
                step(f"log:\n{logs[-800:]}")
                expect_match(rf"^lucid-init: DB_PASSWORD set from DB_PASSWORD_FILE="
                             rf"'/run/secrets/{secret}'$", logs, "lucid-init's line")
                expect_match(r"^lucid-init: APP_TOKEN set from APP_TOKEN_FILE="
                             r"'/run/secrets/app_token'$", logs, "lucid-init's line")
                check(password not in logs and "line 2" not in logs, "a value is in the log")
        finally:
            podman("secret", "rm", secret, check_rc=False)


def secrets_refused(image, http_health):
    """--file-env with API_PORT_FILE while the image sets API_PORT: exit 2 at once, one line."""
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        with open(f"{tmp}/api_port", "w") as f:
            f.write("9000\n")
        os.chmod(f"{tmp}/api_port", 0o444)
        env = ["LUCID_INIT_FILE_ENV=1", "API_PORT_FILE=/run/secrets/api_port"]
        options = ["--volume", f"{tmp}/api_port:/run/secrets/api_port:ro"]
        with Container(image, "secrets-refused", env=env, options=options) as c:
            code, took = c.run_attached(timeout=60)
            lines = c.logs().splitlines()
            step(f"exit {code} after {took:.2f} s; log: {lines}")
            check(code == 2, f"exit code {code}, not 2")
            check(lines == ["lucid-init: error: API_PORT_FILE='/run/secrets/api_port': API_PORT is "
                            "set as well: set only one of them"], f"log: {lines}")


def image_config(image, http_health):
    """examples/Dockerfile's image: user, exec-form entrypoint and command, HEALTHCHECK, OCI
    labels matching lucid-init --version, lucid-init built for the image's architecture."""
    info = image_info(image)
    config = info["Config"]
    step(f"config: {json.dumps(config)}")
    check(config["User"] == "65532:65532", f"user {config['User']!r}")
    check(config["Entrypoint"] == ["/usr/local/bin/lucid-init", "--service", "api", "--"],
          f"entrypoint {config['Entrypoint']}")
    check(config["Cmd"] == ["/usr/bin/python3.11", "-m", "uvicorn", "app:app", "--host", "{host}",
                            "--port", "{port}"], f"command {config['Cmd']}")
    health = info.get("Healthcheck") or config.get("Healthcheck") or {}
    step(f"HEALTHCHECK: {health}")
    check(health.get("Test") == ["CMD", "/usr/local/bin/lucid-init", "probe", "--http", "/health"],
          f"HEALTHCHECK {health}")
    check(health.get("Retries") == 3, "HEALTHCHECK retries")
    labels = config.get("Labels") or {}
    for key in ("title", "version", "revision", "created"):
        check(labels.get(f"org.opencontainers.image.{key}"), f"no OCI label {key}: {labels}")

    with Container(image, "version", options=["--entrypoint", "/usr/local/bin/lucid-init"]) as c:
        version = podman("run", *c.run_options(), image, "--version").stdout.strip()
    step(f"lucid-init --version: {version}")
    revision, created = labels["org.opencontainers.image.revision"], labels[
        "org.opencontainers.image.created"]
    check(f"rev {revision}" in version and f"built {created}" in version,
          f"--version does not report the image's VCS_REF {revision} and BUILD_DATE {created}")

    machines = {"arm64": 183, "amd64": 62}  # ELF e_machine: EM_AARCH64, EM_X86_64
    code = "import struct; print(struct.unpack_from('<H', open('/usr/local/bin/lucid-init', 'rb').read(20), 18)[0])"
    with Container(image, "elf", options=["--entrypoint", "/usr/bin/python3.11"]) as c:
        machine = int(podman("run", *c.run_options(), image, "-c", code).stdout)
    check(machine == machines.get(info["Architecture"]),
          f"lucid-init's ELF machine {machine} in an {info['Architecture']} image")


def example_app(image, http_health):
    """examples/app in examples/Dockerfile's image: healthy by the image's own HEALTHCHECK,
    answers, stops on podman stop with its shutdown log line and exit code 0."""
    with Container(image, "example-app", health=None if IMAGE_HEALTH else http_health) as c:
        c.start()
        wait_healthy(c)
        output = c.last_health_output()
        step(f"health log: {output}")
        expect_match(r"^healthy: http://127\.0\.0\.1:8000/health: status 200\b", output,
                     "the probe's message")
        status, body = c.request("GET", "/")
        check(status == 200 and body.get("service") == "api", f"GET / -> {status} {body}")
        took = c.stop(10)
        code = c.exit_code()
        logs = c.logs()
        step(f"podman stop took {took:.2f} s, exit code {code}; last lines:\n{logs[-500:]}")
        expect_match(r"api: shutdown handler ran", logs, "the service's shutdown log")
        expect_match(r"^lucid-init: exit 0: child exited with status 0; shutdown on SIGTERM", logs,
                     "lucid-init's summary")
        check(code == 0, f"exit code {code}, not 0")
        check(took < 8, f"podman stop took {took:.2f} s: not well under its 10 s")


def sdnotify(image, http_health):
    """podman run --sdnotify=container: podman relays lucid-init's READY=1, sent when the service
    first accepts connections, to the NOTIFY_SOCKET of podman's own environment (a socket of the
    test's). With LUCID_INIT_NOTIFY_CHILD=1 the socket goes to the service, which says nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        manager = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        manager.bind(f"{tmp}/notify")
        os.environ["NOTIFY_SOCKET"] = f"{tmp}/notify"  # podman's own environment
        try:
            with Container(image, "sdnotify", health=http_health,
                           options=["--sdnotify=container"]) as c:
                c.start()
                datagrams = []
                manager.settimeout(START_TIMEOUT)
                while b"READY=1" not in datagrams:
                    datagrams.append(manager.recv(4096))
                logs = c.logs()
                step(f"datagrams relayed by podman: {datagrams}")
                # podman 4.3 passes READY=1 on alone (its own MAINPID first, STATUS dropped).
                expect_match(r"^lucid-init: api ready on 0\.0\.0\.0:8000 after ", logs,
                             "the ready line before READY=1")
                c.wait_ready()
            with Container(image, "sdnotify-child", env=["LUCID_INIT_NOTIFY_CHILD=1"],
                           health=http_health, options=["--sdnotify=container"]) as c:
                c.start()
                c.wait_ready()
                c.wait_for_log(r"^lucid-init: api ready on ")
                manager.settimeout(2)
                relayed = []
                try:
                    while True:
                        relayed.append(manager.recv(4096))
                except socket.timeout:
                    pass
                step(f"with LUCID_INIT_NOTIFY_CHILD=1, relayed: {relayed}")
                check(b"READY=1" not in relayed, f"READY=1 relayed from a silent service: {relayed}")
        finally:
            del os.environ["NOTIFY_SOCKET"]
            manager.close()


def oom(image, http_health):
    """podman --memory 64m: a python3.11 child that allocates 256 MiB is killed by the kernel's
    OOM killer; lucid-init's lines name it, with the container's limit; exit 137."""
    code = "b = bytearray(256 * 1024 * 1024)"
    with Container(image, "oom", health=None,
                   options=["--memory", "64m", "--memory-swap", "64m",
                            "--entrypoint", "/usr/local/bin/lucid-init"]) as c:
        result = podman("run", *c.run_options(), image, "--", "/usr/bin/python3.11", "-c", code,
                        timeout=START_TIMEOUT, check_rc=False)
        step(f"exit {result.returncode}; lucid-init said:\n{result.stderr[-600:]}")
        check(result.returncode == 137, f"exit code {result.returncode}, not 137")
        expect_match(r"^lucid-init: child pid \d+ killed by SIGKILL: out of memory \(the kernel's "
                     r"OOM killer; memory limit 64 MiB\)$", result.stderr, "the exit line")
        expect_match(r"^lucid-init: exit 137: child killed by SIGKILL: out of memory ",
                     result.stderr, "the summary")


SCENARIOS = {f.__name__.replace("_", "-"): f for f in (
    distroless, healthy, unhealthy_http, unhealthy_tcp, stop, ignore_sigterm, zombies, exit_code,
    bad_port, bad_host, start_period, secrets, secrets_refused, image_config, example_app,
    zero_config, health_restart, sdnotify, oom)}


def main():
    global IMAGE_HEALTH
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--image", required=True)
    parser.add_argument("--image-health", action="store_true",
                        help="health check from the image's HEALTHCHECK, not the HTTP one")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("needs root (podman with runc, rootful)")
        return 77  # ctest: skipped
    scenario = SCENARIOS[args.scenario]
    step(f"{args.scenario} on {args.image}: {scenario.__doc__}")
    try:
        http_health = HTTP_HEALTH
        if args.image_health:
            IMAGE_HEALTH = True
            test = (image_info(args.image).get("Healthcheck") or {}).get("Test") or ["NONE"]
            check(test[0] == "CMD", f"the image's HEALTHCHECK is not exec form: {test}")
            http_health = json.dumps(test[1:])
        scenario(args.image, http_health)
    except (Failure, OSError) as e:  # OSError: the service did not answer over HTTP
        step(f"FAILED: {e!r}" if isinstance(e, OSError) else f"FAILED: {e}")
        return 1
    step("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
