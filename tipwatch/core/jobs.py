"""The life of an ImportJob: which worker runs it, its progress, how it ends.

Jobs run on django-tasks workers (`manage.py run_worker`), any number on any host. A worker
that stops in the middle of a job (restart, crash, kill) leaves it READING or APPLYING; since
applying is one transaction, the database already rolled that work back, so such a job is only
marked FAILED with the reason, by the next worker to start on the same host (its process is
gone) or, from any host, when it has shown no progress for IMPORT_JOB_STALE_MINUTES.
"""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tipwatch.core.models import ImportJob

WORKER_STOPPED = "worker stopped before the job ended; nothing was written"


def this_worker():
    return f"{socket.gethostname()}:{os.getpid()}"


def start(job_id, *, expected, state):
    """Claim a queued job for this worker; None when it is no longer in the expected state
    (discarded, or already taken)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id, state=expected).first()
        if job is None:
            return None
        job.state, job.worker, job.done = state, this_worker(), 0
        job.updated_at = timezone.now()
        job.save(update_fields=["state", "worker", "done", "updated_at"])
    return job


def progress(job, done):
    """Record that `done` of job.total steps are done (also the job's sign of life)."""
    job.done, job.updated_at = done, timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(done=done, updated_at=job.updated_at)


def page_progress(job, done, total):
    """Record that `done` of the `total` pages of the file being read are read."""
    job.page_done, job.page_total, job.updated_at = done, total, timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        page_done=done, page_total=total, updated_at=job.updated_at
    )


def finish(job, *, state, **fields):
    """End the job in `state`, saving the given fields with it."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.state, job.updated_at = state, timezone.now()
    job.save(update_fields=["state", "updated_at", *fields])


def fail_stopped_jobs(*, now=None):
    """Mark FAILED the jobs whose worker stopped: those of this host whose process is gone, and
    those with no progress for IMPORT_JOB_STALE_MINUTES. Returns how many."""
    now = now or timezone.now()
    host = socket.gethostname()
    stale_before = now - timedelta(minutes=settings.IMPORT_JOB_STALE_MINUTES)
    stopped = []
    for job in ImportJob.objects.running().only("pk", "worker", "updated_at"):
        worker_host, _, pid = job.worker.rpartition(":")
        gone = worker_host == host and not _process_alive(pid)
        if gone or job.updated_at < stale_before:
            stopped.append(job.pk)
    return (
        ImportJob.objects.running()
        .filter(pk__in=stopped)
        .update(state=ImportJob.State.FAILED, reason=WORKER_STOPPED, updated_at=now)
    )


def _process_alive(pid):
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process of that number: not ours to judge
    return True
