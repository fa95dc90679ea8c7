#!/usr/bin/env bash
# Builds the podman images of the container end-to-end suite (tests/container/) from Debian's
# archive alone: no image registry is needed, only mmdebstrap and podman.
#
#   build-test-image.sh runtime ARCH          distroless-like python3.11 + uvicorn + FastAPI
#                                             (no shell, no coreutils, no dpkg/apt), user 65532:
#                                             the stand-in for gcr.io/distroless/python3-debian12
#   build-test-image.sh python                bookworm (host arch) with python3.11 and pip: the
#                                             stand-in for python:3.11-slim-bookworm, the
#                                             Dockerfile's builder when lucid-init comes from the
#                                             release image (the docker suite)
#   build-test-image.sh builder               the same with the C++ build and cross-build
#                                             dependencies: the builder when the Dockerfile
#                                             compiles lucid-init from source (podman, arm64)
#   build-test-image.sh service ARCH BINARY [IMAGE]
#                                             runtime ARCH + BINARY (a static lucid-init of ARCH)
#                                             at /usr/local/bin/lucid-init + tests/container/app;
#                                             tagged IMAGE (localhost/lucid-e2e-service:ARCH)
#   build-test-image.sh example ARCH APP_DIR IMAGE [APP_DIR IMAGE]...
#                                             examples/Dockerfile, built by podman for linux/ARCH
#                                             with the builder and runtime stand-ins as its base
#                                             images, lucid-init compiled from this checkout (the
#                                             Dockerfile's from-source alternative; the docker
#                                             suite builds it with the release image) and APP_DIR
#                                             (relative to the repository) as its service; tagged
#                                             IMAGE
#
# ARCH is a Debian architecture: amd64 or arm64 (arm64 runs here under qemu-user-static).
# Each command prints the image reference on its last stdout line; progress goes to stderr.
# Root filesystems are cached as build/rootfs/<kind>-<arch>-<hash>.tar, the hash covering the
# package list and the distroless step, and imported once per hash (podman image exists), so a
# rerun costs only the small service layer. LUCID_ROOTFS_CACHE overrides the cache folder.
# Each root filesystem has its own lock (build/rootfs/.lock-KIND-ARCH): different ones build in
# parallel (the arm64 runtime under qemu and the amd64 builder), the same one once.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${LUCID_ROOTFS_CACHE:-$ROOT/build/rootfs}
SUITE=bookworm

# What the service needs, from Debian: the same python3.11 as distroless python3-debian12.
RUNTIME_PACKAGES=python3.11-minimal,python3-uvicorn,python3-fastapi
# python:3.11-slim-bookworm's stand-in: python3 + pip. The builder adds what examples/Dockerfile
# installs to compile lucid-init statically for arm64 and amd64 (already present: no download);
# at 925 MB against 190 MB it is made only where the Dockerfile compiles from source.
PYTHON_PACKAGES=python3.11,python3-pip,ca-certificates,apt
BUILDER_PACKAGES=$PYTHON_PACKAGES,cmake,ninja-build,g++,g++-aarch64-linux-gnu,libboost-dev,libfmt-dev
# Documentation and translations are never needed in these images.
DPKG_EXCLUDES=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*')

PODMAN=(podman --runtime runc)

log() { echo "build-test-image: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# make_distroless DIR: turns a bookworm root filesystem into the shape of distroless python3:
# python3.11 is the only program left; no shell, no coreutils, no package manager or database;
# a "nonroot" user 65532 as in distroless.
make_distroless() {
  local dir=$1 f
  [[ -x $dir/usr/bin/python3.11 ]] || die "no python3.11 in $dir"
  # /bin and /sbin are symlinks into /usr (merged /usr): this empties all four.
  for f in "$dir"/usr/bin/* "$dir"/usr/sbin/* "$dir"/usr/local/bin/* "$dir"/usr/local/sbin/*; do
    case ${f##*/} in
      python3 | python3.11) ;;
      *) rm -rf -- "$f" ;;
    esac
  done
  rm -rf -- "$dir"/var/lib/dpkg "$dir"/var/lib/apt "$dir"/var/cache/apt "$dir"/var/cache/debconf \
    "$dir"/var/cache/ldconfig "$dir"/etc/apt "$dir"/etc/dpkg "$dir"/usr/lib/dpkg "$dir"/usr/lib/apt \
    "$dir"/usr/share/perl* "$dir"/usr/lib/*-linux-gnu/perl* "$dir"/usr/share/debconf \
    "$dir"/usr/share/bash-completion "$dir"/usr/libexec "$dir"/var/log/*
  echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >>"$dir/etc/passwd"
  echo 'nonroot:x:65532:' >>"$dir/etc/group"
  install -d -m 0700 -o 65532 -g 65532 "$dir/home/nonroot"
  for f in /bin/sh /bin/bash /bin/dash /usr/bin/ls /usr/bin/env /usr/bin/dpkg /usr/bin/apt-get; do
    [[ ! -e $dir$f && ! -L $dir$f ]] || die "$f is still in the image"
  done
}

# make_builder DIR: the stand-in for python:3.11-slim-bookworm, whose python is not "externally
# managed" (PEP 668), so `pip install --user` works as in the seed's builder stage.
make_builder() {
  rm -f -- "$1"/usr/lib/python3.*/EXTERNALLY-MANAGED
}

