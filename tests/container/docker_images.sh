#!/usr/bin/env bash
# The images of the docker suite, in the suite's own dockerd (tests/container/docker_daemon.sh).
#
#   docker_images.sh images SOCKET ARCH SERVICE_IMAGE BINARY VERSION STATE_DIR
#       - the podman suite's images, moved over with `podman save | docker load` (docker import
#         would record the wrong architecture for arm64), each only once per image ID: SERVICE_IMAGE
#         (this build's lucid-init + tests/container/app) and the stand-ins of examples/Dockerfile's
#         base images (scripts/build-test-image.sh runtime ARCH / python), tagged with the names
#         the Dockerfile uses by default: gcr.io/distroless/python3-debian12:latest (ARCH) and
#         python:3.11-slim-bookworm (the build machine's);
#       - BINARY's release image: scripts/make-image-archive.py, as scripts/release.sh writes it,
#         then `docker load -i` (tags lucid-init:VERSION and lucid-init:VERSION-ARCH);
#       - lucid-e2e-docker-health:ARCH: SERVICE_IMAGE with an exec-form HEALTHCHECK that dockerd
#         runs every second (the docker CLI's --health-cmd is shell form: no shell in the image).
#   docker_images.sh swarm SOCKET ARCH SERVICE_IMAGE
#       the swarm suite's (tests/container/swarm_scenarios.py): SERVICE_IMAGE moved over,
#       lucid-e2e-docker-health:ARCH as above, and two images made from it:
#       lucid-e2e-swarm:ARCH-v2 (one label more: an update to a working image) and
#       lucid-e2e-swarm:ARCH-broken (APP_HEALTH_FAILING=1: /health answers 503, its probe fails).
#   docker_images.sh example SOCKET ARCH
#       examples/Dockerfile built by dockerd's BuildKit (Debian's docker 20.10 CLI,
#       DOCKER_BUILDKIT=1) with `--platform linux/ARCH` and nothing else the Dockerfile needs
#       (only an empty requirements list: no PyPI here), tagged lucid-api:ARCH (examples/compose.yaml's
#       name for it).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
  echo "docker_images: $*" >&2
  exit 1
}

(($# >= 3)) || die "usage: $0 images|swarm|example SOCKET ARCH ..."
command=$1 socket=$2 arch=$3
shift 3
docker=(/usr/bin/docker -H "unix://$socket")
export DOCKER_BUILDKIT=1
if [[ ! -x /usr/sbin/dockerd || ! -x /usr/bin/docker ]]; then
  [[ -z ${CI:-} ]] || die "no dockerd or /usr/bin/docker: scripts/setup.sh installs docker.io"
  echo "docker_images: docker.io is not installed (scripts/setup.sh installs it): skipped"
  exit 77
fi

# move IMAGE: from podman's storage into dockerd's, unless the same image (its ID, the config's
# digest, which `docker load` keeps) is there already: a rebuilt service image (a new lucid-init)
# keeps its tag.
move() {
  local want have
  want=$(podman image inspect --format '{{.Id}}' "$1")
  have=$("${docker[@]}" image inspect --format '{{.Id}}' "$1" 2>/dev/null || true)
  if [[ ${have#sha256:} == "$want" ]]; then
    echo "docker_images: $1 present"
  else
    echo "docker_images: $1: podman save | docker load"
    podman save "$1" | "${docker[@]}" load >/dev/null
  fi
}

images() {
  (($# == 4)) || die "usage: $0 images SOCKET ARCH SERVICE_IMAGE BINARY VERSION STATE_DIR"
  local service=$1 binary=$2 version=$3 state=$4 runtime python keep archive
  runtime=$("$ROOT/scripts/build-test-image.sh" runtime "$arch" | tail -n 1)
  python=$("$ROOT/scripts/build-test-image.sh" python | tail -n 1)
  keep=("$service" "$runtime" "$python")
  for image in "${keep[@]}"; do move "$image"; done
  # Earlier builds' images of the suite (another binary, another root filesystem) are of no use.
  "${docker[@]}" images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/lucid-e2e-' |
    grep -vxF -e "$service" -e "$runtime" -e "$python" | xargs -r "${docker[@]}" rmi >/dev/null || true
  "${docker[@]}" tag "$runtime" gcr.io/distroless/python3-debian12:latest
  "${docker[@]}" tag "$python" python:3.11-slim-bookworm

  archive=$state/lucid-init-$version-linux-$arch.image.tar
  "$ROOT/scripts/make-image-archive.py" --binary "$binary" --arch "$arch" --version "$version" \
    --revision "$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)" \
    --created 2026-01-01T00:00:00Z --epoch 1767225600 --source https://example.invalid/lucid-init \
    --tag "lucid-init:$version" --tag "lucid-init:$version-$arch" --output "$archive"
  echo "docker_images: docker load -i $archive"
  "${docker[@]}" load -i "$archive"

  health_image "$service"
}

# derive TAG BASE LINE: `FROM BASE` + LINE (one Dockerfile instruction), built by BuildKit as TAG.
derive() {
  local tag=$1 base=$2 line=$3 context
  context=$(mktemp -d)
  # shellcheck disable=SC2064  # expand now
  trap "rm -rf -- '$context'" RETURN
  # shellcheck disable=SC2016  # $BASE is the Dockerfile's
  printf 'ARG BASE\nFROM $BASE\n%s\n' "$line" >"$context/Dockerfile"
  echo "docker_images: $tag: docker build (BuildKit): $line"
  "${docker[@]}" build --quiet --network host --platform "linux/$arch" --build-arg "BASE=$base" \
    --tag "$tag" "$context" >/dev/null
}

# health_image SERVICE_IMAGE: lucid-e2e-docker-health:ARCH. A start period longer than the whole
# scenario: Docker ends it at the first success, so the failures after that count at once
# (podman 4.3 would ignore them for all of it).
health_image() {
  derive "lucid-e2e-docker-health:$arch" "$1" 'HEALTHCHECK --interval=1s --timeout=5s --start-period=120s --retries=2 CMD ["/usr/local/bin/lucid-init", "probe", "--http", "/health"]'
}

swarm() {
  (($# == 1)) || die "usage: $0 swarm SOCKET ARCH SERVICE_IMAGE"
  move "$1"
  health_image "$1"
  derive "lucid-e2e-swarm:$arch-v2" "lucid-e2e-docker-health:$arch" 'LABEL com.lucid.test.version=2'
  derive "lucid-e2e-swarm:$arch-broken" "lucid-e2e-docker-health:$arch" 'ENV APP_HEALTH_FAILING=1'
}

example() {
  (($# == 0)) || die "usage: $0 example SOCKET ARCH"
  echo "docker_images: docker build --platform linux/$arch -f examples/Dockerfile ."
  cd "$ROOT"
  # --network host: no bridge here. The python stand-in needs no download (the requirements
  # list is empty, and lucid-init comes from the release image).
  "${docker[@]}" build --network host --platform "linux/$arch" \
    --build-arg REQUIREMENTS=tests/container/app/requirements.txt \
    --file examples/Dockerfile --tag "lucid-api:$arch" .
}

case $command in
  images) images "$@" ;;
  example) example "$@" ;;
  swarm) swarm "$@" ;;
  *) die "unknown command '$command'" ;;
esac
