#!/usr/bin/env bash
# A user's or a distribution's build: no preset, the project's defaults, CMAKE_BUILD_TYPE=None
# (Debian's) and Debian's hardening flags from dpkg-buildflags (hardening=+all), out of tree, with
# CMake's default generator. Builds lucid-init only, then checks that the flags reached the
# compiler and the linker, that no warning was printed (-Werror is off here, so a warning from a
# third-party header would pass unseen otherwise), that the result is static with RELRO, and that
# it runs: --version and a supervised `true` (and `false`, so the exit status is really passed on).
# Usage: plain_build.sh SOURCE_DIR WORK_DIR VERSION
set -euo pipefail

src=$1
work=$2
version=$3

rm -rf "$work"
mkdir -p "$work"
cd "$src"  # dpkg-buildflags maps the current directory (-ffile-prefix-map)
eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
# CMake ignores CPPFLAGS; debhelper's cmake build system passes them in CFLAGS and CXXFLAGS.
export CFLAGS="$CFLAGS $CPPFLAGS" CXXFLAGS="$CXXFLAGS $CPPFLAGS"
echo "CXXFLAGS=$CXXFLAGS"
echo "LDFLAGS=$LDFLAGS"
# Nothing from the calling build's environment (ctest runs this inside the release preset's tree).
unset CMAKE_GENERATOR CMAKE_BUILD_TYPE CMAKE_TOOLCHAIN_FILE

cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=None -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
rc=0
cmake --build "$work/build" --target lucid-init -j "${LUCID_PLAIN_BUILD_JOBS:-2}" --verbose \
  >"$work/build.log" 2>&1 || rc=$?
if ((rc != 0)); then
  tail -n 100 "$work/build.log"
  echo "FAIL: the build exited $rc"
  exit 1
fi
if grep -n 'warning:' "$work/build.log"; then
  echo "FAIL: the build printed warnings (above)"
  exit 1
fi
echo "built without a warning"

for flag in -fstack-protector-strong -D_FORTIFY_SOURCE=2 -O2; do
  grep -q -e "$flag" "$work/build/compile_commands.json" || {
    echo "FAIL: $flag is not in the compile commands"
    exit 1
  }
done
grep -q -e '-z,now' "$work/build.log" || {
  echo "FAIL: LDFLAGS' -z now is not in the link"
  exit 1
}

bin=$work/build/src/lucid-init
echo "file: $(file -b "$bin")"
file -b "$bin" | grep -q 'statically linked' || {
  echo "FAIL: not statically linked"
  exit 1
}
# A static binary is not PIE (-static wins over the compiler's default -pie), but it has RELRO.
readelf --wide --program-headers "$bin" | grep -q GNU_RELRO || {
  echo "FAIL: no GNU_RELRO segment"
  exit 1
}

out=$("$bin" --version)
echo "--version: $out"
[[ $out == *"$version"* ]] || {
  echo "FAIL: --version lacks $version"
  exit 1
}
"$bin" -- true || {
  echo "FAIL: lucid-init -- true exited $?"
  exit 1
}
rc=0
"$bin" -- false || rc=$?
((rc == 1)) || {
  echo "FAIL: lucid-init -- false exited $rc, not 1"
  exit 1
}
echo "supervised true and false: exit 0 and 1"
rm -rf "$work"