host_arch() { dpkg --print-architecture; }

check_arch() {
  case $1 in
    amd64 | arm64) ;;
    *) die "ARCH must be amd64 or arm64, not '$1'" ;;
  esac
}

# rootfs KIND ARCH PACKAGES HOOK VARIANT: sets ROOTFS_TAR (built if missing) and ROOTFS_HASH.
rootfs() {
  local kind=$1 arch=$2 packages=$3 hook=$4 variant=$5 key hash tar tmp t0
  key="$SUITE $arch $variant $packages ${DPKG_EXCLUDES[*]} $(declare -f "$hook")"
  hash=$(printf '%s' "$key" | sha256sum | cut -c1-12)
  tar=$CACHE/$kind-$arch-$hash.tar
  ROOTFS_TAR=$tar
  ROOTFS_HASH=$hash
  if [[ -s $tar ]]; then
    log "$kind $arch: cached $tar"
  else
    tmp=$CACHE/.partial-$kind-$arch-$$
    t0=$SECONDS
    log "$kind $arch: mmdebstrap $SUITE ($packages), a few minutes ..."
    # A directory first (mmdebstrap's own clean-up needs the files the hook removes), then the
    # hook, then one tarball. --one-file-system: an mmdebstrap killed midway (a ctest timeout)
    # leaves the host's /dev/shm bind-mounted in the directory, and /proc and /sys.
    rm -rf --one-file-system -- "$tmp" "$tmp.tar"
    # shellcheck disable=SC2064  # expand now
    trap "rm -rf --one-file-system -- '$tmp' '$tmp.tar'" EXIT
    if ! mmdebstrap --quiet --arch="$arch" --variant="$variant" --include="$packages" \
      "${DPKG_EXCLUDES[@]}" "$SUITE" "$tmp" >&2; then
      die "mmdebstrap failed for $kind $arch"
    fi
    "$hook" "$tmp"
    tar --numeric-owner --xattrs -C "$tmp" -cf "$tmp.tar" .
    rm -rf --one-file-system -- "$tmp"
    mv -- "$tmp.tar" "$tar"
    trap - EXIT
    # Older versions of this root filesystem are of no further use.
    find "$CACHE" -maxdepth 1 -name "$kind-$arch-*.tar" ! -name "${tar##*/}" -delete
    log "$kind $arch: built in $((SECONDS - t0)) s ($(du -h "$tar" | cut -f1))"
  fi
}

# import_once TAR IMAGE ARCH CHANGE...: podman import unless IMAGE exists already.
import_once() {
  local tar=$1 image=$2 arch=$3
  shift 3
  local changes=() change
  for change in "$@"; do changes+=(--change "$change"); done
  if "${PODMAN[@]}" image exists "$image"; then
    log "image $image: present"
  else
    log "image $image: importing $tar"
    "${PODMAN[@]}" import --quiet --arch "$arch" "${changes[@]}" "$tar" "$image" >/dev/null
    # Older imports of this root filesystem go too, unless an image still builds on them.
    "${PODMAN[@]}" images --format '{{.Repository}}:{{.Tag}}' "${image%%:*}" |
      grep -F "${image%%:*}:$arch-" | grep -vxF "$image" |
      xargs -r "${PODMAN[@]}" rmi >/dev/null 2>&1 || true
  fi
}

# locked NAME COMMAND...: runs COMMAND (in a subshell) holding build/rootfs/.lock-NAME, so two
# runs never bootstrap the same root filesystem side by side; different ones may.
locked() {
  local name=$1
  shift
  (
    flock 9
    "$@"
  ) 9>"$CACHE/.lock-$name"
}

runtime_image() {
  check_arch "$1"
  locked "runtime-$1" runtime_image_unlocked "$1"
}
builder_image() { locked "builder-$(host_arch)" tool_image_unlocked builder "$BUILDER_PACKAGES"; }
python_image() { locked "python-$(host_arch)" tool_image_unlocked python "$PYTHON_PACKAGES"; }

runtime_image_unlocked() {
  local arch=$1 tar image
  rootfs runtime "$arch" "$RUNTIME_PACKAGES" make_distroless essential
  tar=$ROOTFS_TAR
  image=localhost/lucid-e2e-runtime:$arch-$ROOTFS_HASH
  # The environment of distroless python3 and of the seed's images.
  import_once "$tar" "$image" "$arch" \
    'ENV PATH=/usr/local/bin:/usr/bin:/bin' 'ENV LANG=C.UTF-8' 'ENV LC_ALL=C.UTF-8' \
    'ENV PYTHONUNBUFFERED=1' 'ENV PYTHONDONTWRITEBYTECODE=1' 'ENV PYTHONIOENCODING=utf-8' \
    'ENTRYPOINT ["/usr/bin/python3.11"]'
  echo "$image"
}

