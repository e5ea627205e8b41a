"""Importing report chapters from the web: upload, preview in the background, apply or discard.

The files are kept in the database with their job (tipwatch.UploadedFile, never served), so a
worker on any host reads them, whatever disk the upload reached.
The preview and the apply are jobs (recommendations/tasks.py) that call the very functions of
`import_report`: preview_chapters (its --dry-run) and import_chapters, which refuses to write
when the plan made at apply time differs from the preview the admin saw.
"""

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import get_valid_filename

from recommendations.tasks import apply_import, preview_import
from tipwatch.core.models import ImportJob, UploadedFile

ACCEPTED_SUFFIXES = (".pdf", ".html", ".htm", ".txt")
MAX_NAME_LENGTH = 100


def upload_problem(upload):
    """What is wrong with one uploaded file before reading it (type, size), or None."""
    name = upload.name or "the file"
    if Path(name).suffix.lower() not in ACCEPTED_SUFFIXES:
        return f"{name}: not a report file; upload PDF, HTML or text (.pdf, .html, .txt)"
    if upload.size == 0:
        return f"{name}: the file is empty"
    limit = settings.IMPORT_MAX_UPLOAD_MB
    if upload.size > limit * 1024 * 1024:
        return f"{name}: the file is {upload.size / 1024 / 1024:.1f} MB; the limit is {limit} MB"
    return None


def request_too_large(content_length):
    """The message for an upload request larger than the most files allowed could be, or None."""
    limit = settings.IMPORT_MAX_UPLOAD_MB * settings.IMPORT_MAX_FILES
    try:
        size = int(content_length or 0)
    except ValueError:
        return None  # Django refuses a malformed length itself
    if size > limit * 1024 * 1024:
        return (
            f"The upload is {size / 1024 / 1024:.0f} MB; at most {settings.IMPORT_MAX_FILES} "
            f"files of {settings.IMPORT_MAX_UPLOAD_MB} MB each can be imported at once."
        )
    return None


def stored_name(upload_name):
    name = get_valid_filename(os.path.basename(upload_name or "upload"))
    stem, suffix = os.path.splitext(name)
    return stem[: MAX_NAME_LENGTH - len(suffix)] + suffix.lower()


def start_preview(*, files, year, user):
    """Keep the uploaded files and queue their preview; returns the ImportJob.

    Raises ValidationError (nothing kept) for a bad file, too many files or twice one name.
    """
    problems = [problem for upload in files if (problem := upload_problem(upload))]
    if not files:
        problems.append("choose at least one file")
    if len(files) > settings.IMPORT_MAX_FILES:
        problems.append(f"at most {settings.IMPORT_MAX_FILES} files at once")
    names = [stored_name(upload.name) for upload in files]
    problems += [f"{name}: uploaded twice" for name in sorted(set(names)) if names.count(name) > 1]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        job = ImportJob.objects.create(created_by=user, year=year, total=len(files))
        for upload, name in zip(files, names, strict=True):
            _keep(upload, name, job, user)  # one at a time: one file in memory at once
    preview_import.enqueue(job.pk)
    return job


def _keep(upload, name, job, user):
    content = b"".join(upload.chunks())
    UploadedFile.objects.create(
        job=job,
        name=name,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        uploaded_by=user,
    )


def request_apply(*, job, user):
    """The admin applies a previewed job: queue the import. ValidationError unless previewed."""
    job = _decide(job, user, ImportJob.State.APPLY_QUEUED)
    apply_import.enqueue(job.pk)  # after the commit above: a worker must see the new state
    return job


@transaction.atomic
def discard(*, job, user):
    """The admin discards a previewed job: nothing is written; the files stay for audit."""
    return _decide(job, user, ImportJob.State.DISCARDED)


@transaction.atomic
def _decide(job, user, state):
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.state != ImportJob.State.PREVIEWED:
        raise ValidationError(
            f"This import is not waiting for a decision ({job.get_state_display().lower()})."
        )
    job.state, job.decided_by = state, user
    job.save(update_fields=["state", "decided_by"])
    return job
