#!/usr/bin/env bash
# The man page lucid-init(1), by help2man from the binary's own --help-all and --version, with
# `lucid-init probe --help-all` as a section of its own: every option and exit status is in it
# (src/init/help_table.def, src/probe/help_table.def). A foreign-architecture binary runs
# through binfmt_misc's qemu.
# usage: make-manpage.sh BINARY VERSION OUTPUT.1
set -euo pipefail

bin=$(realpath "$1") version=$2 out=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# help2man names the page after the file it runs when given --version-string: the release's
# lucid-init-VERSION-linux-ARCH would be the page's name and title, so it runs "lucid-init".
ln -s "$bin" "$tmp/lucid-init"
include=$tmp/probe.h2m
{
  echo '[HEALTH PROBE]'
  echo '.nf'
  "$tmp/lucid-init" probe --help-all | sed -e 's/\\/\\e/g' -e "s/^[.']/\\\\\&&/"
  echo '.fi'
} >"$include"
help2man --no-info --section=1 --version-string="$version" --help-option=--help-all \
  --include="$include" --name="PID 1 and health probe for distroless containers" \
  --output="$out" "$tmp/lucid-init"
