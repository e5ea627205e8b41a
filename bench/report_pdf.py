"""How fast, and in how much memory, a whole report PDF is read (issue 12: under 60 s and
500 MB for 600 pages). Not part of the test suite.

    .venv/bin/python bench/report_pdf.py               # read (the preview's reading step)
    .venv/bin/python bench/report_pdf.py --import      # also a full import into a new SQLite

It makes a synthetic report with the real shape (tests/report_files.py: cover, introduction
pages, the sample narrative, 190 chapters named after the catalogue's countries, in two
justified columns with running heads, footers, hyphenation and the three bullet kinds) of about
600 pages, kept in var/bench/ (--pages to change, --fresh to rebuild; a file built before the
chapters took their bundled tiers is rebuilt), then reads it in a child
process (so the peak memory is the reader's alone) and prints seconds, peak resident memory
(getrusage) and what was read. --import times `import_report` into a fresh SQLite database.
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = ROOT / "var" / "bench"
CHAPTERS = 190  # the catalogue has 189: all of them that existed in YEAR
YEAR = 2023
BULLETS = ["•", "»", "none"]


def bundled_tiers(year):
    """{iso3: tier label} of the bundled tier placements of one report year (data/tiers/)."""
    tiers = {}
    for path in sorted((ROOT / "data" / "tiers").glob("tier_placements_*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if int(row["report_year"]) == year:
                    tiers[row["iso3"]] = row["tier"]
    return tiers


def build(path, pages):
    """Write a report of about `pages` pages: a chapter for each catalogue country that existed
    in 2023 (none for Serbia and Montenegro or the Netherlands Antilles, which the import rightly
    refuses), with its bundled 2023 tier (so that the import overwrites no rating on record),
    and introduction pages to make up the rest."""
    from countries.catalogue import catalogue
    from tests.report_files import named, report_pdf, sample_chapter

    tiers = bundled_tiers(YEAR)
    entries = [
        entry
        for entry in catalogue()
        if (entry["first_year"] or YEAR) <= YEAR <= (entry["last_year"] or YEAR)
    ][:CHAPTERS]
    chapters = [
        named(
            sample_chapter(index, bullet=BULLETS[index % 3], paragraphs=6),
            entry["name"].upper(),
            tier=tiers.get(entry["iso3"], "Tier 2").upper(),
        )
        for index, entry in enumerate(entries)
    ]
    # The chapters take about 1.85 pages each; the introduction fills up to the page count.
    intro = max(2, pages - round(len(chapters) * 1.85) - 3)
    path.write_bytes(report_pdf(chapters, year=YEAR, intro_pages=intro))


def read_in_this_process(path):
    """The child: read the file as the import's reading step does; print JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipwatch.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from recommendations.reading.files import read_report_file

    started = time.monotonic()
    read = read_report_file(path)
    seconds = time.monotonic() - started
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "chapters": len(read.chapters),
                "recommendations": sum(len(c.recommendations) for c in read.chapters),
                "errors": len(read.errors) + sum(len(c.errors) for c in read.chapters),
                "warnings": len(read.warnings) + sum(len(c.warnings) for c in read.chapters),
            }
        )
    )


def child(*arguments, env=None):
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(done.stderr.strip()[-2000:])
    return done.stdout, time.monotonic() - started, done


def timed_import(path):
    """Seconds and peak memory of import_report on the file, into a new SQLite database."""
    with tempfile.TemporaryDirectory() as directory:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
            "DEBUG": "1",
        }
        child("manage.py", "migrate", "--no-input", env=env)
        script = (
            "import resource, subprocess, sys, time; started = time.monotonic(); "
            "done = subprocess.run([sys.executable, 'manage.py', 'import_report', '--quiet', "
            f"{str(path)!r}]); "
            "print(round(time.monotonic() - started, 2), "
            "round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024), done.returncode)"
        )
        out, _, _ = child("-c", script, env=env)
    seconds, peak, code = out.split()
    return {"seconds": float(seconds), "peak_rss_mb": int(peak), "exit": int(code)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--fresh", action="store_true", help="Rebuild the PDF.")
    parser.add_argument("--import", dest="do_import", action="store_true")
    parser.add_argument("--child-read", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child_read:
        return read_in_this_process(options.child_read)

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"report-{options.pages}-tiers.pdf"
    if options.fresh or not path.exists():
        started = time.monotonic()
        build(path, options.pages)
        print(f"built {path.name} in {time.monotonic() - started:.1f} s", flush=True)
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(path)))
    print(f"{path.name}: {pages} pages, {path.stat().st_size / 1024 / 1024:.1f} MB", flush=True)
    out, _, _ = child("bench/report_pdf.py", "--child-read", str(path))
    result = json.loads(out)
    print(
        f"read: {result['seconds']} s, peak RSS {result['peak_rss_mb']} MB, "
        f"{result['chapters']} chapters, {result['recommendations']} recommendations, "
        f"{result['errors']} errors, {result['warnings']} warnings",
        flush=True,
    )
    if options.do_import:
        result = timed_import(path)
        print(
            f"import_report into a new SQLite database: {result['seconds']} s, "
            f"peak RSS {result['peak_rss_mb']} MB, exit {result['exit']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
