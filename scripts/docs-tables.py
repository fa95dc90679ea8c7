#!/usr/bin/env python3
"""docs/'s generated tables, from the code's own sources, and the reference's completeness.

The sources are the ones the binary is built from, not a copy kept for the docs:
  options, exit-statuses              src/init/help_table.def (--help, --help-all, the man page)
  probe-options, probe-exit-statuses  src/probe/help_table.def
  json-events                         every LogEvent("name") in src/ with the field keys of its
                                      log() call ({{"key", value}, ...})
Each table goes between the lines
  <!-- BEGIN GENERATED: NAME (scripts/docs-tables.py; edit the source, not this table) -->
  <!-- END GENERATED: NAME -->
of its page in docs/.

usage: docs-tables.py [--docs DIR] (--write | --check | --complete)
  --write     fill every block from the sources
  --check     exit 1 when a block is missing or differs from what the sources give
  --complete  exit 1 when a flag the parsers accept (their getopt tables), a LUCID_* variable
              the code names, an exit status of the help tables or of the code's *Status/*Error
              constants, or a JSON event name is named nowhere in DIR/*.md
"""

import argparse
import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
SRC = TOP / "src"

BLOCK_PAGES = {
    "options": "configuration.md",
    "probe-options": "probe.md",
    "exit-statuses": "pid1.md",
    "probe-exit-statuses": "probe.md",
    "json-events": "logging.md",
}

STRING = r'"(?:[^"\\]|\\.)*"'


def literals(text):
    """The C string literals of `text`, adjacent ones joined, unescaped (\\" and \\\\ only)."""
    parts, current, last_end = [], None, None
    for match in re.finditer(STRING, text):
        value = re.sub(r"\\(.)", r"\1", match.group(0)[1:-1])
        if current is not None and text[last_end:match.start()].strip() == "":
            current += value
        else:
            if current is not None:
                parts.append(current)
            current = value
        last_end = match.end()
    if current is not None:
        parts.append(current)
    return parts


def macro_rows(path, macro, arity):
    """The arguments of every MACRO(...) row of a help_table.def."""
    text = "\n".join(line for line in path.read_text().splitlines()
                     if not line.lstrip().startswith("//"))
    rows = []
    for match in re.finditer(r"\b%s\(((?:%s|[^\"()])*)\)" % (macro, STRING), text):
        args = literals(match.group(1))
        if len(args) != arity:
            sys.exit(f"{path}: a {macro} row without {arity} string arguments: {match.group(0)}")
        rows.append(args)
    if not rows:
        sys.exit(f"{path}: no {macro} rows")
    return rows


def help_table(command):
    path = SRC / command / "help_table.def"
    return macro_rows(path, "LUCID_OPTION", 5), macro_rows(path, "LUCID_STATUS", 2)


