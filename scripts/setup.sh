#!/usr/bin/env bash
# Installs everything lucid-init needs to build and test, native and aarch64, on Debian 12, and
# makes aarch64 binaries run here through qemu (binfmt_misc). Run as root; safe to run again:
# when everything is already in place it touches no package list and takes about a second.
# Details go to the log file; the terminal gets one line per step.
set -euo pipefail

LOG=${LUCID_SETUP_LOG:-/tmp/lucid-init-setup.log}

# Native and arm64 (multiarch) packages. The arm64 -dev packages give the cross build its own
# GoogleTest/Benchmark libraries; fmt and Boost.Asio are header-only and come from /usr/include.
PACKAGES=(
  cmake ninja-build g++ git binutils lld file clang-format
  libboost-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  g++-aarch64-linux-gnu libfmt-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64
  libbenchmark-dev:arm64
  # The bench kit's run time (bench/kit/assemble.sh carries it) and bench/track.sh: Google
  # Benchmark's compare.py with the numpy and scipy it imports.
  libbenchmark1debian:arm64 libbenchmark-tools python3-numpy python3-scipy
  libc6:arm64 libstdc++6:arm64  # run-time of the (dynamic) aarch64 test programs under qemu
  qemu-user-static binfmt-support
  python3.11             # the demo service and the integration tests' real Python service
  util-linux bsdutils    # unshare, setpriv (util-linux) and script (bsdutils) for the tests
  procps                 # ps/pgrep, to look for zombies
  # Container end-to-end suite (tests/container/, docs/containers.md): rootful podman with runc
  # (crun fails on hybrid cgroups), images from Debian's archive by mmdebstrap (arch-test: its
  # foreign-architecture check), python3-yaml to check the compose and Kubernetes examples.
  podman runc mmdebstrap arch-test python3-yaml
  # The docker suite (tests/container/docker_*): Debian's Docker engine (dockerd 20.10 with
  # BuildKit, Docker's tini as docker-init) and Compose v1. The tests start a dockerd of their own.
  docker.io docker-compose
  # Hardening (fuzz, valgrind and lint presets): clang 14 with libFuzzer's runtime, valgrind's
  # memcheck, clang-tidy (run-clang-tidy) and cppcheck.
  clang-14 libclang-rt-14-dev valgrind clang-tidy cppcheck
  # Release artefacts (scripts/release.sh): the man page from --help, the .deb packages' check.
  help2man lintian
)

BINFMT_DIR=/proc/sys/fs/binfmt_misc

step() {  # step "what" command...: runs quietly, logs everything, shows the log tail on failure
  local what=$1
  shift
  printf 'setup: %s ... ' "$what"
  if "$@" >>"$LOG" 2>&1; then
    echo ok
  else
    echo FAILED
    echo "setup: last lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
}

missing_packages() {
  local pkg name native status
  native=$(dpkg --print-architecture)
  for pkg in "${PACKAGES[@]}"; do
    # With both architectures installed a bare name matches two packages: ask for the native one
    # (or the Architecture: all one) unless the list names an architecture.
    name=$pkg
    [[ $pkg == *:* ]] || name="$pkg:$native"
    status=$(dpkg-query -W -f='${db:Status-Status}' "$name" 2>/dev/null ||
      dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ $status == installed ]] || echo "$pkg"
  done
}

add_arm64() {
  dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
}

install_packages() {
  # A failing third-party source must not stop us: the install below is what has to succeed.
  apt-get update || echo "setup: apt-get update reported errors; trying the install anyway"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

enable_binfmt() {
  # Containers and minimal VMs often boot without binfmt_misc mounted.
  [[ -e $BINFMT_DIR/status ]] || mount -t binfmt_misc binfmt_misc "$BINFMT_DIR"
  # qemu-user-static's postinst cannot register when binfmt_misc was not mounted at install time.
  [[ -e /var/lib/binfmts/qemu-aarch64 ]] || update-binfmts --import qemu-aarch64
  update-binfmts --enable qemu-aarch64
  # The F (fix-binary) flag makes the kernel open qemu now, so aarch64 binaries also run inside
  # a chroot or mount namespace that has no qemu in it (the empty-root test needs that).
  grep -q '^flags: .*F' "$BINFMT_DIR/qemu-aarch64"
}

check_aarch64_runs() {
  local dir rc=0
  dir=$(mktemp -d)
  printf '#include <stdio.h>\nint main(void){puts("aarch64 ok");return 0;}\n' >"$dir/hello.c"
  aarch64-linux-gnu-gcc -static -O1 -o "$dir/hello" "$dir/hello.c" && "$dir/hello" || rc=$?
  rm -rf "$dir"
  return "$rc"
}

main() {
  if [[ $EUID -ne 0 ]]; then
    echo "setup: run as root (it installs packages and registers qemu with binfmt_misc)" >&2
    exit 1
  fi
  : >"$LOG"
  step "arm64 architecture for dpkg" add_arm64
  local missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    echo "setup: packages ... all ${#PACKAGES[@]} present, apt skipped"
  else
    step "apt install ${missing[*]}" install_packages "${missing[@]}"
  fi
  step "binfmt_misc: qemu-aarch64 enabled with F flag" enable_binfmt
  step "a static aarch64 binary runs here" check_aarch64_runs
}

main "$@"
