"""The three hostile files of issue 24, read as an import reads them: time, peak memory and
what the admin sees. Not part of the test suite.

    .venv/bin/python bench/hostile_files.py            # all three
    .venv/bin/python bench/hostile_files.py --only bomb

The files are made in code (tests/hostile_files.py) into a temporary folder: a country page
nested 20,000 <div>s deep, a 2 MB PDF whose one stream inflates to 2 GB (a decompression
bomb), and a PDF of 2,000 pages of 1-point text (about 4,000 characters a page, under the
per-page bound, so it is read through). Each is read by `read_report_file` (what
`import_report` and the web import's job call) in a child process of its own, so that the
figures are that reading's alone: wall time, CPU time, and the peak resident memory of the
reader and of any process it starts (the PDF reader's bounded child), from getrusage.
"""

import argparse
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

FILES = {
    "html": ("deep.html", "a web page nested 20,000 deep"),
    "bomb": ("bomb.pdf", "a 2 MB PDF inflating to 2 GB"),
    "pages": ("tiny.pdf", "2,000 pages of tiny text"),
}


def make(kind, folder):
    from tests.hostile_files import bomb_pdf, deep_html, tiny_text_pdf

    name, _ = FILES[kind]
    data = {"html": deep_html, "bomb": bomb_pdf, "pages": tiny_text_pdf}[kind]()
    path = Path(folder) / name
    path.write_bytes(data)
    return path


def read_one(path):
    """In the child: read the file, print what the admin would see as JSON."""
    from recommendations.reading.files import read_report_file

    started = time.perf_counter()
    read = read_report_file(path)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    seen = [f"{path.name}:{item.line}: {item.text}" for item in read.errors] or [
        f"{len(read.chapters)} chapter(s) read, {len(read.warnings)} warning(s)"
    ]
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "reader_peak_mb": round(own.ru_maxrss / 1024),
                "child_peak_mb": round(children.ru_maxrss / 1024),
                "seen": seen,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(FILES))
    parser.add_argument("--read", help=argparse.SUPPRESS)  # the child's job
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipwatch.settings")
    if options.read:
        read_one(Path(options.read))
        return
    kinds = [options.only] if options.only else list(FILES)
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            started = time.perf_counter()
            path = make(kind, folder)
            made = time.perf_counter() - started
            size = path.stat().st_size / 1024 / 1024
            result = subprocess.run(
                [sys.executable, __file__, "--read", str(path)],
                capture_output=True, text=True, check=False, cwd=ROOT,
            )  # fmt: skip
            if result.returncode != 0:
                print(f"{FILES[kind][1]}: the reader failed ({result.returncode})")
                print(result.stderr[-2000:])
                continue
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{FILES[kind][1]} ({size:.1f} MB, made in {made:.1f} s): read in "
                f"{figures['seconds']} s, peak {figures['reader_peak_mb']} MB in the reader, "
                f"{figures['child_peak_mb']} MB in its bounded child"
            )
            for line in figures["seen"]:
                print(f"    the admin sees: {line}")


if __name__ == "__main__":
    main()
