#!/usr/bin/env bash
# The man page lucid-init(1), by help2man from the binary's own --help-all and --version, with
# `lucid-init probe --help-all` as a section of its own: every option and exit status is in it
# (src/init/help_table.def, src/probe/help_table.def). A foreign-architecture binary runs
# through binfmt_misc's qemu.
# usage: make-manpage.sh BINARY VERSION OUTPUT.1
set -euo pipefail

bin=$1 version=$2 out=$3
include=$(mktemp)
trap 'rm -f "$include"' EXIT
{
  echo '[HEALTH PROBE]'
  echo '.nf'
  "$bin" probe --help-all | sed -e 's/\\/\\e/g' -e "s/^[.']/\\\\\&&/"
  echo '.fi'
} >"$include"
help2man --no-info --section=1 --version-string="$version" --help-option=--help-all \
  --include="$include" --name="PID 1 and health probe for distroless containers" \
  --output="$out" "$bin"
