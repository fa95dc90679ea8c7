#!/usr/bin/env bash
# Checks a release's dist/ (written by release_reproducible.sh): checksums, static stripped
# binaries of the right machines, .deb packages lintian finds no error in (with the binary, the
# man page and the copyright file), and images podman loads and runs, arm64 under qemu.
# Usage: release_artefacts.sh DIST VERSION. Exit 77 (skipped) unless LUCID_RELEASE_TEST=1.
set -euo pipefail

dist=$1
version=$2

if [[ ${LUCID_RELEASE_TEST:-} != 1 ]]; then
  echo "needs the release builds: skipped (set LUCID_RELEASE_TEST=1 to run)"
  exit 77
fi

fail() {
  echo "FAIL: $*"
  exit 1
}
cd "$dist"
sha256sum -c SHA256SUMS || fail "SHA256SUMS does not match"
[[ $(wc -l <SHA256SUMS) -eq 6 ]] || fail "SHA256SUMS should list 6 files"

podman=(podman --runtime runc)
limits=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)  # as tests/container/e2e.py
for arch in amd64 arm64; do
  case $arch in
    amd64) machine=x86-64 ;;
    arm64) machine=aarch64 ;;
  esac
  bin=lucid-init-$version-linux-$arch
  info=$(file -b "$bin")
  echo "$bin: $info"
  [[ $info == *"$machine"*"statically linked"*", stripped" ]] || fail "$bin is not a static stripped $machine binary"

  deb=lucid-init_${version}_$arch.deb
  lintian --fail-on error "$deb" || fail "lintian reports errors in $deb"
  contents=$(dpkg-deb -c "$deb")
  for path in ./usr/bin/lucid-init ./usr/share/man/man1/lucid-init.1.gz \
    ./usr/share/doc/lucid-init/copyright; do
    grep -q " $path\$" <<<"$contents" || fail "$deb lacks $path"
  done
  unpacked=$(mktemp -d)
  dpkg-deb -x "$deb" "$unpacked"
  cmp "$unpacked/usr/bin/lucid-init" "$bin" || fail "$deb holds another binary than $bin"
  # The project's own files: MIT, by the name DEP-5 gives it, with LICENSE's holder.
  copyright=$unpacked/usr/share/doc/lucid-init/copyright
  grep -Pzq 'Files: \*\nCopyright: 2026 the lucid-init authors\nLicense: Expat\n' "$copyright" ||
    fail "$deb's copyright does not give the project's files as Expat (MIT)"
  manual=$(MANWIDTH=100 man -l "$unpacked/usr/share/man/man1/lucid-init.1.gz" 2>/dev/null)
  rm -rf "$unpacked"
  for want in "--grace" "HEALTH PROBE" "--http PATH" "$version"; do
    grep -q -F -e "$want" <<<"$manual" || fail "the man page in $deb lacks '$want'"
  done

  image=lucid-init-$version-linux-$arch.image.tar
  "${podman[@]}" load -i "$image" || fail "podman cannot load $image"
  out=$("${podman[@]}" run --rm --arch "$arch" "${limits[@]}" "lucid-init:$version-$arch" \
    /lucid-init --version) || fail "lucid-init:$version-$arch does not run"
  echo "lucid-init:$version-$arch: $out"
  [[ $out == "lucid-init $version "* ]] || fail "unexpected --version from lucid-init:$version-$arch"
  labels=$("${podman[@]}" image inspect --format '{{json .Labels}}' "lucid-init:$version-$arch")
  for label in version revision created source licenses; do
    grep -q "\"org.opencontainers.image.$label\"" <<<"$labels" || fail "$image lacks label $label"
  done
  grep -q '"org.opencontainers.image.licenses":"MIT"' <<<"$labels" || fail "$image: licenses is not MIT"
  "${podman[@]}" rmi "lucid-init:$version-$arch" "lucid-init:$version" >/dev/null
done
