#!/usr/bin/python3.11
"""The swarm suite (issue 19): lucid-init under Docker Swarm, the orchestrator that acts on a
HEALTHCHECK, in the one-node swarm of tests/container/swarm_daemon.sh (Debian 12's docker.io
20.10, its own dockerd in a network namespace of its own), one ctest test per scenario:

    swarm_scenarios.py --socket PATH --arch ARCH SCENARIO

Images (tests/container/docker_images.sh swarm): lucid-e2e-docker-health:ARCH (the podman
suite's service image + an exec-form HEALTHCHECK), lucid-e2e-swarm:ARCH-v2 (the same, one label
more) and lucid-e2e-swarm:ARCH-broken (its /health answers 503). Services run the seed's way as
far as Swarm allows (user 65532, read-only root, a tmpfs /tmp, no capabilities; Swarm has no
no-new-privileges) on the host network (the namespace's: no IPVS here, so no ingress), each
scenario on ports of its own, health checked every second. Exit 0: passed; 1: failed (the
reason last); 77: skipped (no docker.io, outside CI).
"""

import argparse
import json
import os
import re
import sys
import time

import docker_scenarios
import swarm
from docker_scenarios import docker, expect_match, inspect, nanoseconds, step
from e2e import PROCESSES_CODE, check, wait_until
from swarm import (Service, container_logs, container_of, image, port, replace, request,
                   stopped_gracefully)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# The service's own command, after a 4 s sleep: a service slow to start.
SLOW_START = ["/usr/bin/python3.11", "-c",
              "import runpy, sys, time; time.sleep(4); sys.argv[0] = 'uvicorn'; "
              "runpy.run_module('uvicorn', run_name='__main__', alter_sys=True)",
              "app:app", "--host", "{host}", "--port", "{port}"]


# ---- scenarios ----------------------------------------------------------------------------------

def starting():
    """A service that listens only after 4 s: its task stays `starting` while the container's
    health is `starting` (the probe fails: connection refused) and is `running` only after the
    first healthy check."""
    with Service("starting", args=SLOW_START) as s:
        seen = []

        def is_running():
            tasks = s.tasks()
            if not tasks or not tasks[0]["Status"].get("ContainerStatus", {}).get("ContainerID"):
                return None
            task = tasks[0]  # read before the health: health only goes from starting to healthy
            health = inspect(container_of(task))["State"]["Health"]
            seen.append((task["Status"]["State"], health["Status"]))
            return (task, health) if task["Status"]["State"] == "running" else None
        task, health = wait_until("the task running", is_running, swarm.START_TIMEOUT, pause=0.2)
        states = sorted(set(seen))
        step(f"(task state, health) seen: {states}")
        check(("running", "starting") not in seen, "a task running while its health is starting")
        check(("starting", "starting") in seen, "never saw the task starting while unhealthy yet")
        ok = [e for e in health["Log"] if e["ExitCode"] == 0]
        check(ok, f"running without a healthy check: {health}")
        failed = [e for e in health["Log"] if e["ExitCode"] != 0]
        check(failed and "refused" in failed[0]["Output"], f"no failed check before: {health}")
        running_at = nanoseconds(task["Status"]["Timestamp"])
        started = nanoseconds(inspect(container_of(task))["State"]["StartedAt"])
        step(f"first healthy check {ok[0]['Output'].strip()!r}; running "
             f"{(running_at - started) / 1e9:.1f} s after the container started")
        check(nanoseconds(ok[0]["End"]) <= running_at, "running before the first healthy check")
        check(running_at - started >= 4e9, "running before the service listened")


