#!/usr/bin/env bash
# Runs scripts/release.sh twice on the committed HEAD of SRC, from two clones in two different
# temporary directories a few seconds apart, and requires byte-identical dist/ directories. The
# first run's dist/ is kept in OUT for release_artefacts.sh.
# Usage: release_reproducible.sh SRC OUT. Slow (four builds): exit 77 (skipped) unless
# LUCID_RELEASE_TEST=1.
set -euo pipefail

src=$1
out=$2

if [[ ${LUCID_RELEASE_TEST:-} != 1 ]]; then
  echo "four release builds: skipped (set LUCID_RELEASE_TEST=1 to run)"
  exit 77
fi

commit=$(git -C "$src" rev-parse HEAD)
first=$(mktemp -d)
second=$(mktemp -d)
trap 'rm -rf "$first" "$second"' EXIT

release_in() {  # release_in DIR: clone HEAD into DIR and run the release there
  git clone --quiet --no-local "$src" "$1"
  git -C "$1" checkout --quiet --detach "$commit"
  echo "== release of $commit in $1"
  "$1/scripts/release.sh"
}

# Different depths and names, so that a leaked path would differ in length too.
release_in "$first/lucid-init"
sleep 3
release_in "$second/another/checkout"

a=$first/lucid-init/dist
b=$second/another/checkout/dist
diff <(cd "$a" && ls) <(cd "$b" && ls) || { echo "FAIL: the two runs wrote different files"; exit 1; }
rc=0
for f in "$a"/*; do
  name=${f##*/}
  if cmp "$f" "$b/$name"; then
    echo "identical: $name $(sha256sum <"$f" | cut -d' ' -f1)"
  else
    rc=1
  fi
done
((rc == 0)) || { echo "FAIL: the runs differ (above)"; exit 1; }

rm -rf "$out"
mkdir -p "$out"
cp -a "$a"/. "$out"/
