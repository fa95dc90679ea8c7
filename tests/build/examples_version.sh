#!/usr/bin/env bash
# examples/ cannot read CMake's project VERSION (a Dockerfile's ARG default, compose files): every
# release version they name (lucid-init:X.Y.Z, lucid-init-X.Y.Z-linux-ARCH) must be it, and the
# Dockerfile's LUCID_INIT_IMAGE default must name one.
# usage: examples_version.sh SOURCE_DIR VERSION
set -euo pipefail
top=$1 version=$2
status=0
found=$(grep -rnoE 'lucid-init[:-][0-9]+\.[0-9]+\.[0-9]+' "$top/examples" || true)
while IFS= read -r hit; do
  [[ -n $hit ]] || continue
  if [[ ${hit##*lucid-init?} != "$version" ]]; then
    echo "${hit#"$top"/}: not CMakeLists.txt's version $version" >&2
    status=1
  fi
done <<<"$found"
if ! grep -qE "^ARG LUCID_INIT_IMAGE=lucid-init:$version\$" "$top/examples/Dockerfile"; then
  echo "examples/Dockerfile: no 'ARG LUCID_INIT_IMAGE=lucid-init:$version'" >&2
  status=1
fi
echo "examples/ name version $version $(grep -c . <<<"$found") times"
exit $status
