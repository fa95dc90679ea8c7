#!/usr/bin/env bash
# README's first command: installs what is missing, builds the release preset, then shows
# lucid-init's main job for real. A small python3.11 service (examples/demo_service.py) runs
# under lucid-init as PID 1 of a fresh PID namespace: its DEMO_HOST/DEMO_PORT are validated, it
# leaves an orphan behind that lucid-init reaps, `lucid-init probe` finds it healthy, SIGTERM to
# PID 1 stops it gracefully, lucid-init prints its summary line, and the probe then finds nothing.
# Every step is checked: the script exits nonzero when one does not behave.
# LUCID_DEMO_BIN=PATH skips setup and build and demonstrates that binary (the ctest runs that).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=/usr/bin/python3.11  # Debian's, as in the distroless images

bold=""
plain=""
if [[ -t 1 ]]; then
  bold=$'\033[1m'
  plain=$'\033[0m'
fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
fail() {
  [[ -z ${log:-} || ! -f $log ]] || show_log  # what lucid-init and the service said, for the why
  echo "demo FAILED: $*" >&2
  exit 1
}

if [[ $EUID -ne 0 ]]; then
  echo "demo: run as root (it installs packages and creates a PID namespace)" >&2
  exit 77  # ctest's "skipped"
fi

if [[ -n ${LUCID_DEMO_BIN:-} ]]; then
  bin=$LUCID_DEMO_BIN
else
  scripts/setup.sh
  say "build: cmake --preset release && cmake --build --preset release"
  mkdir -p build/logs
  if ! { cmake --preset release && cmake --build --preset release -j "$(nproc)"; } \
    >build/logs/demo-build.log 2>&1; then
    tail -n 40 build/logs/demo-build.log
    fail "build failed (build/logs/demo-build.log)"
  fi
  bin=build/release/src/lucid-init
fi

work=$(mktemp -d)
log=$work/pid1.log  # lucid-init's and the service's stderr
shown=0             # lines of $log already shown
unshare_pid=""
init_pid=""
cleanup() {
  if [[ -n $unshare_pid ]] && kill -0 "$unshare_pid" 2>/dev/null; then
    # Killing the namespace's PID 1 ends every process in it; killing only unshare would leave
    # lucid-init and the service running.
    [[ -n $init_pid ]] && kill -KILL "$init_pid" 2>/dev/null
    kill -KILL "$unshare_pid" 2>/dev/null || true
    wait "$unshare_pid" 2>/dev/null || true  # reaped quietly: no "Killed" notice from bash
  fi
  rm -rf "$work"
}
trap cleanup EXIT

show_log() {  # prints the lines lucid-init and the service wrote since the last call
  local total
  total=$(wc -l <"$log")
  if ((total > shown)); then
    sed -n "$((shown + 1)),${total}p" "$log" | sed 's/^/   | /'
    shown=$total
  fi
}

http_get() {  # http_get PATH: the service's answer, through Python's client (no curl needed)
  "$python" -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode().strip())' \
    "http://127.0.0.1:$port$1"
}

zombies_under() {  # pids of zombie children of host pid $1
  ps -e -o pid=,ppid=,stat= | awk -v p="$1" '$2 == p && $3 ~ /^Z/ { print $1 }'
}

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')

say "$bin --version"
"$bin" --version

say "validation: a bad DEMO_PORT stops everything before anything starts (exit 2)"
rc=0
DEMO_PORT=8O "$bin" --service demo -- "$python" examples/demo_service.py || rc=$?
((rc == 2)) || fail "DEMO_PORT=8O: expected exit 2, got $rc"
echo "exit status $rc"

say "start: DEMO_PORT=$port unshare --pid --fork --mount-proc $bin -v --service demo -- $python examples/demo_service.py --host {host} --port {port}"
DEMO_PORT=$port unshare --pid --fork --mount-proc \
  "$bin" -v --service demo -- "$python" examples/demo_service.py --host '{host}' --port '{port}' \
  </dev/null >"$log" 2>&1 &
unshare_pid=$!

# lucid-init is unshare's only child: PID 1 inside, init_pid out here.
init_pid=""
for _ in $(seq 50); do
  init_pid=$(pgrep -P "$unshare_pid" || true)
  [[ -n $init_pid ]] && break
  sleep 0.1
done
[[ -n $init_pid ]] || fail "lucid-init did not start"
for _ in $(seq 100); do
  grep -q 'listening on' "$log" && break
  kill -0 "$unshare_pid" 2>/dev/null || break
  sleep 0.1
done
show_log
grep -q 'listening on' "$log" || fail "the service did not start"

say "the service sees the validated environment, and lucid-init as its parent (PID 1)"
answer=$(http_get /)
echo "GET / -> $answer"
[[ $answer == *'"DEMO_HOST": "0.0.0.0"'* && $answer == *"\"DEMO_PORT\": \"$port\""* ]] ||
  fail "DEMO_HOST/DEMO_PORT not as validated"
[[ $answer == *'"ppid": 1'* ]] || fail "the service's parent is not PID 1"

say "health: $bin probe --port $port --http /health"
rc=0
"$bin" probe --port "$port" --http /health || rc=$?
((rc == 0)) || fail "probe of the running service: exit $rc, expected 0 (healthy)"
echo "exit status $rc (healthy)"

say "a zombie for PID 1: the service leaves an orphan behind, which exits 1 s later"
answer=$(http_get /spawn-zombie)
echo "GET /spawn-zombie -> $answer"
echo "children of lucid-init now (host view):"
ps -o pid=,stat=,args= --ppid "$init_pid" | sed 's/^/   /'
echo "   (the service, and the orphan it left: re-parented to lucid-init)"
sleep 1.5
show_log
left=$(zombies_under "$init_pid")
[[ -z $left ]] || fail "zombies left under lucid-init: $left"
echo "orphan exited and was reaped: zombies under lucid-init: none"

say "stop: SIGTERM to PID 1 (what docker stop does)"
t0=$(date +%s%N)
kill -TERM "$init_pid"
rc=0
wait "$unshare_pid" || rc=$?
unshare_pid=""
ms=$((($(date +%s%N) - t0) / 1000000))
show_log
printf 'lucid-init exited with status %d, %d.%03d s after the SIGTERM\n' "$rc" $((ms / 1000)) $((ms % 1000))
((rc == 0)) || fail "expected exit status 0 after a graceful stop, got $rc"
grep -q 'shutting down' "$log" || fail "the service did not see SIGTERM"
grep -q 'stopped cleanly' "$log" || fail "the service did not exit cleanly"
summary=$(grep '^lucid-init: ' "$log" | tail -n 1)
echo "summary line: $summary"

say "health after the stop: $bin probe --port $port --http /health"
rc=0
"$bin" probe --port "$port" --http /health || rc=$?
((rc == 1)) || fail "probe of the stopped service: exit $rc, expected 1 (unhealthy)"
echo "exit status $rc (unhealthy)"

say "demo OK"
