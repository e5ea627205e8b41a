"""What every import shares: problems as FILE:LINE, reading a text file, the ImportRun record.

A run is all or nothing: every file is read and checked first, and any problem stops the run
before anything is written, with every problem reported as FILE:LINE: what is wrong. Each run,
good or bad, leaves an ImportRun row, written outside the transaction that a failure rolls back.
The imports themselves live with their data: countries/tier_import.py (tier tables) and
recommendations/chapter_import.py (report chapters).
"""

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from tipwatch.core import limits
from tipwatch.core.joblimits import JobLimitExceeded
from tipwatch.core.models import ImportRun


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self):
        return f"{self.file}:{self.line}: {self.message}"

    def as_warning(self):
        return f"{self.file}:{self.line}: warning: {self.message}"


class ImportFailed(Exception):
    """The run was refused; nothing was written. Carries every problem found."""

    def __init__(self, problems, warnings=()):
        self.problems = list(problems)
        self.warnings = list(warnings)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class ImportOutcome:
    counts: Counter = field(default_factory=Counter)  # (kind, what happened) -> rows
    warnings: list = field(default_factory=list)
    carried_over: int = 0  # recommendations carried over from an earlier year
    decisions: list = field(default_factory=list)  # what an admin chose, said
    imported: list = field(default_factory=list)  # what was imported, named ("Norway 2023")

    def total(self, what):
        return sum(n for (_, happened), n in self.counts.items() if happened == what)


def read_text(path):
    """(text, None) for a readable UTF-8 text file within the size limit, else (None, Problem).

    The size is checked before the file is read, so a huge file costs no memory."""
    label = str(path)
    try:
        size = Path(path).stat().st_size
        if size > limits.MAX_IMPORT_FILE_BYTES:
            limit = limits.MAX_IMPORT_FILE_BYTES
            return None, Problem(
                label,
                1,
                f"the file is {size:,} bytes; the limit is {limit:,} bytes "
                f"({limits.megabytes(limit)})",
            )
        data = Path(path).read_bytes()
    except OSError as error:
        return None, Problem(label, 1, f"cannot read the file ({error.strerror})")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, Problem(label, line, "a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(
            label, line, f"not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"
        )
    if not text.strip():
        return None, Problem(label, 1, "the file is empty")
    return text, None


def recorded_run(*, command, paths, user=None, invoked_as="", work, then=None):
    """Run work() and keep an ImportRun of it, whether it succeeds or not.

    A success is logged in the same transaction as what work() wrote, and then(run) runs in it
    too (e.g. a web import's job records its end): the log and the data commit together or not
    at all, so a worker stopped at any point never leaves data without its log entry. A failure
    is logged after its transaction rolled back.
    """
    run = ImportRun(
        command=command,
        run_by=user,
        invoked_as=invoked_as,
        files=[os.path.basename(str(path)) for path in paths],
    )
    try:
        with transaction.atomic():
            outcome = work()
            run.created = outcome.total("created")
            run.updated = outcome.total("updated")
            run.unchanged = outcome.total("unchanged")
            run.warnings = [str(warning) for warning in outcome.warnings]
            run.decisions = list(outcome.decisions)
            _finish(run, succeeded=True)
            if then is not None:
                then(run)
    except ImportFailed as failure:
        _log_failure(run, [str(problem) for problem in failure.problems])
        run.warnings = [str(warning) for warning in failure.warnings]
        _finish(run, succeeded=False)
        raise
    except (Exception, JobLimitExceeded) as error:  # the job's limit is no Exception
        _log_failure(run, [f"{type(error).__name__}: {error}"])
        _finish(run, succeeded=False)
        raise
    return outcome


def _log_failure(run, errors):
    """The run as a failure, not the success its rolled-back save described."""
    run.pk, run.errors = None, errors
    run.created = run.updated = run.unchanged = 0
    run.warnings, run.decisions = [], []


def _finish(run, *, succeeded):
    run.succeeded = succeeded
    run.finished_at = timezone.now()
    run.save()
