"""Background jobs of the web import (django-tasks): preview the uploaded files, apply them.

Each job claims its ImportJob (tipwatch/jobs.py), reports files read of the total as it goes,
and ends it: PREVIEWED with the preview, REFUSED with the problems (nothing written), APPLIED
with its ImportRun, or FAILED with the reason. Applying is import_chapters itself: one
transaction, so a job cut off half way has written nothing.
"""

import logging
from pathlib import Path

from django.conf import settings
from django_tasks import task

from recommendations.import_preview import short
from recommendations.imports import import_chapters, preview_chapters
from tipwatch import jobs
from tipwatch.imports import ImportFailed
from tipwatch.models import ImportJob, ImportRun

logger = logging.getLogger("tipwatch.jobs")
State = ImportJob.State


def upload_paths(job):
    root = Path(settings.IMPORT_UPLOAD_ROOT)
    return [root / upload.stored_as for upload in job.files.all()]


def _progress(job):
    def progress(paths):
        for done, path in enumerate(paths):
            yield path
            jobs.progress(job, done + 1)

    return progress


@task()
def preview_import(job_id):
    job = jobs.start(job_id, expected=State.QUEUED, state=State.READING, total=0)
    if job is None:
        return
    paths = upload_paths(job)
    job.total = len(paths)
    try:
        plan = preview_chapters(paths, year=job.year, progress=_progress(job))
    except ImportFailed as failure:
        jobs.finish(job, state=State.REFUSED, **_failure_fields(failure), total=len(paths))
        return
    except Exception as error:
        logger.exception("import job %s: the preview failed", job.pk)
        jobs.finish(job, state=State.FAILED, reason=f"{type(error).__name__}: {error}")
        return
    jobs.finish(job, state=State.PREVIEWED, preview=plan.as_data(), total=len(paths))


@task()
def apply_import(job_id):
    job = jobs.start(job_id, expected=State.APPLY_QUEUED, state=State.APPLYING, total=0)
    if job is None:
        return
    paths = upload_paths(job)
    job.total = len(paths)
    invoked_as = f"web import, job {job.pk}"
    try:
        import_chapters(
            paths,
            year=job.year,
            user=job.decided_by,
            invoked_as=invoked_as,
            progress=_progress(job),
            expected=job.preview,
        )
    except ImportFailed as failure:
        jobs.finish(
            job, state=State.REFUSED, import_run=_run(invoked_as), **_failure_fields(failure)
        )
        return
    except Exception as error:
        logger.exception("import job %s: the apply failed", job.pk)
        jobs.finish(
            job,
            state=State.FAILED,
            import_run=_run(invoked_as),
            reason=f"{type(error).__name__}: {error}",
        )
        return
    jobs.finish(job, state=State.APPLIED, import_run=_run(invoked_as), total=len(paths))


def _failure_fields(failure):
    return {
        "problems": [short(problem) for problem in failure.problems],
        "preview": {"chapters": [], "warnings": [short(warning) for warning in failure.warnings]},
    }


def _run(invoked_as):
    return ImportRun.objects.filter(invoked_as=invoked_as).order_by("-id").first()
