#!/usr/bin/env bash
# run_under_valgrind.sh LOG_DIR COMMAND...: runs the tests with a fresh LOG_DIR for memcheck's
# reports, then fails if any report holds an error (the tests' own result counts as well).
set -uo pipefail
logs=$1
shift
rm -rf "$logs"  # reports of this run only
mkdir -p "$logs"
chmod 1777 "$logs"  # uid 65532 may write there too
"$@"
rc=$?
reports=$(grep -l -E '^==[0-9]+== ' "$logs"/*.log 2>/dev/null || true)
count=$(find "$logs" -name '*.log' | wc -l)
echo "valgrind: $count processes checked, logs in $logs"
if [[ -n $reports ]]; then
  echo "valgrind: reports in:"
  for f in $reports; do
    echo "---- $f"
    head -n 60 "$f"
  done
  exit 1
fi
((count > 0)) || { echo "valgrind: no process ran under valgrind"; exit 1; }
exit "$rc"