# tool_image_unlocked KIND PACKAGES: a host-arch image with a shell, apt and pip (python, builder).
tool_image_unlocked() {
  local kind=$1 packages=$2 arch tar image
  arch=$(host_arch)
  rootfs "$kind" "$arch" "$packages" make_builder apt
  tar=$ROOTFS_TAR
  image=localhost/lucid-e2e-$kind:$arch-$ROOTFS_HASH
  import_once "$tar" "$image" "$arch" 'ENV PATH=/usr/local/bin:/usr/bin:/bin' 'ENV LANG=C.UTF-8' \
    'CMD ["/bin/bash"]'
  echo "$image"
}

service_image() {
  local arch=$1 binary=$2 image=${3:-localhost/lucid-e2e-service:$1} base context
  check_arch "$arch"
  [[ -f $binary ]] || die "no lucid-init binary at '$binary'"
  base=$(runtime_image "$arch")
  context=$(mktemp -d)
  # shellcheck disable=SC2064  # expand now: the trap runs after context went out of scope
  trap "rm -rf -- '$context'" RETURN
  cp -- "$binary" "$context/lucid-init"
  cp -r -- "$ROOT/tests/container/app" "$context/app"
  # No RUN: the base has no shell, and COPY needs no emulation for a foreign architecture.
  # The run options (user, read-only root, capabilities, health command) are the test's.
  cat >"$context/Containerfile" <<'EOF'
ARG BASE
FROM $BASE
COPY --chown=65532:65532 lucid-init /usr/local/bin/lucid-init
COPY --chown=65532:65532 app/ /app/
ENV PYTHONPATH=/app LUCID_SERVICE=api API_HOST=0.0.0.0 API_PORT=8000
WORKDIR /app
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/lucid-init", "--service", "api", "--"]
CMD ["/usr/bin/python3.11", "-m", "uvicorn", "app:app", "--host", "{host}", "--port", "{port}"]
EOF
  log "image $image: podman build (lucid-init from $binary)"
  "${PODMAN[@]}" build --quiet --pull=never --platform "linux/$arch" --build-arg "BASE=$base" \
    --tag "$image" "$context" >/dev/null
  echo "$image"
}

example_images() {
  local arch=$1 runtime builder vcs_ref build_date app_dir image
  shift
  check_arch "$arch"
  runtime=$(runtime_image "$arch")
  builder=$(builder_image)
  vcs_ref=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  # The commit's date, not the clock's: the same commit builds the same layers, so podman's layer
  # cache lets the second image (and a rerun) skip the toolchain and the compilation.
  build_date=$(TZ=UTC git -C "$ROOT" log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ \
    2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)
  while (($# >= 2)); do
    app_dir=$1 image=$2
    shift 2
    [[ -f $ROOT/$app_dir/app.py ]] || die "no $app_dir/app.py in $ROOT"
    log "image $image: podman build -f examples/Dockerfile --platform linux/$arch (APP_DIR=$app_dir)"
    # No package index here: the requirements are an empty list, and the runtime stand-in has
    # Debian's FastAPI and uvicorn. --format docker keeps the HEALTHCHECK (OCI has none).
    # podman 4.3 does not set BUILDPLATFORM for FROM --platform=$BUILDPLATFORM: pass it.
    # From source: podman 4.3 finds a stage named by a build argument (FROM ${LUCID_INIT_IMAGE})
    # only when it builds every stage.
    "${PODMAN[@]}" build --format docker --pull=never --platform "linux/$arch" \
      --build-arg "BUILDPLATFORM=linux/$(host_arch)" \
      --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
      --build-arg "BUILDER_IMAGE=$builder" --build-arg "RUNTIME_IMAGE=$runtime" \
      --build-arg LUCID_INIT_IMAGE=lucid-init-source --skip-unused-stages=false \
      --build-arg "APP_DIR=$app_dir" --build-arg REQUIREMENTS=tests/container/app/requirements.txt \
      --build-arg "VCS_REF=$vcs_ref" --build-arg "BUILD_DATE=$build_date" \
      --build-arg VERSION=0.0.0-e2e \
      --file "$ROOT/examples/Dockerfile" --tag "$image" "$ROOT" >&2
    echo "$image"
  done
}

main() {
  (($# >= 1)) || die "usage: $0 runtime ARCH | python | builder | service ARCH BINARY [IMAGE] | example ARCH APP_DIR IMAGE..."
  [[ $EUID -eq 0 ]] || die "run as root (mmdebstrap and podman)"
  mkdir -p "$CACHE"
  case $1 in
    runtime) (($# == 2)) || die "usage: $0 runtime ARCH"; runtime_image "$2" ;;
    python) (($# == 1)) || die "usage: $0 python"; python_image ;;
    builder) (($# == 1)) || die "usage: $0 builder"; builder_image ;;
    service) (($# == 3 || $# == 4)) || die "usage: $0 service ARCH BINARY [IMAGE]"; service_image "${@:2}" ;;
    example) (($# >= 4 && $# % 2 == 0)) || die "usage: $0 example ARCH APP_DIR IMAGE [APP_DIR IMAGE]..."
      example_images "${@:2}" ;;
    *) die "unknown command '$1'" ;;
  esac
}

main "$@"
