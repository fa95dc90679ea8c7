#!/usr/bin/env bash
# Builds the .deb of one architecture with dpkg-deb, reproducibly: every mtime is
# SOURCE_DATE_EPOCH, owners are root, permissions are set explicitly, the man page and changelog
# are gzipped without a name or time stamp (gzip -n).
# usage: SOURCE_DATE_EPOCH=... make-deb.sh ARCH VERSION BINARY MANPAGE OUTPUT.deb
set -euo pipefail

arch=$1 version=$2 binary=$3 manpage=$4 output=$5
: "${SOURCE_DATE_EPOCH:?make-deb.sh: SOURCE_DATE_EPOCH must be set}"
packaging=$(cd "$(dirname "${BASH_SOURCE[0]}")/../packaging" && pwd)

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"
umask 022
doc=$root/usr/share/doc/lucid-init
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$doc" \
  "$root/usr/share/lintian/overrides"

install -m 0755 "$binary" "$root/usr/bin/lucid-init"
gzip -9n <"$manpage" >"$root/usr/share/man/man1/lucid-init.1.gz"
install -m 0644 "$packaging/copyright" "$doc/copyright"
install -m 0644 "$packaging/lintian-overrides" "$root/usr/share/lintian/overrides/lucid-init"
# A native package's changelog, one entry per release, dated by the release's commit.
{
  printf 'lucid-init (%s) unstable; urgency=medium\n\n' "$version"
  printf '  * Release %s: static lucid-init binary, man page.\n\n' "$version"
  printf ' -- %s  %s\n' "$(sed -n 's/^Maintainer: //p' "$packaging/control.in")" \
    "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$doc/changelog.gz"
chmod 0644 "$root/usr/share/man/man1/lucid-init.1.gz" "$doc/changelog.gz"

installed_size=$(du -k -s --apparent-size --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
  "$packaging/control.in" >"$root/DEBIAN/control"
(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

find "$root" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zxz --build "$root" "$output" >/dev/null
