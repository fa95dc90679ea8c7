#!/usr/bin/env bash
# Loads both release images (dist/*.image.tar) into podman's local storage and makes
# lucid-init:VERSION a multi-arch manifest list over lucid-init:VERSION-amd64 and -arm64, so that
# `FROM lucid-init:VERSION` / `COPY --from=lucid-init:VERSION` picks the build's architecture.
# (Docker needs no such step: `docker load -i` of one architecture's archive tags it VERSION.)
# Usage: load-release-images.sh [DIST] (default: dist/ of the repository).
set -euo pipefail

dist=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/dist}
archive=$(find "$dist" -maxdepth 1 -name 'lucid-init-*-linux-amd64.image.tar' -printf '%f\n')
[[ -n $archive ]] || { echo "load-release-images: no lucid-init-*-linux-amd64.image.tar in $dist" >&2; exit 1; }
version=${archive#lucid-init-}
version=${version%-linux-amd64.image.tar}
name=localhost/lucid-init

for arch in amd64 arm64; do
  podman load -q -i "$dist/lucid-init-$version-linux-$arch.image.tar"
done
# Each archive also carries the plain VERSION tag (for docker load); the list takes that name.
podman untag "$name:$version" "$name:$version"  # that one name only
podman manifest rm "$name:$version" >/dev/null 2>&1 || true
podman manifest create "$name:$version" >/dev/null
for arch in amd64 arm64; do
  podman manifest add "$name:$version" "containers-storage:$name:$version-$arch" >/dev/null
done
podman manifest inspect "$name:$version"
