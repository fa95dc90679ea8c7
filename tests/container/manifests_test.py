#!/usr/bin/python3.11
"""Checks the shipped examples without a container runtime:

    manifests_test.py LUCID_INIT_BINARY

- examples/compose.yaml, examples/stack.yaml and examples/kubernetes.yaml parse (python3-yaml)
  and carry the seed's security settings; examples/Dockerfile follows the seed's patterns;
  stack.yaml's timing rules hold (update monitor, stop_grace_period against LUCID_INIT_GRACE).
- Every `lucid-init probe` command in the four files (kubernetes.yaml's documented exec form in
  its comment) is run for real with this build's binary, in the environment the file gives it
  (API_PORT pointed at a local listener): healthy against an HTTP server answering /health,
  unhealthy once it is gone. So a wrong flag or a missing variable fails here, not in production.
- kubernetes.yaml's probes are the kubelet's own (httpGet, tcpSocket; no exec: kubernetes#82440)
  on the port the service listens on; each is made the way the kubelet makes it (an HTTP status
  from 200 to 399, a TCP connect) against the same listener, and agrees with the equivalent
  `lucid-init probe` command.
"""

import http.client

import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")
LUCID_INIT = "/usr/local/bin/lucid-init"
failures = []


def check(condition, message):
    print(("ok:     " if condition else "FAILED: ") + message, flush=True)
    if not condition:
        failures.append(message)


def load_yaml(name):
    with open(os.path.join(EXAMPLES, name)) as f:
        return list(yaml.safe_load_all(f))


def dockerfile_instructions():
    """[(INSTRUCTION, arguments)] of examples/Dockerfile, continuation lines joined."""
    with open(os.path.join(EXAMPLES, "Dockerfile")) as f:
        text = re.sub(r"\\\n", " ", f.read())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200 if self.path == "/health" else 404
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def duration(text):
    """Seconds in a compose duration: 40s, 2m, 1m30s, 500ms."""
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", str(text))
    check(parts and "".join(a + b for a, b in parts) == str(text), f"duration {text!r}")
    return sum(float(n) * units[u] for n, u in parts)


def run_probe(binary, command, env, port, expect_healthy):
    """Runs COMMAND (a lucid-init probe exec form) with this build's binary, API_PORT=port."""
    check(command[:2] == [LUCID_INIT, "probe"], f"{command} runs {LUCID_INIT} probe")
    env = {k: str(v) for k, v in env.items()} | {"API_PORT": str(port), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([binary] + command[1:], env=env, capture_output=True, text=True,
                            timeout=30)
    verdict = "healthy" if expect_healthy else "unhealthy"
    line = result.stdout.strip()
    check(result.returncode == (0 if expect_healthy else 1) and line.startswith(verdict + ":"),
          f"{' '.join(command[1:])} -> exit {result.returncode}, {line!r} ({verdict} expected)")


def kubelet_probe(probe, port):
    """True if the kubelet's own httpGet or tcpSocket PROBE succeeds against 127.0.0.1:PORT."""
    try:
        if "httpGet" in probe:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=probe["timeoutSeconds"])
            connection.request("GET", probe["httpGet"]["path"])
            status = connection.getresponse().status
            connection.close()
            return 200 <= status < 400
        with socket.create_connection(("127.0.0.1", port), timeout=probe["timeoutSeconds"]):
            return True
    except OSError:
        return False


def lucid_probe_equivalent(probe):
    """The `lucid-init probe` command that checks what the kubelet's PROBE checks."""
    command = [LUCID_INIT, "probe", "--service", "api"]
    if "httpGet" in probe:
        command += ["--http", probe["httpGet"]["path"]]
    return command


