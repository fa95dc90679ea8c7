#!/usr/bin/env bash
# The glibc stubs' guard (cmake/LibcStubs.cmake): the configure leaves them out, with one line,
# on a toolchain they were not written for (another compiler; another glibc, faked by a forced
# include), and the link check fails when a file the stubs were not written for calls one of them
# (a small object calling fprintf), while the known callers pass (malloc_stats: malloc.o), and
# the stub they reach writes its unformatted message.
# Usage: libc_stubs.sh SOURCE_DIR WORK_DIR CXX
set -euo pipefail

src=$1
work=$2
cxx=$3

rm -rf "$work"
mkdir -p "$work"
unset CMAKE_GENERATOR CMAKE_BUILD_TYPE CMAKE_TOOLCHAIN_FILE
fail() {
  echo "FAIL: $*"
  exit 1
}

configure() {  # NAME ARGS...: the configure's "glibc stubs" line, or nothing
  local name=$1
  shift
  cmake -S "$src" -B "$work/$name" -DLUCID_BUILD_TESTS=OFF -DLUCID_BUILD_BENCH=OFF "$@" \
    >"$work/$name.log" 2>&1 || { cat "$work/$name.log"; fail "configure $name"; }
  grep 'glibc stubs' "$work/$name.log" || true
}

line=$(configure default -DCMAKE_CXX_COMPILER="$cxx")
[[ -z $line ]] || fail "left out with the toolchain they were written for: $line"
echo "GCC 12, glibc 2.36: stubs in"

printf '#include <features.h>\n#undef __GLIBC_MINOR__\n#define __GLIBC_MINOR__ 39\n' \
  >"$work/glibc_2_39.h"
line=$(configure glibc239 -DCMAKE_CXX_COMPILER="$cxx" "-DCMAKE_CXX_FLAGS=-include $work/glibc_2_39.h")
[[ $line == *"glibc stubs left out (the C library is not glibc 2.36)"* ]] || fail "glibc 2.39: '$line'"
echo "glibc 2.39: $line"

if command -v clang++ >/dev/null; then
  line=$(configure clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang)
  [[ $line == *"glibc stubs left out (Clang "*", not GCC 12)"* ]] || fail "clang: '$line'"
  echo "clang: $line"
fi

# The link check itself, with each linker it may meet (GNU ld traces on stderr, lld on stdout).
cd "$work"
"$cxx" -std=c++17 -Os -c "$src/src/common/printf_free.cpp" -o printf_free.o
printf '#include <cstdio>\nint main() { return std::fprintf(stderr, "x%%d\\n", 1) > 0; }\n' >new_caller.cpp
printf '#include <malloc.h>\nint main() { malloc_stats(); }\n' >known_caller.cpp
"$cxx" -c new_caller.cpp known_caller.cpp
check() {  # OBJECT LINKER_FLAG...: the guarded link of OBJECT with the stubs
  local object=$1
  shift
  cmake -DALLOWED_FILE="$src/cmake/libc_stub_callers.txt" -P "$src/cmake/check_stub_callers.cmake" \
    -- "$cxx" -static "$@" "$object" printf_free.o -Wl,--trace-symbol=fprintf -o linked
}
linkers=(default)
command -v ld.lld >/dev/null && linkers+=(-fuse-ld=lld)
for linker in "${linkers[@]}"; do
  flags=()
  [[ $linker == default ]] || flags=("$linker")
  check known_caller.o "${flags[@]}" >known.log 2>&1 || { cat known.log; fail "$linker: malloc.o refused"; }
  [[ -x linked ]] || fail "$linker: no binary from the accepted link"
  # malloc_stats() reaches the fprintf stub, which must say something rather than nothing.
  said=$(./linked 2>&1 >/dev/null || true)
  [[ $said == *"lucid-init: (printf is not in this build) Arena %d:"* ]] ||
    fail "$linker: the reached fprintf stub said '$said'"
  if check new_caller.o "${flags[@]}" >new.log 2>&1; then
    cat new.log
    fail "$linker: a new caller of fprintf was let through"
  fi
  grep -q 'new_caller.o refers to fprintf' new.log || { cat new.log; fail "$linker: not named"; }
  [[ ! -e linked ]] || fail "$linker: the refused link left its binary"
  echo "$linker: malloc.o accepted, new_caller.o refused"
done
rm -rf "$work"
