"""The benchmark's table and one-line summaries, from the results bench/run.py collects."""

import re

NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
REFERENCE = "ref_bare"
LIST, ADMIN = "recommendations", "ref_admin"
DOCS_START, DOCS_END = "<!-- bench:table -->", "<!-- /bench:table -->"


def describe(result):
    if "missing" in result:
        return f"missing ({result['missing']})"
    if "error" in result:
        return f"error: {result['error']}"
    errors = f"  errors {result['errors']}" if result["errors"] else ""
    return (
        f"{result['rps']:>8.1f} req/s  p50 {result['p50_ms']:>7.1f} ms  "
        f"p95 {result['p95_ms']:>7.1f} ms{errors}"
    )


def describe_import(result):
    if "missing" in result or "error" in result:
        return result.get("missing") or f"error: {result['error'][-300:]}"
    return (
        f"{result['chapters']} chapters in {result['seconds']} s "
        f"({result['chapters_per_s']} chapters/s, process start included)"
    )


def describe_csv(result):
    if "missing" in result:
        return f"missing ({result['missing']})"
    return (
        f"{result['bytes'] / 1e6:.1f} MB in {result['seconds']} s; worker RSS "
        f"{result['rss_start_mb']} MB at start, {result['rss_peak_mb']} MB peak, "
        f"{result['rss_end_mb']} MB at the end ({result['samples']} samples)"
    )