def main():
    binary = os.path.abspath(sys.argv[1])

    # ---- examples/Dockerfile: the seed's patterns ----
    instructions = dockerfile_instructions()
    froms = [args for word, args in instructions if word == "FROM"]
    check(len(froms) == 4, f"Dockerfile: four stages ({len(froms)} FROM)")
    check(froms[0] == "--platform=$BUILDPLATFORM ${BUILDER_IMAGE} AS lucid-init-source",
          f"Dockerfile: the from-source alternative on the build platform: FROM {froms[0]}")
    check(froms[1] == "${LUCID_INIT_IMAGE} AS lucid-init",
          f"Dockerfile: lucid-init from LUCID_INIT_IMAGE: FROM {froms[1]}")
    check(froms[2] == "--platform=$BUILDPLATFORM ${BUILDER_IMAGE} AS builder",
          f"Dockerfile: builder stage on the build platform: FROM {froms[2]}")
    check(froms[3] == "--platform=$TARGETPLATFORM ${RUNTIME_IMAGE}",
          f"Dockerfile: runtime for the target: FROM {froms[3]}")
    args = {a.split("=")[0] for word, a in instructions if word == "ARG"}
    for name in ("BUILD_DATE", "VCS_REF", "VERSION", "TARGETPLATFORM", "BUILDER_IMAGE",
                 "RUNTIME_IMAGE", "LUCID_INIT_IMAGE"):
        check(name in args, f"Dockerfile: ARG {name}")
    # Before the first FROM, BuildKit's automatic platform arguments must not be declared: without
    # a value, docker 20.10's BuildKit blanks them ("failed to parse platform").
    first_from = instructions.index(("FROM", froms[0]))
    global_args = {a.split("=")[0] for word, a in instructions[:first_from] if word == "ARG"}
    check(not global_args & {"TARGETPLATFORM", "BUILDPLATFORM", "TARGETARCH", "BUILDARCH"},
          f"Dockerfile: no global ARG of BuildKit's platform arguments ({sorted(global_args)})")
    with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
        version = re.search(r"^project\(lucid-init VERSION ([0-9.]+)", f.read(), re.M).group(1)
    check(("ARG", f"LUCID_INIT_IMAGE=lucid-init:{version}") in instructions,
          f"Dockerfile: the release image of this version (lucid-init:{version}) by default")
    check(("ARG", "RUNTIME_IMAGE=gcr.io/distroless/python3-debian12:latest") in instructions,
          "Dockerfile: distroless python3-debian12 runtime by default")
    runtime = instructions[instructions.index(("FROM", froms[3])):]
    copies = [a for word, a in runtime if word == "COPY"]
    check("--chown=65532:65532 --from=lucid-init /lucid-init /usr/local/bin/lucid-init" in copies,
          "Dockerfile: lucid-init copied from the lucid-init stage")
    check(copies and all(a.startswith("--chown=65532:65532") for a in copies),
          "Dockerfile: every runtime COPY has --chown=65532:65532")
    check(("USER", "65532:65532") in runtime, "Dockerfile: USER 65532:65532")
    runs = [a for word, a in runtime if word == "RUN"]
    check(all(a.startswith("[") for a in runs), "Dockerfile: runtime RUNs in exec form (no shell)")
    label = " ".join(a for word, a in runtime if word == "LABEL")
    for key in ("title", "version", "revision", "created"):
        check(f"org.opencontainers.image.{key}=" in label, f"Dockerfile: OCI label {key}")
    exec_forms = {word: json.loads(a) for word, a in runtime if word in ("ENTRYPOINT", "CMD")}
    check(exec_forms.get("ENTRYPOINT") == [LUCID_INIT, "--service", "api", "--"],
          f"Dockerfile: ENTRYPOINT {exec_forms.get('ENTRYPOINT')}")
    check(exec_forms.get("CMD", [None])[0] == "/usr/bin/python3.11" and
          exec_forms["CMD"][-4:] == ["--host", "{host}", "--port", "{port}"],
          f"Dockerfile: CMD {exec_forms.get('CMD')}")
    healthcheck = next(a for word, a in runtime if word == "HEALTHCHECK")
    docker_probe = json.loads(healthcheck[healthcheck.index(" CMD ") + 5:])
    env_line = " ".join(a for word, a in runtime if word == "ENV")
    docker_env = dict(re.findall(r"(\w+)=(\S+)", env_line))

    # ---- examples/compose.yaml ----
    (compose,) = load_yaml("compose.yaml")
    api = compose["services"]["api"]
    # Compose v1 (Debian 12's docker-compose 1.29) refuses both.
    check("name" not in compose and "platforms" not in api["build"],
          "compose: no top-level name, no build.platforms (Compose v1)")
    check(api["user"] == "65532:65532", "compose: user 65532:65532")
    check(api["read_only"] is True, "compose: read_only")
    check(api["cap_drop"] == ["ALL"], "compose: cap_drop ALL")
    check("no-new-privileges:true" in api["security_opt"], "compose: no-new-privileges")
    check(any(t.startswith("/tmp:") for t in api["tmpfs"]), "compose: tmpfs /tmp")
    check(os.path.isfile(os.path.join(EXAMPLES, api["build"]["context"],
                                      api["build"]["dockerfile"])), "compose: build finds Dockerfile")
    test = api["healthcheck"]["test"]
    check(test[0] == "CMD", "compose: healthcheck in exec form (CMD, no shell)")
    compose_probe = test[1:]
    compose_env = api["environment"]

    # ---- examples/stack.yaml (docker stack deploy) ----
    (stack,) = load_yaml("stack.yaml")
    swarm = stack["services"]["api"]
    check(str(stack.get("version", "")).startswith("3."), "stack: version 3.x (docker 20.10)")
    check(swarm["user"] == "65532:65532" and swarm["read_only"] is True and
          swarm["cap_drop"] == ["ALL"], "stack: user 65532, read-only, cap_drop ALL")
    check(any(v.get("type") == "tmpfs" and v.get("target") == "/tmp" for v in swarm["volumes"]),
          "stack: a tmpfs mount at /tmp (Swarm's form)")
    check(stack["networks"][swarm["networks"][0]] == {"external": True, "name": "host"},
          "stack: the host network (no ingress mesh)")
    seconds = {k: duration(v) for k, v in swarm["healthcheck"].items()
               if k not in ("test", "retries")} | {"retries": swarm["healthcheck"]["retries"]}
    deploy = swarm["deploy"]
    update = deploy["update_config"]
    check(update["order"] == "stop-first" and update["failure_action"] == "rollback" and
          duration(update["delay"]) > 0, "stack: updates stop-first, rolled back, with a delay")
    check(duration(update["monitor"]) >= seconds["start_period"] +
          seconds["interval"] * seconds["retries"],
          "stack: update monitor >= start_period + interval * retries")
    check(deploy["rollback_config"]["order"] == "stop-first", "stack: rollback stop-first")
    check(deploy["restart_policy"]["condition"] == "any",
          "stack: restart condition any (an unhealthy task exits 0 through lucid-init)")
    swarm_env = {k: re.sub(r"\$\{\w+:-(.*)\}", r"\1", str(v))
                 for k, v in swarm["environment"].items()}
    check(duration(swarm["stop_grace_period"]) > duration(swarm_env["LUCID_INIT_GRACE"]),
          "stack: lucid-init's grace ends before Swarm's SIGKILL")
    check(swarm["healthcheck"]["test"][0] == "CMD", "stack: healthcheck in exec form")
    stack_probe = swarm["healthcheck"]["test"][1:]

    # ---- examples/kubernetes.yaml ----
    documents = load_yaml("kubernetes.yaml")
    check([d["kind"] for d in documents] == ["Deployment", "Service"], "kubernetes: kinds")
    for d in documents:
        check(d.get("apiVersion") and d["metadata"].get("name"), f"kubernetes: {d['kind']} header")
    pod = documents[0]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    security = container["securityContext"]
    check(pod["securityContext"]["runAsUser"] == 65532, "kubernetes: runAsUser 65532")
    check(security["readOnlyRootFilesystem"] is True, "kubernetes: read-only root")
    check(security["allowPrivilegeEscalation"] is False, "kubernetes: no privilege escalation")
    check(security["capabilities"]["drop"] == ["ALL"], "kubernetes: drop ALL capabilities")
    k8s_env = {e["name"]: e["value"] for e in container["env"]}
    grace = int(k8s_env["LUCID_INIT_GRACE"].rstrip("s"))
    check(pod["terminationGracePeriodSeconds"] > grace,
          "kubernetes: lucid-init's grace ends before the kubelet's SIGKILL")
    check(k8s_env["API_HOST"] == "0.0.0.0", "kubernetes: the service listens where the kubelet probes")
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    k8s_probes = {}
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = container[kind]
        k8s_probes[kind] = probe
        check("exec" not in probe, f"kubernetes: {kind} is the kubelet's own, no exec")
        expected = "tcpSocket" if kind == "livenessProbe" else "httpGet"
        check(expected in probe, f"kubernetes: {kind} is {expected}")
        target = probe.get(expected, {})
        check(str(ports.get(target.get("port"))) == k8s_env["API_PORT"],
              f"kubernetes: {kind} port {target.get('port')} is API_PORT {k8s_env['API_PORT']}")
        if expected == "httpGet":
            check(target.get("path") == "/health", f"kubernetes: {kind} asks /health")
    with open(os.path.join(EXAMPLES, "kubernetes.yaml")) as f:
        documented = re.findall(r"^#\s+command: (\[.*\])$", f.read(), re.MULTILINE)
    check(len(documented) == 1, "kubernetes: the exec form is documented in a comment")
    k8s_exec = [json.loads(c) for c in documented]

    # ---- every probe command, for real ----
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cases = [("Dockerfile HEALTHCHECK", docker_probe, docker_env),
             ("compose healthcheck", compose_probe, compose_env),
             ("stack healthcheck", stack_probe, swarm_env)]
    cases += [("kubernetes exec form", command, k8s_env) for command in k8s_exec]
    cases += [(f"kubernetes {kind}'s lucid-init equivalent", lucid_probe_equivalent(probe), k8s_env)
              for kind, probe in k8s_probes.items()]
    for where, command, env in cases:
        print(f"-- {where}: {command}")
        run_probe(binary, command, env, port, expect_healthy=True)
    for kind, probe in k8s_probes.items():
        check(kubelet_probe(probe, port), f"kubernetes {kind}: the kubelet's probe succeeds")
    server.shutdown()
    server.server_close()
    # Nothing listens there any more (the port was just released; nobody else takes it so fast).
    with socket.socket() as s:
        refused = s.connect_ex(("127.0.0.1", port)) != 0
    check(refused, f"port {port} closed")
    for where, command, env in cases:
        print(f"-- {where}, service gone")
        run_probe(binary, command, env, port, expect_healthy=False)
    for kind, probe in k8s_probes.items():
        check(not kubelet_probe(probe, port), f"kubernetes {kind}: the kubelet's probe fails")

    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