def matching_brace(text, start):
    """The index just past the brace that closes text[start] ('{'), strings skipped."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == '"':
            i = re.compile(STRING).match(text, i).end()
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            return i
    return i


def json_events():
    """{name: (levels, fields)} from every LogEvent("name") in src/; "varies": a level variable."""
    events = {}
    for path in sorted(SRC.rglob("*.cpp")):
        text = path.read_text()
        for match in re.finditer(r'LogEvent\("([a-z0-9_]+)"\)\s*,\s*', text):
            levels, fields = events.setdefault(match.group(1), ([], []))
            call = text.rfind("log(", 0, match.start())
            level = re.search(r"LogLevel::k(\w+)", text[call:match.start()])
            found = level.group(1).lower() if level else "varies"
            if found not in levels:
                levels.append(found)
            if text.startswith("{", match.end()):
                body = text[match.end():matching_brace(text, match.end())]
                for key in re.findall(r'\{\s*"([a-z0-9_]+)"\s*,', body):
                    if key not in fields:
                        fields.append(key)
    if not events:
        sys.exit("no LogEvent(\"...\") found under src/")
    return events


def cell(text):
    return text.replace("|", "\\|")


def code(text):
    return f"`{text}`" if text else ""


def flag_cell(flags, arg):
    names = [f.strip() for f in flags.split(",")]
    if arg:
        names[-1] += " " + arg
    return ", ".join(f"`{cell(name)}`" for name in names)


def options_table(rows):
    lines = ["| Flag | Variable | Default | Meaning |", "|---|---|---|---|"]
    for flags, arg, variable, fallback, text in rows:
        lines.append(f"| {flag_cell(flags, arg)} | {code(variable)} | {code(cell(fallback))} "
                     f"| {cell(text)} |")
    return lines


def status_table(rows):
    lines = ["| Status | Meaning |", "|---|---|"]
    lines += [f"| {code(status)} | {cell(text)} |" for status, text in rows]
    return lines


def events_table(events):
    lines = ["| Event | Level | Fields |", "|---|---|---|"]
    for name, (levels, fields) in sorted(events.items()):
        lines.append(f"| `{name}` | {', '.join(levels)} | "
                     f"{', '.join(f'`{key}`' for key in fields)} |")
    return lines


def tables():
    options, statuses = help_table("init")
    probe_options, probe_statuses = help_table("probe")
    return {
        "options": options_table(options),
        "probe-options": options_table(probe_options),
        "exit-statuses": status_table(statuses),
        "probe-exit-statuses": status_table(probe_statuses),
        "json-events": events_table(json_events()),
    }


def begin_line(name):
    return f"<!-- BEGIN GENERATED: {name} (scripts/docs-tables.py; edit the source, not this table) -->"


def filled(text, name, table):
    """`text` with the block NAME replaced by `table`, or None when the page has no such block."""
    pattern = re.compile(r"^<!-- BEGIN GENERATED: %s\b.*?-->\n(.*?)^<!-- END GENERATED: %s -->$"
                         % (re.escape(name), re.escape(name)), re.M | re.S)
    match = pattern.search(text)
    if not match:
        return None
    body = "\n".join(table) + "\n"
    return text[:match.start()] + begin_line(name) + "\n" + body + text[match.end(1):]


def write_or_check(docs, write):
    problems = []
    pages = {}
    for name, table in tables().items():
        path = docs / BLOCK_PAGES[name]
        text = pages.get(path) or (path.read_text() if path.exists() else None)
        new = filled(text, name, table) if text is not None else None
        if new is None:
            problems.append(f"{path}: no GENERATED block '{name}' (see the contract in this "
                            f"script's docstring)")
            continue
        if new != text and not write:
            problems.append(f"{path}: block '{name}' differs from its source: run "
                            f"scripts/docs-tables.py --write")
        pages[path] = new
    if write:
        for path, text in pages.items():
            path.write_text(text)
    return problems


def parser_flags():
    """Every flag the two getopt_long parsers accept: their option tables and short strings."""
    flags = []
    for path, short in (("init/options.cpp", r'kShortOptions = "([^"]*)"'),
                        ("probe/command_line.cpp", r'getopt_long\([^;]*?"([^"]*)"')):
        text = (SRC / path).read_text()
        longs = re.findall(r'\{"([a-z][a-z-]*)", (?:no|required|optional)_argument', text)
        shorts = re.search(short, text)
        if not longs or not shorts:
            sys.exit(f"src/{path}: its getopt_long tables were not found; update docs-tables.py")
        flags += ["--" + name for name in longs]
        flags += ["-" + c for c in shorts.group(1) if c.isalnum()]
    return sorted(set(flags))


def code_variables():
    names = set()
    for path in list(SRC.rglob("*.cpp")) + list(SRC.rglob("*.hpp")):
        names.update(re.findall(r'"(LUCID_[A-Z0-9_]*[A-Z0-9])"', path.read_text()))
    return sorted(names)


def code_statuses():
    """The help tables' statuses and the values of the code's exit status constants."""
    statuses = []
    for command in ("init", "probe"):
        statuses += [status for status, _ in help_table(command)[1]]
    for path in SRC.rglob("*.[ch]pp"):
        for expression in re.findall(r"constexpr int k\w*(?:Status|Error) = ([0-9+ ]+);",
                                     path.read_text()):
            statuses.append(str(sum(int(n) for n in expression.split("+"))))
    return sorted(set(statuses), key=lambda s: (len(s), s))


def named(word, text):
    return re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(word), text) is not None


def status_named(status, text):
    return re.search(r"^\|\s*`?%s`?\s*\|" % re.escape(status), text, re.M) is not None


def complete(docs):
    text = "\n".join(p.read_text() for p in sorted(docs.glob("*.md")))
    missing = [f"flag {f}" for f in parser_flags() if not named(f, text)]
    missing += [f"variable {v}" for v in code_variables() if not named(v, text)]
    missing += [f"exit status {s} (as a table row)" for s in code_statuses()
                if not status_named(s, text)]
    missing += [f"JSON event {e}" for e in json_events() if not named(e, text)]
    return [f"{docs}/*.md: names no {what}" for what in missing]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=pathlib.Path, default=TOP / "docs")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--complete", action="store_true")
    args = parser.parse_args()
    if args.complete:
        problems = complete(args.docs)
    else:
        problems = write_or_check(args.docs, args.write)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
