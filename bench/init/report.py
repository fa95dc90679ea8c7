"""The benchmark's outputs: the markdown table (docs/init-benchmarks.md) and the chart, drawn by
gnuplot from chart.gp with one data row per init."""
import pathlib
import statistics
import subprocess

HERE = pathlib.Path(__file__).resolve().parent


def combine(runs):
    """One result of the same shape from several whole runs: the median of every number (so a
    burst of load during one run moves nothing), samples concatenated, flags only if always."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: combine([run[key] for run in runs]) for key in first}
    if isinstance(first, bool):
        return all(runs)
    if isinstance(first, int):
        return statistics.median_low(runs)  # a count stays a count
    if isinstance(first, float):
        return statistics.median(runs)
    if isinstance(first, list) and first and isinstance(first[0], (int, float)) and \
            len(first) > 3:
        return [value for run in runs for value in run]
    return first


def _size(entry):
    if entry is None:
        return "—"
    kind = "static" if entry["static"] else "dynamic"
    return f"{entry['bytes']:,} B {kind}"


def _cleanup(entry):
    if entry["gc_finished"]:
        return "finished"
    return "cut off" if entry["gc_got_sigterm"] else "killed, never got SIGTERM"


def table_rows(results, names):
    """(label, {name: cell}) for every row of the table."""
    startup = results["startup"]["inits"]
    idle = results["idle"]
    latency = results["latency"]
    reaping = results["reaping"]
    shutdown = results["shutdown"]
    sizes = results["sizes"]
    base_ms = results["startup"]["baseline_median_us"] / 1e3
    return [
        (f"start-up: `INIT -- /bin/true`, median (alone: {base_ms:.2f} ms)",
         {n: f"{startup[n]['median_us'] / 1e3:.2f} ms" for n in names}),
        ("start-up overhead over `/bin/true` (paired median)",
         {n: f"{startup[n]['overhead_us'] / 1e3:.2f} ms" for n in names}),
        ("start-up ratio to `/bin/true` alone", {n: f"{startup[n]['ratio']:.2f}x" for n in names}),
        (f"idle: wake-ups in {idle[names[0]]['seconds']} s (context switches)",
         {n: str(idle[n]["wakeups"]) for n in names}),
        ("idle: RSS (of which anonymous)",
         {n: f"{idle[n]['rss_kib']:,} KiB ({idle[n]['rss_anon_kib']})" for n in names}),
        (f"SIGTERM forward latency, stderr a drained pipe: median / p99 of "
         f"{latency['pipe'][names[0]]['trials']}",
         {n: f"{latency['pipe'][n]['median_us']:.0f} / {latency['pipe'][n]['p99_us']:.0f} µs"
          for n in names}),
        ("SIGTERM forward latency, stderr /dev/null: median / p99",
         {n: f"{latency['null'][n]['median_us']:.0f} / {latency['null'][n]['p99_us']:.0f} µs"
          for n in names}),
        (f"reaping {reaping[names[0]]['orphans']:,} orphans: until no zombie is left, median",
         {n: f"{reaping[n]['median_ms']:.0f} ms" for n in names}),
        ("reaping: zombies left", {n: str(reaping[n]["left"]) for n in names}),
        ("shutdown: SIGTERM to exit (child stops in 0.5 s)",
         {n: f"{shutdown[n]['stop_s']:.2f} s" for n in names}),
        ("shutdown: grandchild's 2 s cleanup", {n: _cleanup(shutdown[n]) for n in names}),
        ("size x86-64", {n: _size(sizes["x86-64"].get(n)) for n in names}),
        ("size aarch64", {n: _size(sizes["aarch64"].get(n)) for n in names}),
    ]


def markdown_table(results, names):
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, cells in table_rows(results, names):
        lines.append(f"| {label} | " + " | ".join(cells[n] for n in names) + " |")
    return "\n".join(lines)


def chart(results, names, png_path):
    """One PNG, one small panel per measurement; lucid-init stands out in colour."""
    data_path = png_path.with_suffix(".dat")
    rows = ["# name startup_overhead_ms wakeups rss_kib lat_median_us lat_p99_us reap_ms stop_s "
            "gc_finished arm64_kib arm64_static"]
    for index, name in enumerate(names):
        arm = results["sizes"]["aarch64"].get(name, {"bytes": 0, "static": False})
        rows.append(" ".join(str(v) for v in [
            f'"{name}"',
            round(results["startup"]["inits"][name]["overhead_us"] / 1e3, 3),
            results["idle"][name]["wakeups"],
            results["idle"][name]["rss_kib"],
            round(results["latency"]["pipe"][name]["median_us"], 1),
            round(results["latency"]["pipe"][name]["p99_us"], 1),
            round(results["reaping"][name]["median_ms"], 1),
            round(results["shutdown"][name]["stop_s"], 2),
            int(results["shutdown"][name]["gc_finished"]),
            round(arm["bytes"] / 1024),
            int(arm["static"]),
        ]))
    data_path.write_text("\n".join(rows) + "\n")
    subprocess.run(["gnuplot", "-e", f"data='{data_path}'; out='{png_path}'",
                    str(HERE / "chart.gp")], check=True)
    return png_path