def rss_summary(samples):
    """Start, peak and end resident memory of the worker that streamed (the one that grew)."""
    pids = {pid for _, rss in samples for pid in rss}
    series = {pid: [rss[pid] for _, rss in samples if pid in rss] for pid in pids}
    busiest = max(series, key=lambda pid: max(series[pid]) - min(series[pid]))
    values = series[busiest]
    return {
        "samples": len(values),
        "rss_start_mb": round(values[0] / 1024, 1),
        "rss_peak_mb": round(max(values) / 1024, 1),
        "rss_end_mb": round(values[-1] / 1024, 1),
        "rss_series_mb": [round(v / 1024, 1) for v in values[:: max(1, len(values) // 50)]],
    }


def render(results):
    lines = []
    for kind, runs in results["runs"].items():
        lines += _database_table(kind, runs)
        lines.append("")
    extras = results.get("extras", {})
    for kind, result in extras.get("import", {}).items():
        lines.append(f"import_report, {NAMES[kind]}: {describe_import(result)}")
    if "csv_scale10" in extras:
        lines.append(f"CSV export at scale 10: {describe_csv(extras['csv_scale10'])}")
    settings = results["settings"]
    lines.append(
        f"wrk: {settings['concurrency']} connections, {settings['duration_s']} s per page; "
        f"gunicorn {settings['workers']} workers; cache: {settings['cache']}; "
        f"{results['machine']['nproc']} cores shared with the load generator."
    )
    if any(
        "bare_rps" in page
        for runs in results["runs"].values()
        for run in runs.values()
        for page in run.get("pages", {}).values()
    ):
        lines.append("x bare: req/s over the bare view's, measured for 4 s right after the page.")
    return "\n".join(lines)


def _database_table(kind, runs):
    failed = [
        f"  scale {scale}: failed: {run['error']}" for scale, run in runs.items() if "error" in run
    ]
    runs = {scale: run for scale, run in runs.items() if "error" not in run}
    if not runs:
        return [NAMES[kind], *failed]
    scales = list(runs)
    header = ["page"]
    for scale in scales:
        header += [f"req/s @{scale}", "p50 ms", "p95 ms", "x bare", "queries"]
    if len(scales) == 2:
        header.append(f"p50 {scales[1]}/{scales[0]}")
    rows = []
    names = list(next(iter(runs.values()))["pages"])
    for name in names:
        label = next(iter(runs.values()))["pages"][name]["label"]
        row = [label]
        for scale in scales:
            run = runs[scale]
            result = run["pages"][name]
            queries = _queries(run["queries"].get(name))
            if "rps" not in result:
                missing = "missing" in result
                row += ["missing" if missing else "error", "", "", "", "" if missing else queries]
                continue
            # The bare view measured right after the page when the run did, else the run's one.
            bare = result.get("bare_rps") or run["pages"].get(REFERENCE, {}).get("rps")
            ratio = f"{result['rps'] / bare:.2f}" if bare else ""
            row += [
                f"{result['rps']:.0f}",
                f"{result['p50_ms']:.1f}",
                f"{result['p95_ms']:.1f}",
                ratio,
                queries,
            ]
        if len(scales) == 2:
            first, last = (runs[s]["pages"][name].get("p50_ms") for s in scales)
            row.append(f"{last / first:.2f}" if first and last else "")
        rows.append(row)
    lines = [f"{NAMES[kind]}", *_format_rows([header, *rows]), *failed]
    for scale in scales:
        lines.append(f"  scale {scale}: " + _run_notes(runs[scale]))
    return lines


def _queries(counts):
    if not counts or counts["status"] == 404:
        return ""
    if counts["cold"] == counts["warm"]:
        return str(counts["warm"])
    return f"{counts['cold']}/{counts['warm']}"


def _run_notes(run):
    notes = [run["build"]["generated"]]
    pages = run["pages"]
    listed, admin = pages.get(LIST, {}).get("rps"), pages.get(ADMIN, {}).get("rps")
    if listed and admin:
        notes.append(f"recommendations list / admin changelist = {listed / admin:.2f}")
    peaks = [m.get("VmHWM", 0) for m in run.get("memory_kb", {}).values()]
    if peaks:
        notes.append(f"worker peak memory (VmHWM) {max(peaks) / 1024:.0f} MB")
    browser = run.get("browser")
    if browser and "first" in browser:
        notes.append(
            f"dashboard in Chromium: first visit {browser['first']['bytes'] / 1024:.0f} KB "
            f"({browser['first']['responses']} responses), repeat visit "
            f"{browser['repeat']['bytes'] / 1024:.1f} KB "
            f"({browser['repeat']['from_network']} from the network)"
        )
    elif browser:
        notes.append(f"dashboard in Chromium: {browser.get('error')}")
    cold = run.get("cold")
    if cold:
        firsts = ", ".join(
            f"{name} {value['ms']:.0f}" + (f"/{value['max_ms']:.0f}" if "max_ms" in value else "")
            for name, value in cold.items()
            if isinstance(value, dict)
        )
        how = f"median/max of {cold['repeats']}, " if "repeats" in cold else ""
        notes.append(
            f"first request after a write, ms ({how}load average {cold['load']:.1f}): {firsts}"
        )
    connections = run.get("connections")
    if connections:
        notes.append(
            f"PostgreSQL sessions opened during the load: {connections['sessions_opened']} "
            f"for {connections['requests']} requests"
            + (" (connections reused)" if connections["reused"] else " (NOT reused)")
        )
    return "\n    ".join(notes)


def _format_rows(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [
            str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i])
            for i, c in enumerate(row)
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def write_docs(path, table, results):
    """Replace the table section of docs/benchmarks.md with this run's table and machine."""
    machine = results["machine"]
    section = "\n".join(
        [
            DOCS_START,
            f"Run of {results['started_at']} on commit {machine['git']} "
            f"({results['total_seconds']} s in all).",
            "",
            "```",
            table,
            "```",
            "",
            f"Machine: {machine['nproc']} cores, Linux {machine['kernel']}, Python "
            f"{machine['python']}, SQLite {machine['sqlite']}, PostgreSQL {machine['postgresql']},"
            f" {machine['wrk'].split(' [')[0]}, {machine['chromium']}.",
            "",
            "```",
            "$ free -h",
            machine["free_h"],
            "```",
            DOCS_END,
        ]
    )
    text = path.read_text()
    pattern = re.compile(re.escape(DOCS_START) + ".*?" + re.escape(DOCS_END), re.S)
    path.write_text(pattern.sub(lambda _: section, text))
