#!/usr/bin/env python3
"""`lucid-init --help` and `lucid-init probe --help` each fit one 80x24 screen and point to the
rest; the man page (scripts/make-manpage.sh: help2man over --help-all) names every flag the two
parsers accept and every LUCID_* variable the code reads.

usage: help_screen.py BINARY [EMULATOR...]   (exit 77, skipped, without help2man)
"""

import importlib.util
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

TOP = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("docs_tables", TOP / "scripts" / "docs-tables.py")
docs_tables = importlib.util.module_from_spec(spec)
spec.loader.exec_module(docs_tables)


def main():
    binary, emulator = sys.argv[1], sys.argv[2:]
    failures = []
    for args in (["--help"], ["probe", "--help"]):
        out = subprocess.run(emulator + [binary] + args, check=True, capture_output=True,
                             text=True).stdout
        lines = out.splitlines()
        widest = max(len(line) for line in lines)
        print(f"lucid-init {' '.join(args)}: {len(lines)} lines, {widest} columns")
        if len(lines) > 24 or widest > 80:
            failures.append(f"{' '.join(args)}: {len(lines)} lines, {widest} columns: not 80x24")
        for pointer in ("--help-all", "man lucid-init", "docs/"):
            if pointer not in out:
                failures.append(f"{' '.join(args)} does not point to {pointer}")

    if shutil.which("help2man") is None:
        print("help2man not installed: man page not checked (scripts/setup.sh installs it)")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        page = pathlib.Path(tmp) / "lucid-init.1"
        # Named as release.sh names it, so the page's name must not come from the file name.
        named_binary = pathlib.Path(tmp) / "lucid-init-0.0.0-linux-arch"
        named_binary.symlink_to(pathlib.Path(binary).resolve())
        subprocess.run([TOP / "scripts" / "make-manpage.sh", named_binary, "0.0.0", page],
                       check=True)
        # roff: \- is a hyphen, \fB/\fR/\fI change the font, and a line may end in a hyphenation.
        title = page.read_text().split(".TH ", 1)[1].split(" ", 1)[0]
        if title != '"LUCID-INIT"' and title != "LUCID-INIT":
            failures.append(f"the man page's title is {title}, not LUCID-INIT")
        text = re.sub(r"\\f[BIRP]", "", page.read_text()).replace("\\-", "-").replace("\\e", "\\")
    for flag in docs_tables.parser_flags():
        if not docs_tables.named(flag, text):
            failures.append(f"the man page does not name {flag}")
    for variable in docs_tables.code_variables():
        if not docs_tables.named(variable, text):
            failures.append(f"the man page does not name {variable}")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
