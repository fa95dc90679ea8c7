#!/usr/bin/env bash
# Assembles the bench kit folder (bench/CMakeLists.txt runs it; scripts/pi-bench-kit.sh tars it):
#   run                    the POSIX sh driver (bench/kit/run, with the version filled in)
#   bin/                   lucid-init, floor_connect and measure_runs (static), probe_latency_bench
#   lib/                   probe_latency_bench's whole run time, from this build's sysroot: the
#                          loader, libc, libm, libstdc++, libgcc_s and Debian's libbenchmark.so.1
#                          (Debian ships no libbenchmark.a); ./run starts it through that loader
#                          with --library-path, so the board's own libraries are never used
#
#   assemble.sh OUT VERSION COMMIT LIBDIR READELF STRIP RUN BENCH STATIC...
#
# LIBDIR is where the build's shared libraries are (/usr/lib/aarch64-linux-gnu for the cross
# build); READELF and STRIP are the build's tools.
set -euo pipefail

(($# >= 9)) || { echo "usage: $0 OUT VERSION COMMIT LIBDIR READELF STRIP RUN BENCH STATIC..." >&2; exit 2; }
out=$1 version=$2 commit=$3 libdir=$4 readelf=$5 strip=$6 run=$7 bench=$8
shift 8

die() { echo "assemble: $*" >&2; exit 1; }

rm -rf -- "$out"
mkdir -p -- "$out/bin" "$out/lib"
sed -e "s/@VERSION@/$version/g" -e "s/@COMMIT@/$commit/g" -- "$run" >"$out/run"
chmod 0755 "$out/run"
for f in "$@"; do install -m 0755 -- "$f" "$out/bin/"; done
install -m 0755 -- "$bench" "$out/bin/"
"$strip" "$out/bin/${bench##*/}"

interpreter=$("$readelf" -l -- "$bench" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
[[ -n $interpreter ]] || die "$bench names no program interpreter"

# carry NAME: copies library NAME (the file, not the link) from LIBDIR, then what it needs.
carry() {
  local name=$1 needed
  [[ -e $out/lib/$name ]] && return 0
  [[ -f $libdir/$name ]] || die "$name (needed by the kit) is not in $libdir"
  cp -L -- "$libdir/$name" "$out/lib/$name"
  chmod 0755 "$out/lib/$name"
  needed=$("$readelf" -d -- "$libdir/$name" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
  for name in $needed; do carry "$name"; done
}
carry "${interpreter##*/}"
for name in $("$readelf" -d -- "$bench" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
  carry "$name"
done
