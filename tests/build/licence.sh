#!/usr/bin/env bash
# The licence where a user looks for it, without the release builds (release.artefacts checks the
# same in dist/): LICENSE is MIT with its holder; the .deb's copyright (scripts/make-deb.sh) gives
# the project's files as Expat, DEP-5's name for MIT, lintian finding no error; the release
# image's config (scripts/make-image-archive.py) carries org.opencontainers.image.licenses=MIT.
# Usage: licence.sh SOURCE_DIR BINARY WORK_DIR
set -euo pipefail

src=$1
bin=$2
work=$3
fail() {
  echo "FAIL: $*"
  exit 1
}
rm -rf "$work"
mkdir -p "$work"

[[ $(head -n 1 "$src/LICENSE") == "MIT License" ]] || fail "LICENSE is not the MIT License"
grep -qx 'Copyright (c) 2026 the lucid-init authors' "$src/LICENSE" || fail "LICENSE: holder"
echo "LICENSE: MIT, 2026 the lucid-init authors"

echo '.TH LUCID-INIT 1' >"$work/lucid-init.1"
SOURCE_DATE_EPOCH=1780000000 "$src/scripts/make-deb.sh" amd64 0.0.0 "$bin" "$work/lucid-init.1" \
  "$work/test.deb"
dpkg-deb -x "$work/test.deb" "$work/deb"
grep -Pzq 'Files: \*\nCopyright: 2026 the lucid-init authors\nLicense: Expat\n' \
  "$work/deb/usr/share/doc/lucid-init/copyright" || fail "the .deb's copyright: not Expat"
if command -v lintian >/dev/null; then
  lintian --fail-on error --tag-display-limit 0 "$work/test.deb" >"$work/lintian.log" 2>&1 ||
    { cat "$work/lintian.log"; fail "lintian errors in the .deb"; }
  if grep -i 'copyright\|license' "$work/lintian.log"; then fail "lintian on the copyright file"; fi
fi
echo ".deb copyright: Files: * License: Expat"

"$src/scripts/make-image-archive.py" --binary "$bin" --arch amd64 --version 0.0.0 --revision 0 \
  --created 1970-01-01T00:00:00Z --epoch 0 --source https://example.invalid --tag lucid-init:test \
  --output "$work/image.tar"
label=$(python3 - "$work/image.tar" <<'PY'
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as tar:
    manifest = json.load(tar.extractfile("manifest.json"))
    config = json.load(tar.extractfile(manifest[0]["Config"]))
print(config["config"]["Labels"].get("org.opencontainers.image.licenses"))
PY
)
[[ $label == MIT ]] || fail "the release image's licenses label is '$label'"
echo "release image: org.opencontainers.image.licenses=$label"
rm -rf "$work"