def unhealthy():
    """A healthy task whose /health turns 503: two failed checks make it unhealthy, Swarm stops
    it through lucid-init's graceful path (shutdown handler, exit 0: the task is `complete`, not
    `failed`) and, with restart condition `any`, starts a healthy one in its slot; with
    `on-failure` the service is left with no task at all."""
    with (Service("unhealthy") as s,
          Service("unhealthy", slot=1, options=["--restart-condition", "on-failure"]) as lost):
        (old,) = s.running()
        (lost_old,) = lost.running()
        for task, service in ((old, s), (lost_old, lost)):
            request(task, service.port, "POST", "/fail")
        t0 = time.monotonic()

        def replaced():
            tasks = [t for t in s.tasks() if t["ID"] != old["ID"]
                     and t["Status"]["State"] == "running"]
            return tasks[0] if tasks else None
        new = wait_until("a new running task", replaced, swarm.START_TIMEOUT, pause=0.3)
        step(f"replaced {time.monotonic() - t0:.1f} s after /fail")
        for task, service in ((old, s), (lost_old, lost)):
            task = wait_until("the old task to end", lambda task=task, service=service: [
                t for t in service.tasks() if t["ID"] == task["ID"] and
                t["Status"]["State"] in ("complete", "failed", "shutdown")], 60, pause=0.3)[0]
            status = task["Status"]
            step(f"{service.name}: old task {status['State']} ({status.get('Message')}), "
                 f"exit code {status['ContainerStatus']['ExitCode']}")
            check(status["State"] == "complete", f"old task {status}")
            health = inspect(container_of(task))["State"]["Health"]
            check(any("status 503" in e["Output"] for e in health["Log"]),
                  f"stopped without failed checks: {health}")
            stopped_gracefully(task)
        check(new.get("Slot") == old.get("Slot"), "the new task is not in the old one's slot")
        time.sleep(3)  # the restart delay is 1 s
        left = [t["Status"]["State"] for t in lost.tasks()]
        step(f"on-failure: tasks {left}")
        check(left == ["complete"], f"on-failure replaced the unhealthy task: {left}")


def update():
    """Two tasks (ports per slot). `docker service update --image` to a working image replaces
    them one at a time, stop-first: never more than one slot without a running task, each old
    task stopped gracefully; to an image whose probe fails, the update rolls back (failure action
    rollback) to the working image, both tasks running. A task that never turns healthy is
    stopped (exit 0, `complete`) and counts as a failure whatever the monitor window (5 s: it is
    for tasks that stop after they ran, and ends the update that long after its last task). The
    update delay (2 s) matters: without one, Swarm's updater may hand the next slot out in the
    same instant the failure arrives (a race in its event loop) and take both tasks down."""
    slot_port = f"{port('update') // 10}{{{{.Task.Slot}}}}"  # 1803{{.Task.Slot}} -> 18031, 18032
    options = ["--replicas", "2", "--update-parallelism", "1", "--update-delay", "2s",
               "--update-order", "stop-first", "--update-failure-action", "rollback",
               "--update-monitor", "5s", "--rollback-order", "stop-first",
               "--rollback-parallelism", "1", "--rollback-monitor", "3s"]
    with Service("update", options=options, api_port=slot_port) as s:
        old = s.running(2)
        for kind, outcome in (("v2", "completed"), ("broken", "rollback_completed")):
            t0 = time.monotonic()
            docker("service", "update", "--detach", "--quiet", "--image", image(kind), s.name)
            snapshots = []

            def done():
                tasks = s.tasks()
                snapshots.append({t.get("Slot") for t in tasks if t["Status"]["State"] == "running"
                                  and t["DesiredState"] == "running"})
                status = (s.inspect().get("UpdateStatus") or {}).get("State", "")
                return status if status in (outcome, "completed", "paused",
                                            "rollback_completed", "rollback_paused") else None
            status = wait_until(f"the update to {kind} to end", done, 2 * swarm.START_TIMEOUT,
                                pause=0.2)
            step(f"update to {kind}: {status} after {time.monotonic() - t0:.1f} s; "
                 f"running slots seen: {[sorted(x) for x in snapshots]}")
            check(status == outcome, f"update to {kind}: {status}, not {outcome}")
            check(all(len(x) >= 1 for x in snapshots), "both slots down at once")
            check(any(len(x) == 1 for x in snapshots), "never saw a slot being replaced")
            now = s.running(2)
            want = image("v2")
            check(all(t["Spec"]["ContainerSpec"]["Image"] == want for t in now),
                  f"running images {[t['Spec']['ContainerSpec']['Image'] for t in now]}")
            if kind == "v2":
                for task in old:
                    stopped_gracefully(task)
                step("both old tasks stopped gracefully (shutdown handler, exit 0)")
            else:
                broken = [t for t in s.tasks()
                          if t["Spec"]["ContainerSpec"]["Image"] == image(kind)]
                step(f"broken tasks: {[t['Status']['State'] for t in broken]}")
                check(broken, "no task of the broken image")
                for task in broken:
                    if not task["Status"].get("ContainerStatus", {}).get("ContainerID"):
                        continue  # shut down by the rollback before it had a container
                    health = inspect(container_of(task))["State"]["Health"]
                    check(not [e for e in health["Log"] if e["ExitCode"] == 0],
                          f"a broken task was healthy: {health}")
                check(s.inspect()["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"] == want,
                      "the service's image is not the working one again")


