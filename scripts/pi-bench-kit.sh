#!/usr/bin/env bash
# Builds the probe benchmark kit for a Raspberry Pi: dist/lucid-init-pi-bench-VERSION-arm64.tar.gz.
# On the board: scp it over, tar xzf it anywhere, ./run (see docs/benchmarks.md, "On a
# Raspberry Pi: the bench kit").
# Nothing is installed there: the kit carries its binaries (static) and the one
# dynamic program's loader and libraries (bench/kit/assemble.sh).
#
#   scripts/pi-bench-kit.sh [arm64|amd64]
#
# arm64 (default) cross-builds with the aarch64 preset; amd64 makes the same kit for an x86-64
# machine with the release preset. Needs scripts/setup.sh's packages.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
die() { echo "pi-bench-kit: $*" >&2; exit 1; }

arch=${1:-arm64}
case $arch in
  arm64) preset=aarch64 ;;
  amd64) preset=release ;;
  *) die "architecture must be arm64 or amd64, not '$arch'" ;;
esac
(($# <= 1)) || die "usage: $0 [arm64|amd64]"

version=$(sed -n 's/^project(lucid-init VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[[ -n $version ]] || die "no 'project(lucid-init VERSION X.Y.Z' line in CMakeLists.txt"
name=lucid-init-pi-bench-$version-$arch
log=build/$preset-bench-kit.log
mkdir -p build dist

echo "pi-bench-kit: building the $preset preset's bench_kit (log: $log)"
{ cmake --preset "$preset" -DLUCID_VERSION="$version" && cmake --build --preset "$preset" -j "$(nproc)" --target bench_kit; } \
  >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "build failed: see $log"; }

kit_parent=build/$preset/bench/kit
[[ -x $kit_parent/$name/run ]] || die "$kit_parent/$name/run was not assembled"
tarball=dist/$name.tar.gz
# Fixed owners, order and times: the same build gives the same tarball.
mtime=$(git log -1 --format=%ct HEAD 2>/dev/null || echo 0)
tar --owner=0 --group=0 --numeric-owner --sort=name --mtime="@$mtime" -C "$kit_parent" -cf - "$name" |
  gzip -n -9 >"$tarball"
echo "pi-bench-kit: $tarball ($(stat -c %s "$tarball") bytes; unpacked $(du -sb "$kit_parent/$name" | cut -f1))"
