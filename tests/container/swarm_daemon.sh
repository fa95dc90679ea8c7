#!/usr/bin/env bash
# Starts or stops the Docker Swarm of the swarm suite (tests/container/swarm_scenarios.py): a
# one-node swarm in a dockerd of this build tree's own (docker_daemon.sh), inside a network
# namespace of its own.
#
#   swarm_daemon.sh start STATE_DIR SOCKET NAME   network namespace NAME with a veth pair (host
#                                                 end NAME-h, without an address; namespace end
#                                                 NAME-n, 192.0.2.2/30), dockerd in it
#                                                 (docker_daemon.sh start STATE_DIR SOCKET), then
#                                                 `docker swarm init --advertise-addr 192.0.2.2`
#   swarm_daemon.sh stop STATE_DIR SOCKET NAME    leaves the swarm, stops that dockerd
#                                                 (docker_daemon.sh stop), deletes the veth pair
#                                                 and the namespace
#
# Why a namespace: Swarm refuses a loopback advertise address, this kernel has no `dummy` device,
# and the machine's own interfaces are not the suite's to announce. The address is the
# documentation range's and the namespace's alone (two build trees' namespaces may both have it);
# no traffic leaves the namespace. This kernel has no IPVS: services use the host network (the
# namespace's), no ingress. NAME must leave room for a 2-character suffix in an interface name
# (13 characters at most).
# Exit 77 (ctest: skipped) without dockerd, Debian's docker CLI, root, ip or nsenter, except
# under CI.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ADDRESS=192.0.2.2

die() {
  echo "swarm_daemon: $*" >&2
  exit 1
}

(($# == 4)) || die "usage: $0 start|stop STATE_DIR SOCKET NAME"
action=$1 state=$2 socket=$3 name=$4
((${#name} <= 13)) || die "NAME '$name' is longer than 13 characters"
docker=(/usr/bin/docker -H "unix://$socket")

take_down() {
  if [[ -S $socket ]] && "${docker[@]}" info >/dev/null 2>&1; then
    "${docker[@]}" swarm leave --force >/dev/null 2>&1 || true
  fi
  "$HERE/docker_daemon.sh" stop "$state" "$socket"
  # Deleting the namespace deletes its end of the pair, and so the host end.
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
    take_down >/dev/null  # what an interrupted run left behind
    ip netns add "$name"
    ip link add "$name-h" type veth peer name "$name-n"
    ip link set "$name-n" netns "$name"
    ip -n "$name" address add "$ADDRESS/30" dev "$name-n"
    ip -n "$name" link set lo up
    ip -n "$name" link set "$name-n" up
    ip link set "$name-h" up
    echo "swarm_daemon: network namespace $name, $ADDRESS"
    LUCID_DOCKERD_NETNS=$name "$HERE/docker_daemon.sh" start "$state" "$socket"
    # An interrupted run's swarm (in the kept data root) makes way for a fresh one.
    if [[ $("${docker[@]}" info --format '{{.Swarm.LocalNodeState}}') != inactive ]]; then
      "${docker[@]}" swarm leave --force >/dev/null
    fi
    "${docker[@]}" swarm init --advertise-addr "$ADDRESS" --task-history-limit 10 >/dev/null
    echo "swarm_daemon: swarm node $("${docker[@]}" info --format '{{.Swarm.NodeID}}')"
    ;;
  stop)
    take_down
    echo "swarm_daemon: stopped"
    ;;
  *) die "unknown action '$action'" ;;
esac