def stack():
    """docker stack deploy -c examples/stack.yaml (LUCID_STACK_IMAGE the suite's image, with
    tests/container/docker/stack.test.yaml: a 1 s health interval): running and healthy, with the
    seed's settings Swarm supports and the file's update, rollback and restart policies;
    security_opt reported as ignored; running only after a healthy check (under qemu too)."""
    name = f"lucid-stack-{os.getpid()}"
    env = os.environ | {"LUCID_STACK_IMAGE": image(), "LUCID_API_PORT": str(port("stack")),
                        "LUCID_TEST_START_PERIOD": swarm.START_PERIOD[swarm.ARCH]}
    files = [os.path.join(ROOT, "examples", "stack.yaml"),
             os.path.join(HERE, "docker", "stack.test.yaml")]
    try:
        out = docker("stack", "deploy", *[a for f in files for a in ("-c", f)], name, env=env)
        said = out.stdout + out.stderr
        step(f"docker stack deploy: {' '.join(said.split())}")
        check("Ignoring unsupported options: security_opt" in said, "security_opt not reported")
        service = f"{name}_api"
        ids = wait_until("a running task", lambda: [
            t for t in json.loads(docker("inspect", *docker("service", "ps", "-q", "--no-trunc",
                                                            service).stdout.split()).stdout)
            if t["Status"]["State"] == "running"], swarm.START_TIMEOUT, pause=0.3)
        container = inspect(container_of(ids[0]))
        health = container["State"]["Health"]
        check(health["Status"] == "healthy", "running, not healthy")
        ok = [e for e in health["Log"] if e["ExitCode"] == 0]
        check(ok and nanoseconds(ok[0]["End"]) <= nanoseconds(ids[0]["Status"]["Timestamp"]),
              f"running before a healthy check: {health}")
        host = container["HostConfig"]
        check(host["ReadonlyRootfs"] and host["CapDrop"] == ["ALL"],
              f"read-only root, no capabilities: {host['ReadonlyRootfs']} {host['CapDrop']}")
        check(container["Config"]["User"] == "65532:65532", "user 65532:65532")
        check([m["Type"] for m in container["Mounts"] if m["Destination"] == "/tmp"] == ["tmpfs"],
              "no tmpfs /tmp")
        spec = inspect(service)["Spec"]
        update_config, rollback = spec["UpdateConfig"], spec["RollbackConfig"]
        check(update_config["Order"] == "stop-first" and
              update_config["FailureAction"] == "rollback", f"UpdateConfig {update_config}")
        check(rollback["Order"] == "stop-first", f"RollbackConfig {rollback}")
        check(spec["TaskTemplate"]["RestartPolicy"]["Condition"] == "any", "restart policy")
        check(spec["TaskTemplate"]["ContainerSpec"]["StopGracePeriod"] == 12 * 10**9,
              "stop_grace_period")
        step(f"healthy: {container['State']['Health']['Log'][-1]['Output'].strip()}")
    finally:
        docker("stack", "rm", name, check_rc=False)


def logs():
    """docker service logs of a service in each log format, after a task was replaced (update
    --force): lucid-init's lines are there (text: `lucid-init: ...`, the summary); with
    --log-format json every one of them is one JSON object with its event."""
    with (Service("logs", env=["LUCID_INIT_LOG_FORMAT=json"]) as json_service,
          Service("logs", slot=1) as text_service):
        for s in (json_service, text_service):
            s.running()
        replace(json_service, text_service)
        text = wait_until("the summary line", lambda: re.search(
            r"^lucid-init: exit 0: .*shutdown on SIGTERM", text_service.logs(), re.M), 30)
        step(f"text: {text.group(0)}")
        lines = json_service.logs().splitlines()
        objects = [json.loads(line) for line in lines if line.startswith("{")]
        step(f"json: {len(objects)} objects, events {[o['event'] for o in objects]}")
        check(not [line for line in lines if line.startswith("lucid-init:")],
              "a text line of lucid-init's in json format")
        check(objects and all(o.get("event") and o.get("level") and o.get("time") for o in objects),
              "an object without event, level or time")
        check(any(o["event"] == "exit" for o in objects), "no exit event")


