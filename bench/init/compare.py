#!/usr/bin/python3.11
"""Runs the peers' scenarios against lucid-init, tini, dumb-init and catatonit and prints what
each one did, as a markdown table (the source of docs/init-benchmarks.md's comparison table).

    bench/init/compare.py [--build-dir build/release] [--lucid-init PATH]

Every init runs with its default options, as PID 1 of a fresh PID namespace unless a scenario
says otherwise, with the test suites' own child programs (lucid_test_child, lucid_peers_child),
built in the build directory. Signals come from outside the namespace, like `docker kill`. Needs
root. tini-static behaves as tini and is left out. Observed behaviour only: the reasons are in
the docs.
"""
import argparse
import os
import pathlib
import pty
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
UNSHARE = ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc"]
# `docker run -it`: PID 1 leads a session whose controlling terminal is the pty.
ON_TERMINAL = [*UNSHARE, "/usr/bin/setsid", "--ctty"]
INITS = {"lucid-init": None, "tini": "/usr/bin/tini", "dumb-init": "/usr/bin/dumb-init",
         "catatonit": "/usr/bin/catatonit"}
CHILDREN = {"test": "tests/integration/lucid_test_child", "peers": "tests/peers/lucid_peers_child",
            "bench": "bench/init/init_bench_child"}


def log(text):
    print(f"compare: {text}", file=sys.stderr, flush=True)


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


