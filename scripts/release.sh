#!/usr/bin/env bash
# Builds the release artefacts of the checked-out commit into dist/: the static stripped binaries
# (amd64, arm64), their .deb packages, docker-archive images FROM scratch holding only
# /lucid-init, and SHA256SUMS over them. Reproducible: the same commit gives the same bytes,
# whatever the directory and the time (SOURCE_DATE_EPOCH is the commit's time, build paths are
# mapped away, archives are written with fixed owners and times).
# Needs a clean tree (the artefacts must be the commit's), scripts/setup.sh's packages and
# qemu-aarch64 through binfmt_misc (the man page comes from each binary's own --help).
# Environment: LUCID_SOURCE_URL (the images' org.opencontainers.image.source label).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

die() {
  echo "release: $*" >&2
  exit 1
}

if [[ -n $(git status --porcelain) ]]; then
  die "the tree has uncommitted changes or untracked files (git status): commit or stash them first"
fi

version=$(sed -n 's/^project(lucid-init VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[[ -n $version ]] || die "no 'project(lucid-init VERSION X.Y.Z' line in CMakeLists.txt"
revision=$(git rev-parse --short=12 HEAD)
full_revision=$(git rev-parse HEAD)
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct HEAD)
export SOURCE_DATE_EPOCH
build_date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
# No public repository is named by the project yet: this is a placeholder until there is one.
source_url=${LUCID_SOURCE_URL:-https://example.invalid/lucid/lucid-init}
export TZ=UTC LC_ALL=C.UTF-8
umask 022

work=$top/build/release-dist
dist=$top/dist
rm -rf "$work" "$dist"
mkdir -p "$work" "$dist"

# build PRESET DIR: the preset's configuration (static, stripped, MinSizeRel), only the binary.
# The prefix maps keep the source and build directories out of the binary (__FILE__, debug
# info before stripping); the build info is the commit's, not the clock's.
build() {
  local preset=$1 dir=$2 map
  map="-ffile-prefix-map=$top/= -ffile-prefix-map=$dir/="
  echo "release: building $preset in ${dir#"$top"/}"
  cmake --preset "$preset" -B "$dir" -DLUCID_BUILD_TESTS=OFF -DLUCID_BUILD_BENCH=OFF \
    "-DCMAKE_C_FLAGS=$map" "-DCMAKE_CXX_FLAGS=$map" \
    "-DLUCID_VERSION=$version" "-DLUCID_VCS_REF=$revision" "-DLUCID_BUILD_DATE=$build_date" \
    >"$dir.configure.log" 2>&1 || die "configure failed: see $dir.configure.log"
  cmake --build "$dir" -j "$(nproc)" --target lucid-init >"$dir.build.log" 2>&1 ||
    die "build failed: see $dir.build.log"
}

for arch in amd64 arm64; do
  case $arch in
    amd64) preset=release ;;
    arm64) preset=aarch64 ;;
  esac
  build "$preset" "$work/$arch"
  bin=$dist/lucid-init-$version-linux-$arch
  install -m 0755 "$work/$arch/src/lucid-init" "$bin"
  if strings "$bin" | grep -F -e "$top" -e "$work"; then
    die "$bin holds a build path (above)"
  fi

  scripts/make-manpage.sh "$bin" "$version" "$work/lucid-init-$arch.1"
  scripts/make-deb.sh "$arch" "$version" "$bin" "$work/lucid-init-$arch.1" \
    "$dist/lucid-init_${version}_$arch.deb"

  scripts/make-image-archive.py --binary "$bin" --arch "$arch" --version "$version" \
    --revision "$full_revision" --created "$build_date" --epoch "$SOURCE_DATE_EPOCH" \
    --source "$source_url" --tag "lucid-init:$version" --tag "lucid-init:$version-$arch" \
    --output "$dist/lucid-init-$version-linux-$arch.image.tar"
done

(cd "$dist" && sha256sum lucid-init* >SHA256SUMS)  # sorted: LC_ALL=C
echo "release: $version ($revision, $build_date) in ${dist#"$top"/}:"
(cd "$dist" && cat SHA256SUMS)
