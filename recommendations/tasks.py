"""Background jobs of the web import (django-tasks): preview the uploaded files, apply them.

Each job claims its ImportJob (tipwatch/core/jobs.py), reports files read of the total (and the
pages of a report PDF) as it goes,
and ends it: PREVIEWED with the preview, REFUSED with the problems (nothing written), APPLIED
with its ImportRun, or FAILED with the reason. Applying is import_chapters itself: one
transaction, so a job cut off half way has written nothing. Each job runs under a time and a
memory limit (IMPORT_JOB_SECONDS, IMPORT_JOB_MEMORY_MB; tipwatch/core/joblimits.py): a job over
one is stopped and FAILED with the limit named, and the worker goes on to the next job.
"""

import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django_tasks import task

from recommendations.chapter_import import import_chapters, preview_chapters
from recommendations.import_preview import short
from tipwatch.core import jobs
from tipwatch.core.importlog import ImportFailed
from tipwatch.core.joblimits import JobLimitExceeded, JobLimits
from tipwatch.core.models import ImportJob, ImportRun

logger = logging.getLogger("tipwatch.core.jobs")
State = ImportJob.State


@contextmanager
def uploads_on_disk(job):
    """The job's files, written from the database into a private folder of this worker for the
    readers (which take paths), under their uploaded names; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"tipwatch-job-{job.pk}-") as folder:
        paths = []
        for upload in job.files.order_by("id").iterator(chunk_size=1):
            path = Path(folder) / upload.name
            if upload.stored_as and not upload.content:  # uploaded before files were kept here
                path = Path(settings.IMPORT_UPLOAD_ROOT) / upload.stored_as
            else:
                path.write_bytes(upload.content)
            paths.append(path)
        yield paths


def _labels(paths):
    """Messages name an uploaded file by its own name, never by where the server keeps it."""
    return {path: path.name for path in paths}


def _progress(job):
    def progress(paths):
        for done, path in enumerate(paths):
            yield path
            jobs.progress(job, done + 1)

    return progress


# A page of a report PDF reads in milliseconds: record every few pages, and the last.
PAGES_PER_PROGRESS = 10


def _on_page(job):
    def on_page(done, total):
        if done == total or done % PAGES_PER_PROGRESS == 0:
            jobs.page_progress(job, done, total)

    return on_page


@task()
def preview_import(job_id):
    def work(job, paths):
        plan = preview_chapters(
            paths,
            year=job.year,
            progress=_progress(job),
            on_page=_on_page(job),
            labels=_labels(paths),
        )
        return {"preview": plan.as_data()}

    _run_job(job_id, waiting=State.QUEUED, running=State.READING, done=State.PREVIEWED, work=work)


@task()
def apply_import(job_id):
    def work(job, paths):
        # The job ends APPLIED in the import's own transaction: its word is always true.
        import_chapters(
            paths,
            year=job.year,
            user=job.decided_by,
            invoked_as=_invoked_as(job),
            progress=_progress(job),
            on_page=_on_page(job),
            expected=job.preview,
            choices=job.choices,
            overwrite=job.choices.get("overwrite", False),
            labels=_labels(paths),
            then=lambda run: jobs.finish(job, state=State.APPLIED, import_run=run),
        )
        return None

    _run_job(
        job_id, waiting=State.APPLY_QUEUED, running=State.APPLYING, done=State.APPLIED, work=work
    )


def _run_job(job_id, *, waiting, running, done, work):
    """Claim the job, run work(job, paths) (the fields of the done job, or None when work
    ended the job itself) under the job's limits, and end the job: done, REFUSED with the
    problems, or FAILED with the reason (a limit named); with its import run, if any."""
    job = jobs.start(job_id, expected=waiting, state=running)
    if job is None:
        return  # discarded, or taken by another worker
    try:
        with uploads_on_disk(job) as paths, _limits():
            state, fields = done, work(job, paths)
        if fields is None:
            return
    except ImportFailed as failure:
        state, fields = State.REFUSED, _failure_fields(failure)
    except JobLimitExceeded as exceeded:
        logger.warning("import job %s stopped: %s", job.pk, exceeded)
        state, fields = State.FAILED, {"reason": _over_the_limit(exceeded)}
        _drop_connection()
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        state, fields = State.FAILED, {"reason": f"{type(error).__name__}: {error}"}
    if not ImportJob.objects.filter(pk=job.pk, state=running).exists():
        # The work ended the job (an apply commits with its end) before it failed or was
        # stopped: that end stands, it is the truth.
        logger.warning("import job %s had already ended; its end stands", job.pk)
        return
    run = ImportRun.objects.filter(invoked_as=_invoked_as(job)).order_by("-id").first()
    jobs.finish(job, state=state, import_run=run, **fields)


def _drop_connection():
    """A job stopped by its limit may have been stopped in the middle of a query: the query is
    cancelled on the server (PostgreSQL) and the connection, busy with it, dropped; the next
    query opens another. Nothing of the job's is left to roll back. (Inside a transaction, a
    test's, the connection is kept: the transaction's rollback took care of it.)"""
    if connection.in_atomic_block:
        return
    cancel = getattr(connection.connection, "cancel_safe", None)
    if cancel is not None:
        try:
            cancel()
        except Exception:  # noqa: BLE001 - the connection is dropped anyway
            logger.warning("could not cancel the stopped job's query", exc_info=True)
    connection.close()


def _limits():
    return JobLimits(
        seconds=settings.IMPORT_JOB_SECONDS, memory=settings.IMPORT_JOB_MEMORY_MB * 2**20
    )


def _over_the_limit(exceeded):
    if exceeded.what == "time":
        stopped = (
            f"The import stopped after {settings.IMPORT_JOB_SECONDS} s, the time limit of one "
            "import job (IMPORT_JOB_SECONDS)"
        )
    else:
        stopped = (
            f"The import stopped when it needed more than {settings.IMPORT_JOB_MEMORY_MB} MB, "
            "the memory limit of one import job (IMPORT_JOB_MEMORY_MB)"
        )
    return (
        f"{stopped}; nothing was written. Upload fewer or smaller files at a time, or check "
        "that the files are the report's own (a damaged or hostile file can cost this much)."
    )


def _invoked_as(job):
    return f"web import, job {job.pk}"


def _failure_fields(failure):
    return {
        "problems": [short(problem) for problem in failure.problems],
        "preview": {"chapters": [], "warnings": [short(warning) for warning in failure.warnings]},
    }
