#!/usr/bin/env bash
# Starts or stops the Docker Swarm of the swarm suite (tests/container/swarm_scenarios.py): a
# one-node swarm in a dockerd of this build tree's own, inside a network namespace of its own.
#
#   swarm_daemon.sh start STATE_DIR SOCKET NAME   network namespace NAME with a veth pair (host
#                                                 end NAME-h, namespace end NAME-n, an address of
#                                                 192.0.2.0/24 on the latter), dockerd in it
#                                                 (--data-root STATE_DIR/data, exec root and
#                                                 pidfile beside SOCKET), `docker swarm init
#                                                 --advertise-addr` that address
#   swarm_daemon.sh stop STATE_DIR SOCKET NAME    leaves the swarm, stops that dockerd (SIGTERM by
#                                                 its pidfile), deletes the veth pair and namespace
#
# Why a namespace: Swarm refuses a loopback advertise address, this kernel has no `dummy` device,
# and the machine's own interfaces are not the suite's to announce. dockerd is started with
# `nsenter --net`, not `ip netns exec` (which remounts /sys and hides the cgroup mounts). No
# traffic leaves the namespace: the host end has no address. This kernel has no IPVS, so services
# use the host network (the namespace's) and no ingress. NAME must fit an interface name with a
# 2-character suffix (13 characters at most).
# Exit 77 (ctest: skipped) without dockerd, Debian's docker CLI, root or ip, except under CI.
set -euo pipefail

die() {
  echo "swarm_daemon: $*" >&2
  exit 1
}

(($# == 4)) || die "usage: $0 start|stop STATE_DIR SOCKET NAME"
action=$1 state=$2 socket=$3 name=$4
((${#name} <= 13)) || die "NAME '$name' is longer than 13 characters"
run_dir=$(dirname "$socket")
pidfile=$run_dir/dockerd.pid
docker=(/usr/bin/docker -H "unix://$socket")
# One /30 of 192.0.2.0/24 per NAME, so two build trees' swarms never share an address.
block=$(($(cksum <<<"$name" | cut -d' ' -f1) % 64 * 4))
address=192.0.2.$((block + 2))

our_pid() {
  local pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "dockerd .*unix://$socket" &&
    echo "$pid"
}

stop_all() {
  local pid i
  if pid=$(our_pid); then
    "${docker[@]}" swarm leave --force >/dev/null 2>&1 || true
    kill -TERM "$pid"
    for ((i = 0; i < 300; i++)); do  # 30 s
      [[ -d /proc/$pid ]] || break
      sleep 0.1
    done
    if [[ -d /proc/$pid ]]; then
      echo "swarm_daemon: dockerd $pid still running after 30 s: SIGKILL" >&2
      kill -KILL "$pid"
    fi
  fi
  if mountpoint -q "$run_dir/exec/netns/default"; then umount "$run_dir/exec/netns/default"; fi
  # Deleting the namespace deletes its end of the pair and so the host end too.
  if ip link show "$name-h" >/dev/null 2>&1; then ip link delete "$name-h"; fi
  if [[ -e /run/netns/$name ]]; then ip netns delete "$name"; fi
}

skip() {
  [[ -z ${CI:-} ]] || die "$1"
  echo "swarm_daemon: $1: skipped"
  exit 77
}

case $action in
  start)
    [[ -x /usr/sbin/dockerd && -x /usr/bin/docker ]] ||
      skip "no dockerd or /usr/bin/docker (scripts/setup.sh installs docker.io)"
    [[ $EUID -eq 0 ]] || skip "needs root"
    { command -v ip && command -v nsenter; } >/dev/null || skip "no ip or nsenter"
    stop_all  # what an interrupted run left behind
    mkdir -p "$state/data" "$run_dir"
    ip netns add "$name"
    ip link add "$name-h" type veth peer name "$name-n"
    ip link set "$name-n" netns "$name"
    ip -n "$name" address add "$address/30" dev "$name-n"
    ip -n "$name" link set lo up
    ip -n "$name" link set "$name-n" up
    ip link set "$name-h" up
    log=$state/dockerd.log
    echo "swarm_daemon: starting dockerd in network namespace $name ($address; log $log)"
    setsid nsenter "--net=/run/netns/$name" /usr/sbin/dockerd --iptables=false --ip6tables=false \
      --bridge=none --storage-driver=overlay2 --data-root "$state/data" --exec-root "$run_dir/exec" \
      --pidfile "$pidfile" -H "unix://$socket" </dev/null >"$log" 2>&1 &
    for ((i = 0; i < 600; i++)); do  # 60 s
      if "${docker[@]}" version >/dev/null 2>&1; then break; fi
      kill -0 $! 2>/dev/null || { tail -n 20 "$log" >&2; die "dockerd exited"; }
      sleep 0.1
    done
    "${docker[@]}" version >/dev/null 2>&1 || { tail -n 20 "$log" >&2; die "dockerd did not answer within 60 s"; }
    "${docker[@]}" container prune --force >/dev/null
    # An interrupted run's swarm (in the kept data root) is left for a fresh one.
    if [[ $("${docker[@]}" info --format '{{.Swarm.LocalNodeState}}') != inactive ]]; then
      "${docker[@]}" swarm leave --force >/dev/null
    fi
    "${docker[@]}" swarm init --advertise-addr "$address" --task-history-limit 10 >/dev/null
    echo "swarm_daemon: dockerd $(our_pid) $("${docker[@]}" version --format '{{.Server.Version}}')," \
      "swarm node $("${docker[@]}" info --format '{{.Swarm.NodeID}}') on $socket"
    ;;
  stop)
    stop_all
    echo "swarm_daemon: stopped"
    ;;
  *) die "unknown action '$action'" ;;
esac
