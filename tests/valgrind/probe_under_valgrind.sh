#!/usr/bin/env bash
# probe_under_valgrind.sh LUCID_INIT: the probe's paths under memcheck (through the wrapper):
# refused TCP, healthy and unhealthy HTTP with --json, a name from /etc/hosts, a name that needs
# DNS, usage and configuration errors. Fails when a verdict is not the expected one.
set -uo pipefail
bin=$1
fails=0
expect() {  # expect CODE ARGS...: the probe exits with CODE
  local want=$1 rc
  shift
  "$bin" probe "$@" >/dev/null 2>&1
  rc=$?
  if ((rc != want)); then
    echo "FAIL: probe $* exited $rc, expected $want"
    fails=$((fails + 1))
  fi
}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect 1 --port "$port"
dir=$(mktemp -d)
mkdir -p "$dir/ok"
echo ok >"$dir/ok/index.html"
python3 -m http.server --bind 127.0.0.1 --directory "$dir" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$dir"' EXIT
for _ in $(seq 100); do "$bin" probe --port "$port" >/dev/null 2>&1 && break; sleep 0.1; done
expect 0 --port "$port"
expect 0 --host localhost --port "$port" --http /ok/ --json
expect 1 --port "$port" --http /missing --json
expect 0 --port "$port" --http /missing --expect 404,500-599 --header 'X-Probe: 1'
expect 1 --host lucid-probe-nonexistent.invalid --port "$port" --timeout 2s
expect 1 --port abc
expect 1 --bogus
LUCID_SERVICE=api API_PORT=$port expect 0 --http /ok/
((fails == 0))
