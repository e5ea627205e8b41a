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

    .venv/bin/python bench/hostile_files.py --worker                   # as web import jobs
    .venv/bin/python bench/hostile_files.py --worker --only pages --job-seconds 2

--worker runs each file as the web import runs it: uploaded (kept in the database, a preview
queued) and then read by the background worker (`run_worker --batch`, its job under the limits
IMPORT_JOB_SECONDS and IMPORT_JOB_MEMORY_MB, tipwatch/core/joblimits.py), in a worker process
of its own on a fresh SQLite database, with a second job of an ordinary chapter queued behind
it. It reports the hostile job's wall time, the worker's peak resident memory before the job
and after it (and its PDF child's peak), the job's end and message as the job page shows them,
and how the job behind it ended. --job-seconds / --job-memory-mb set the limits for the run
(e.g. 2 s to see the time limit stop the 2,000-page PDF).
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


def run_as_job(path):
    """In the child (a migrated database in DATABASE_URL): upload the file and an ordinary
    chapter after it, run the worker until the queue is empty, print what happened as JSON."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from recommendations import web_import
    from tests.recommendations.chapter_files import SEED
    from tipwatch.core.models import ImportJob

    user = _bench_admin()
    hostile = web_import.start_preview(
        files=[SimpleUploadedFile(path.name, path.read_bytes())], year=None, user=user
    )
    behind = web_import.start_preview(
        files=[SimpleUploadedFile(SEED.name, SEED.read_bytes())], year=None, user=user
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    worker = ["run_worker", "--batch", "--no-startup-delay", "--no-reload"]
    call_command(*worker, "--max-tasks", "1", verbosity=0)  # the hostile file's job
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    call_command(*worker, verbosity=0)  # the job behind it
    hostile, behind = (ImportJob.objects.get(pk=job.pk) for job in (hostile, behind))
    seen = [hostile.get_state_display()]
    seen += [f"The job failed: {hostile.reason}"] if hostile.reason else []
    seen += hostile.problems or []
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "rss_before_mb": round(before / 1024),
                "worker_peak_mb": round(own / 1024),
                "child_peak_mb": round(children / 1024),
                "seen": seen,
                "behind": behind.get_state_display(),
            }
        )
    )


def _bench_admin():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-admin")
    return user


def in_child(kind, role, path, env=None):
    """This script run as `role` on the file in a process of its own: its figures, or None
    (said) if it failed."""
    result = subprocess.run(
        [sys.executable, __file__, role, str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
    )
    if result.returncode != 0:
        print(f"{FILES[kind][1]}: the child failed ({result.returncode})")
        print(result.stderr[-2000:])
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_as_jobs(kinds, folder, options):
    # A private site of its own: settings that need no .env (kept when the caller sets them).
    env = {"SECRET_KEY": "bench-hostile-files", "ALLOWED_HOSTS": "localhost", **os.environ}
    env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    env |= {"IMPORT_UPLOAD_DIR": str(Path(folder) / "uploads")}
    if options.job_seconds is not None:
        env["IMPORT_JOB_SECONDS"] = str(options.job_seconds)
    if options.job_memory_mb is not None:
        env["IMPORT_JOB_MEMORY_MB"] = str(options.job_memory_mb)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    for kind in kinds:
        path = make(kind, folder)
        size = path.stat().st_size / 1024 / 1024
        figures = in_child(kind, "--job", path, env)
        if figures is None:
            continue
        print(
            f"{FILES[kind][1]} ({size:.1f} MB) as a worker job: ended in {figures['seconds']} s, "
            f"worker {figures['rss_before_mb']} MB before, peak {figures['worker_peak_mb']} MB, "
            f"{figures['child_peak_mb']} MB in its PDF child; the job queued behind it: "
            f"{figures['behind']}"
        )
        for line in figures["seen"]:
            print(f"    the admin sees: {line}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(FILES))
    parser.add_argument("--worker", action="store_true", help="run each file as a worker job")
    parser.add_argument("--job-seconds", type=int, help="IMPORT_JOB_SECONDS for --worker")
    parser.add_argument("--job-memory-mb", type=int, help="IMPORT_JOB_MEMORY_MB for --worker")
    parser.add_argument("--read", help=argparse.SUPPRESS)  # the child's job
    parser.add_argument("--job", help=argparse.SUPPRESS)  # the child's job, as a worker
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipwatch.settings")
    if options.read:
        read_one(Path(options.read))
        return
    if options.job:
        run_as_job(Path(options.job))
        return
    kinds = [options.only] if options.only else list(FILES)
    if options.worker:
        with tempfile.TemporaryDirectory() as folder:
            measure_as_jobs(kinds, folder, options)
        return
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            started = time.perf_counter()
            path = make(kind, folder)
            made = time.perf_counter() - started
            size = path.stat().st_size / 1024 / 1024
            figures = in_child(kind, "--read", path)
            if figures is None:
                continue
            print(
                f"{FILES[kind][1]} ({size:.1f} MB, made in {made:.1f} s): read in "
                f"{figures['seconds']} s, peak {figures['reader_peak_mb']} MB in the reader, "
                f"{figures['child_peak_mb']} MB in its bounded child"
            )
            for line in figures["seen"]:
                print(f"    the admin sees: {line}")


if __name__ == "__main__":
    main()