class Run:
    """One init with one child, started in the background in a session of its own; everything
    in it is killed on close. Output goes to files: a leftover may hold a pipe open."""

    def __init__(self, init, child, *, pid1=True, preexec=None, cwd=None):
        command = [*(UNSHARE if pid1 else []), str(init), "--", *map(str, child)]
        self.output = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(command, stdout=self.output, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, preexec_fn=preexec, cwd=cwd,
                                     start_new_session=True)
        self.pid1 = pid1

    def init_pid(self):
        if not self.pid1:
            return self.proc.pid
        path = pathlib.Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        wait_for(lambda: path.exists() and path.read_text().split())
        return int(path.read_text().split()[0])

    def send(self, signo):
        os.kill(self.init_pid(), signo)

    def wait(self, timeout=10.0):
        """Exit status, or None if still running after timeout."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def text(self):
        self.output.seek(0)
        return self.output.read().decode(errors="replace")

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


def children_of(pid):
    return [int(p) for p in pathlib.Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def process_state(pid):
    stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2]


def signals_in(path):
    try:
        return [int(line.split()[0]) for line in pathlib.Path(path).read_text().splitlines()]
    except FileNotFoundError:
        return []


def signal_name(signo):
    if signo == signal.SIGRTMIN:
        return "RTMIN"
    if signo == signal.SIGRTMAX:
        return "RTMAX"
    return signal.Signals(signo).name.removeprefix("SIG")


class Scenarios:
    def __init__(self, children):
        self.test = children["test"]
        self.peers = children["peers"]
        self.bench = children["bench"]

    # Each scenario: (init name, init path) -> short text for the table cell.

    def dropped_signals(self, name, init):
        """Standard signals (and RT min/max) sent to PID 1 from outside: which never reach the
        child (lucid_test_child record: every signal blocked and logged)."""
        forwardable = [s for s in range(1, 32) if s not in (9, 17, 19)] + [signal.SIGRTMIN,
                                                                           signal.SIGRTMAX]
        alone = (signal.SIGINT, signal.SIGTERM, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU)
        dropped, stopped = [], []
        # A shutdown signal may escalate a second one, and a SIGSTOP sent instead of a stop
        # signal freezes the child: those get a run each.
        batches = [[s for s in forwardable if s not in alone], *([s] for s in alone)]
        for batch in batches:
            with tempfile.TemporaryDirectory() as scratch:
                run = Run(init, [self.test, "record", scratch, "0"])
                try:
                    wait_for(lambda: os.path.exists(f"{scratch}/ready"))
                    child = children_of(run.init_pid())[0]
                    for signo in batch:
                        run.send(signo)
                        if wait_for(lambda: signo in signals_in(f"{scratch}/signals"), 1.0):
                            continue
                        (stopped if process_state(child) == "T" else dropped).append(signo)
                finally:
                    run.close()
        text = ", ".join(signal_name(s) for s in dropped) or "none"
        if stopped:
            text += "; child stopped instead on " + ", ".join(signal_name(s) for s in stopped)
        return text

    def child_mask(self, name, init, given):
        """The child's blocked and ignored signals when the init was started with `given`."""
        def preexec():
            os.setsid()
            if given:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})
                signal.signal(signal.SIGHUP, signal.SIG_IGN)

        command = [*UNSHARE, str(init), "--", str(self.test), "sigstate"]
        out = subprocess.run(command, capture_output=True, text=True, preexec_fn=preexec,
                             timeout=10).stdout
        fields = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        names = {k: ",".join(signal_name(int(s)) for s in v.split(",") if s) or "-"
                 for k, v in fields.items()}
        return f"blocked {names.get('blocked')}, ignored {names.get('ignored')}"

    def group_default(self, name, init):
        """SIGUSR1 to the init; the child ignores it, its grandchild in the same group does not."""
        with tempfile.TemporaryDirectory() as scratch:
            run = Run(init, [self.peers, "watch-group", scratch])
            try:
                wait_for(lambda: os.path.exists(f"{scratch}/ready"))
                run.send(signal.SIGUSR1)
                reached = wait_for(lambda: os.path.exists(f"{scratch}/grandchild"), 1.0)
            finally:
                run.close()
        return "whole group" if reached else "child only"

    def child_setsid(self, name, init):
        with tempfile.TemporaryDirectory() as scratch:
            run = Run(init, [self.peers, "setsid", scratch])
            try:
                wait_for(lambda: os.path.exists(f"{scratch}/ready"))
                ready = pathlib.Path(f"{scratch}/ready").read_text()
            finally:
                run.close()
        return "succeeds" if "setsid=ok" in ready else "fails: " + ready.split()[0].split("=")[1] \
            + " " + ready.split()[1] + " " + ready.split()[2]

    def working_directories(self, name, init):
        with tempfile.TemporaryDirectory() as workdir:
            with tempfile.TemporaryDirectory() as scratch:
                run = Run(init, [self.test, "record", scratch, "15"], cwd=workdir)
                try:
                    wait_for(lambda: os.path.exists(f"{scratch}/ready"))
                    init_cwd = os.readlink(f"/proc/{run.init_pid()}/cwd")
                    child = children_of(run.init_pid())[0]
                    child_cwd = os.readlink(f"/proc/{child}/cwd")
                finally:
                    run.close()
        where = lambda path: "start dir" if path == workdir else path  # noqa: E731
        return f"init: {where(init_cwd)}, child: {where(child_cwd)}"

    def not_pid1(self, name, init):
        """Started as a plain child (docker run --init, a shell): who adopts an orphan."""
        with tempfile.TemporaryDirectory() as scratch:
            run = Run(init, [self.bench, "adopt", scratch], pid1=False)
            try:
                wait_for(lambda: os.path.exists(f"{scratch}/adopter"), 15)
                adopter = int(pathlib.Path(f"{scratch}/adopter").read_text())
            finally:
                run.close()
        warned = "subreaper" in run.text().lower()
        who = "the init (subreaper)" if adopter == run.proc.pid else f"pid {adopter}, not the init"
        return who + (", with a warning" if warned else "")

    def leftovers_after_exit(self, name, init):
        """The child exits 0 on its own, leaving a grandchild that needs 1 s after SIGTERM."""
        with tempfile.TemporaryDirectory() as scratch:
            run = Run(init, [self.test, "family", scratch, "cleanup", "exit:0"])
            try:
                code = run.wait(20)
                finished = os.path.exists(f"{scratch}/gc-cleaned")
            finally:
                run.close()
        return "grandchild's cleanup finished" if finished else "grandchild cut off"

    def shutdown_cleanup(self, name, init):
        """SIGTERM; the child dies at once, its grandchild needs 1 s after its own SIGTERM."""
        with tempfile.TemporaryDirectory() as scratch:
            run = Run(init, [self.test, "family", scratch, "cleanup", "sleep"])
            try:
                wait_for(lambda: os.path.exists(f"{scratch}/ready"))
                sent = time.monotonic()
                run.send(signal.SIGTERM)
                code = run.wait(20)
                took = time.monotonic() - sent
                finished = os.path.exists(f"{scratch}/gc-cleaned")
            finally:
                run.close()
        what = "cleanup finished" if finished else "cleanup cut off"
        return f"exit {code} after {took:.1f} s, {what}"

    def ignores_sigterm(self, name, init):
        """The child ignores SIGTERM: what the init does within 12 s."""
        with tempfile.TemporaryDirectory() as scratch:
            os.chmod(scratch, 0o777)
            run = Run(init, [self.test, "ignore-term", scratch])
            try:
                wait_for(lambda: os.path.exists(f"{scratch}/ready"))
                sent = time.monotonic()
                run.send(signal.SIGTERM)
                code = run.wait(12)
                took = time.monotonic() - sent
            finally:
                run.close()
        if code is None:
            return "waits (still running after 12 s)"
        return f"exit {code} after {took:.0f} s"

    def second_sigterm(self, name, init):
        """The child survives SIGTERM: what a second SIGTERM does."""
        with tempfile.TemporaryDirectory() as scratch:
            run = Run(init, [self.test, "record", scratch, "0"])
            try:
                wait_for(lambda: os.path.exists(f"{scratch}/ready"))
                run.send(signal.SIGTERM)
                wait_for(lambda: 15 in signals_in(f"{scratch}/signals"))
                run.send(signal.SIGTERM)
                code = run.wait(3)
                terms = signals_in(f"{scratch}/signals").count(15)
            finally:
                run.close()
        if code is not None:
            return f"SIGKILL: exit {code}"
        return f"forwarded again ({terms} SIGTERMs), child keeps running"

    def exec_failures(self, name, init):
        codes = []
        with tempfile.NamedTemporaryFile() as not_executable:
            for program in ("/nonexistent/program", not_executable.name):
                out = subprocess.run([*UNSHARE, str(init), "--", program], capture_output=True,
                                     timeout=10)
                codes.append(str(out.returncode))
        return f"not found {codes[0]}, not executable {codes[1]}"

    def terminal(self, name, init):
        """On a terminal (PID 1 leads the session that owns it): does the child own it?"""
        with tempfile.TemporaryDirectory() as scratch:
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(ON_TERMINAL[0], [*ON_TERMINAL, str(init), "--", str(self.peers),
                                          "terminal-start", scratch])
            try:
                wait_for(lambda: os.path.exists(f"{scratch}/ready"), 15)
                ready = pathlib.Path(f"{scratch}/ready").read_text()
            finally:
                try:
                    while os.read(fd, 4096):
                        pass
                except OSError:
                    pass
                os.close(fd)
                os.waitpid(pid, 0)
        if "ctty=0" in ready:
            return "in a session of its own, without the terminal (no job control)"
        if "at-start=1" in ready:
            return "the terminal's foreground"
        return "the foreground after a moment" if "fg=1" in ready else "in the background"

    def ctrl_c(self, name, init):
        """On a terminal, Ctrl-C: the init's exit status."""
        with tempfile.TemporaryDirectory() as scratch:
            os.chmod(scratch, 0o777)
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(ON_TERMINAL[0], [*ON_TERMINAL, str(init), "--", str(self.test), "record",
                                          scratch, "2", "die"])
            try:
                wait_for(lambda: os.path.exists(f"{scratch}/ready"), 15)
                time.sleep(0.2)
                os.write(fd, b"\x03")
                deadline = time.monotonic() + 5
                status = None
                while status is None and time.monotonic() < deadline:
                    try:
                        os.read(fd, 4096)
                    except OSError:
                        pass
                    done, raw = os.waitpid(pid, os.WNOHANG)
                    status = os.waitstatus_to_exitcode(raw) if done else None
                    time.sleep(0.01)
            finally:
                if status is None:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                os.close(fd)
        return f"exit {status}" if status is not None else "no effect"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=pathlib.Path, default=ROOT / "build/release",
                        help="build with lucid-init and the test suites' child programs")
    parser.add_argument("--lucid-init", type=pathlib.Path,
                        help="another lucid-init binary than the build directory's")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("compare: run as root (unshare --pid needs it)")
    build = args.build_dir.resolve()
    INITS["lucid-init"] = str(args.lucid_init or build / "src/lucid-init")
    children = {k: build / v for k, v in CHILDREN.items()}
    missing = [str(p) for p in [*children.values(), pathlib.Path(INITS["lucid-init"])]
               if not p.exists()]
    if missing:
        sys.exit(f"compare: build these first: {' '.join(missing)}")

    s = Scenarios(children)
    rows = [
        ("signals sent to PID 1 from outside that never reach the child", s.dropped_signals),
        ("child's signal mask and ignored set (init started with none)",
         lambda n, i: s.child_mask(n, i, False)),
        ("... init started with USR2 blocked, HUP ignored", lambda n, i: s.child_mask(n, i, True)),
        ("a forwarded signal goes to (default options)", s.group_default),
        ("the child calls setsid()", s.child_setsid),
        ("working directories (started in a scratch dir)", s.working_directories),
        ("not PID 1: an orphan is adopted by", s.not_pid1),
        ("child exits 0 on its own; grandchild needs 1 s after SIGTERM", s.leftovers_after_exit),
        ("SIGTERM; child dies at once; grandchild needs 1 s after SIGTERM", s.shutdown_cleanup),
        ("SIGTERM; the child ignores it", s.ignores_sigterm),
        ("a second SIGTERM while the child survives the first", s.second_sigterm),
        ("PROGRAM cannot be started", s.exec_failures),
        ("on a terminal, the child is", s.terminal),
        ("on a terminal, Ctrl-C", s.ctrl_c),
    ]
    names = list(INITS)
    print("| scenario | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for label, scenario in rows:
        log(label)
        cells = {name: scenario(name, path) for name, path in INITS.items()}
        # What differs from lucid-init stands out.
        shown = [cells[n] if n == "lucid-init" or cells[n] == cells["lucid-init"]
                 else f"**{cells[n]}**" for n in names]
        print(f"| {label} | " + " | ".join(shown) + " |", flush=True)


if __name__ == "__main__":
    main()
