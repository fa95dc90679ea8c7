#!/usr/bin/env bash
# Runs lucid-init in a root that holds nothing but the binary: no libc, no loader, no /etc, no
# /proc, no shell. An aarch64 binary gets there through binfmt_misc only when qemu is registered
# with the F (fix-binary) flag, since the chroot has no qemu in it: scripts/setup.sh sees to it.
# Usage: empty_root.sh BINARY VERSION. Exit 77 (skipped) when not root.
set -euo pipefail

bin=$1
version=$2

if [[ $EUID -ne 0 ]]; then
  echo "chroot needs root: skipped"
  exit 77
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp "$bin" "$root/lucid-init"
echo "empty root: $(find "$root" | sed "s|^$root|/|" | tr '\n' ' ')"

out=$(chroot "$root" /lucid-init --version)
echo "--version: $out"
[[ $out == *"$version"* ]] || { echo "FAIL: --version lacks $version"; exit 1; }

# A usage error from the probe: it must run and answer (exit 1, its usage-error status), not fail
# to start (126/127, or 255 from a missing emulator).
rc=0
out=$(chroot "$root" /lucid-init probe --no-such-flag 2>&1) || rc=$?
echo "probe --no-such-flag: exit $rc: $out"
[[ $rc -eq 1 ]] || { echo "FAIL: expected exit 1 from a probe usage error"; exit 1; }
echo "ok"
