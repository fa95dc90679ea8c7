#!/usr/bin/env bash
# Every test, native and aarch64: installs what is missing (scripts/setup.sh), then configures,
# builds and runs ctest for each preset: release (native, static), aarch64 (cross, the tests run
# under qemu-aarch64-static) and asan (debug, AddressSanitizer + UndefinedBehaviorSanitizer).
# A failing preset does not stop the others, so one run shows everything that is broken.
# The last line printed is the summary over all presets, in ctest's own words (unless a preset did
# not even build: then that comes last); the exit status is nonzero if anything failed.
# Environment: LUCID_PRESETS (default "release aarch64 asan"), LUCID_CTEST_ARGS (extra ctest
# arguments, e.g. "-R build"), LUCID_TEST_TIMEOUT (seconds per test without its own; default 300).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Hardening presets (issue 6): fuzz (each libFuzzer target for a bounded time), valgrind
# (integration tests with lucid-init under memcheck), lint (clang-tidy and cppcheck over src/).
read -r -a presets <<<"${LUCID_PRESETS:-release aarch64 asan fuzz valgrind lint}"
read -r -a extra_ctest_args <<<"${LUCID_CTEST_ARGS:-}"
jobs=$(nproc)
logs=build/logs
start=$SECONDS

duration() {  # seconds -> "1m05s"
  printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
}

# run_quiet LOG command...: output to LOG, shown (its tail) only on failure.
run_quiet() {
  local log=$1
  shift
  if "$@" >"$log" 2>&1; then
    return 0
  fi
  echo "---- last lines of $log:"
  tail -n 40 "$log"
  return 1
}

scripts/setup.sh
mkdir -p "$logs"

summaries=()
size_lines=()
failures=()  # ctest runs that failed
broken=()    # presets that did not build, or whose ctest printed no summary
total_tests=0
total_failed=0

for preset in "${presets[@]}"; do
  echo "== $preset: configure and build (-j$jobs)"
  t0=$SECONDS
  if ! run_quiet "$logs/$preset-configure.log" cmake --preset "$preset" ||
    ! run_quiet "$logs/$preset-build.log" cmake --build --preset "$preset" -j "$jobs"; then
    broken+=("$preset: configure or build failed (see $logs/$preset-*.log)")
    summaries+=("$preset: BUILD FAILED after $(duration $((SECONDS - t0)))")
    continue
  fi
  build_time=$((SECONDS - t0))
  echo "   built in $(duration "$build_time")"

  echo "== $preset: ctest (-j$jobs)"
  t0=$SECONDS
  rc=0
  ctest --preset "$preset" -j "$jobs" --no-tests=error --timeout "${LUCID_TEST_TIMEOUT:-300}" \
    "${extra_ctest_args[@]}" 2>&1 | tee "$logs/$preset-ctest.log" || rc=$?
  test_time=$((SECONDS - t0))

  line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' \
    "$logs/$preset-ctest.log" | tail -n 1 || true)
  if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    total_failed=$((total_failed + BASH_REMATCH[1]))
    total_tests=$((total_tests + BASH_REMATCH[2]))
  else
    line="no ctest summary (ctest exit $rc)"
    broken+=("$preset: $line")
  fi
  ((rc == 0)) || failures+=("$preset: ctest exit $rc")
  summaries+=("$preset: build $(duration "$build_time"), tests $(duration "$test_time"): $line")

  # The size test prints the binary's size; ctest keeps that in its log.
  last_test_log=build/$preset/Testing/Temporary/LastTest.log
  if [[ -f $last_test_log ]]; then
    while IFS= read -r size_line; do
      size_lines+=("$size_line")
    done < <(grep -o 'lucid-init .* stripped static size: .*' "$last_test_log" || true)
  fi
done

echo
echo "== summary ($(duration $((SECONDS - start))) in all)"
printf '%s\n' "${summaries[@]}" "${size_lines[@]}"
if ((${#failures[@]} > 0)); then
  printf 'FAILED: %s\n' "${failures[@]}"
fi

# ctest's closing line over every preset, rounded as ctest rounds (never 100% with a failure).
echo "== all presets (${presets[*]}):"
if ((total_tests > 0)); then
  percent=$((((total_tests - total_failed) * 200 / total_tests + 1) / 2))
  ((total_failed == 0 || percent <= 99)) || percent=99
  echo "${percent}% tests passed, ${total_failed} tests failed out of ${total_tests}"
else
  echo "no tests were run"
fi
# What failed outside the tests (a build, a ctest run without its summary) comes last, so that a
# broken run never ends on a line that reads as success.
if ((${#broken[@]} > 0)); then
  printf 'FAILED: %s\n' "${broken[@]}"
  exit 1
fi
((total_tests > 0 && ${#failures[@]} == 0 && total_failed == 0))
