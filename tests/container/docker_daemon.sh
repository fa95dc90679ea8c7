#!/usr/bin/env bash
# Starts or stops the Docker engine of the docker suite (tests/container/docker_scenarios.py): a
# dockerd of this build tree's own, never the machine's (/var/run/docker.sock, /var/lib/docker
# stay untouched, and so does any other dockerd running here).
#
#   docker_daemon.sh start STATE_DIR SOCKET    dockerd with --data-root STATE_DIR/data (kept: the
#                                              images stay for the next run), --exec-root and
#                                              --pidfile under RUN_DIR (the socket's folder),
#                                              -H unix://SOCKET; returns once it answers
#   docker_daemon.sh stop STATE_DIR SOCKET     SIGTERM to that dockerd (by its pidfile), then waits
#
# No bridge and no iptables (the sandbox has neither): containers use --network host or none.
# LUCID_DOCKERD_NETNS=NAME starts dockerd in the network namespace /run/netns/NAME (the swarm
# suite's, tests/container/swarm_daemon.sh) through `nsenter --net`: `ip netns exec` would
# remount /sys and hide the cgroup mounts dockerd needs.
# Exit 77 (ctest: skipped) when dockerd or Debian's docker CLI is not installed, except under CI,
# where scripts/setup.sh installs them and their absence is a failure.
set -euo pipefail

die() {
  echo "docker_daemon: $*" >&2
  exit 1
}

(($# == 3)) || die "usage: $0 start|stop STATE_DIR SOCKET"
action=$1 state=$2 socket=$3
run_dir=$(dirname "$socket")
pidfile=$run_dir/dockerd.pid
docker=(/usr/bin/docker -H "unix://$socket")

# The pid in the pidfile, if that process is a dockerd with our socket.
our_pid() {
  local pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "dockerd .*unix://$socket" &&
    echo "$pid"
}

stop_daemon() {
  local pid i
  pid=$(our_pid) || return 0
  kill -TERM "$pid"
  for ((i = 0; i < 300; i++)); do  # 30 s: dockerd stops its containers (10 s each) and containerd
    [[ -d /proc/$pid ]] || return 0
    sleep 0.1
  done
  echo "docker_daemon: dockerd $pid still running after 30 s: SIGKILL" >&2
  kill -KILL "$pid"
}

case $action in
  start)
    if [[ ! -x /usr/sbin/dockerd || ! -x /usr/bin/docker ]]; then
      [[ -z ${CI:-} ]] || die "no dockerd or /usr/bin/docker: scripts/setup.sh installs docker.io"
      echo "docker_daemon: docker.io is not installed (scripts/setup.sh installs it): skipped"
      exit 77
    fi
    [[ $EUID -eq 0 ]] || { echo "docker_daemon: needs root: skipped"; exit 77; }
    mkdir -p "$state/data" "$run_dir"
    stop_daemon  # one left behind by an interrupted run
    log=$state/dockerd.log
    echo "docker_daemon: starting dockerd (log $log)"
    netns=()
    [[ -z ${LUCID_DOCKERD_NETNS:-} ]] || netns=(nsenter "--net=/run/netns/$LUCID_DOCKERD_NETNS")
    setsid "${netns[@]}" /usr/sbin/dockerd --iptables=false --ip6tables=false --bridge=none \
      --storage-driver=overlay2 --data-root "$state/data" --exec-root "$run_dir/exec" \
      --pidfile "$pidfile" -H "unix://$socket" </dev/null >"$log" 2>&1 &
    for ((i = 0; i < 600; i++)); do  # 60 s
      if "${docker[@]}" version --format '{{.Server.Version}}' >/dev/null 2>&1; then
        echo "docker_daemon: dockerd $(our_pid) $("${docker[@]}" version --format '{{.Server.Version}}') on $socket"
        # Containers of an interrupted run (the scenarios remove their own).
        "${docker[@]}" container prune --force >/dev/null
        exit 0
      fi
      kill -0 $! 2>/dev/null || { tail -n 20 "$log" >&2; die "dockerd exited"; }
      sleep 0.1
    done
    tail -n 20 "$log" >&2
    die "dockerd did not answer within 60 s"
    ;;
  stop)
    stop_daemon
    # dockerd leaves its default network namespace mounted in the exec root.
    if mountpoint -q "$run_dir/exec/netns/default"; then umount "$run_dir/exec/netns/default"; fi
    echo "docker_daemon: stopped"
    ;;
  *) die "unknown action '$action'" ;;
esac