def grace():
    """A service that ignores SIGTERM, stopped by Swarm (update --force), lucid-init logging JSON
    (time stamps): with stop_grace_period 6 s over lucid-init's --grace 2 s, lucid-init kills it
    at its deadline, 2 s after the SIGTERM, and says so (exit 137); with stop_grace_period 2 s
    under --grace 6 s, Swarm's SIGKILL ends lucid-init itself 2 s after the SIGTERM: exit 137
    and no summary."""
    cases = [("room", "2s", "6s"), ("short", "6s", "2s")]
    services = [Service("grace", slot=i, grace=stop_grace,
                        env=["APP_IGNORE_SIGTERM=1", f"LUCID_INIT_GRACE={lucid}",
                             "LUCID_INIT_LOG_FORMAT=json"])
                for i, (_, lucid, stop_grace) in enumerate(cases)]
    with services[0] as room, services[1] as short:
        results = {}
        for s in (room, short):
            (task,) = s.running()
            wait_until("SIGTERM ignored", lambda task=task: re.search(
                r"^app: ignoring SIGTERM$", container_logs(task), re.M), 30)
        for (label, _, _), (task, t0) in zip(cases, replace(room, short)):
            state = inspect(container_of(task))["State"]
            events = [json.loads(line) for line in container_logs(task).splitlines()
                      if line.startswith("{")]
            (term,) = [e for e in events if e["event"] == "shutdown_forwarded"]
            took = (nanoseconds(state["FinishedAt"]) - nanoseconds(term["time"])) / 1e9
            results[label] = (state["ExitCode"], took, [e["event"] for e in events])
            step(f"{label}: SIGTERM {nanoseconds(term['time']) / 1e9 - t0:.1f} s after the update, "
                 f"exit code {state['ExitCode']} {took:.1f} s after it; last event "
                 f"{events[-1]['msg']!r}")
        code, took, names = results["room"]
        check(names[-1] == "exit" and code == 137 and 1.8 <= took < 4,
              f"room: exit {code} {took:.1f} s after SIGTERM, events {names}")
        code, took, names = results["short"]
        check("exit" not in names and code == 137 and 1.8 <= took < 4,
              f"short: exit {code} {took:.1f} s after SIGTERM, events {names}")


def health_stop():
    """lucid-init's own health check (--health-check, issue 17) under Swarm, with no Docker
    HEALTHCHECK: the service hangs (SIGSTOP), two failed checks make lucid-init stop it
    gracefully (SIGCONT, SIGTERM: the shutdown handler runs) and exits 3; Swarm restarts
    the task. The start period matters: without one, a service that takes 2 s to listen is
    stopped (`connection refused` twice) before it ever answers, again and again."""
    config = inspect(image())["Config"]
    entrypoint = ("/usr/local/bin/lucid-init --service api --health-check "
                  "http://127.0.0.1:{port}/health --health-interval 1s --health-timeout 1s "
                  "--health-retries 2 --health-start-period 60s --health-on-failure stop --")
    with Service("health-stop", options=["--no-healthcheck", "--entrypoint", entrypoint],
                 args=config["Cmd"], health=False) as s:
        (old,) = s.running()
        wait_until("the service to answer", lambda: request(old, s.port, "GET", "/whoami",
                                                            check_rc=False), swarm.START_TIMEOUT)
        procs = json.loads(docker("exec", container_of(old), "/usr/bin/python3.11", "-c",
                                  PROCESSES_CODE).stdout)
        (child,) = [int(p) for p, v in procs.items() if v[1] == 1 and v[2].startswith("python")]
        docker("exec", container_of(old), "/usr/bin/python3.11", "-c",
               f"import os, signal; os.kill({child}, signal.SIGSTOP)")
        t0 = time.monotonic()
        new = wait_until("a new running task", lambda: [
            t for t in s.tasks() if t["ID"] != old["ID"] and t["Status"]["State"] == "running"],
            swarm.START_TIMEOUT, pause=0.3)
        step(f"restarted {time.monotonic() - t0:.1f} s after SIGSTOP")
        state = inspect(container_of(old))["State"]
        logs_ = container_logs(old)
        summary = re.search(r"^lucid-init: exit \d+: .*$", logs_, re.M)
        step(f"old task: exit code {state['ExitCode']}; {summary and summary.group(0)}")
        expect_match(r"stopped: api unhealthy 2 times: http://127\.0\.0\.1:\d+/health", logs_,
                     "lucid-init's summary")
        expect_match(r"^app: shutdown handler ran$", logs_, "the service's shutdown log")
        check(state["ExitCode"] == 3, f"exit code {state['ExitCode']}, not 3 (a health stop)")
        check(new, "no new task")


SCENARIOS = {"starting": starting, "unhealthy": unhealthy, "update": update, "stack": stack,
             "logs": logs, "grace": grace, "health-stop": health_stop}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--arch", required=True, choices=["amd64", "arm64"])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    args = docker_scenarios.ARGS = parser.parse_args()
    swarm.configure(args.arch, SCENARIOS)
    return docker_scenarios.play(SCENARIOS, args.scenario, args.arch)


if __name__ == "__main__":
    sys.exit(main())
