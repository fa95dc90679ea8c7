#!/usr/bin/env bash
# Files that cannot read CMake's project VERSION (examples/: a Dockerfile's ARG default, compose
# files; README.md and docs/: commands to copy) must still name it: every release version they
# name (lucid-init:X.Y.Z, lucid-init-X.Y.Z-linux-ARCH, lucid-init-pi-bench-X.Y.Z) must be it, and
# the Dockerfile's LUCID_INIT_IMAGE default must name one.
# usage: version_strings.sh SOURCE_DIR VERSION
set -euo pipefail
top=$1 version=$2
cd "$top"
status=0
found=$(grep -rnoE 'lucid-init(-pi-bench)?[:-][0-9]+\.[0-9]+\.[0-9]+' examples README.md docs/*.md ||
  true)
while IFS= read -r hit; do
  [[ -n $hit ]] || continue
  if [[ ${hit##*[:-]} != "$version" ]]; then
    echo "$hit: not CMakeLists.txt's version $version" >&2
    status=1
  fi
done <<<"$found"
if ! grep -qE "^ARG LUCID_INIT_IMAGE=lucid-init:$version\$" examples/Dockerfile; then
  echo "examples/Dockerfile: no 'ARG LUCID_INIT_IMAGE=lucid-init:$version'" >&2
  status=1
fi
echo "examples/, README.md and docs/ name a release version $(grep -c . <<<"$found") times"
exit $status
