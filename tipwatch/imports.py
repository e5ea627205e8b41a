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

from django.utils import timezone

from tipwatch import limits
from tipwatch.models import ImportRun


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
    links: int = 0
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


def recorded_run(*, command, paths, user=None, invoked_as="", work):
    """Run work() and keep an ImportRun of it, whether it succeeds or not."""
    run = ImportRun(
        command=command,
        run_by=user,
        invoked_as=invoked_as,
        files=[os.path.basename(str(path)) for path in paths],
    )
    try:
        outcome = work()
    except ImportFailed as failure:
        run.errors = [str(problem) for problem in failure.problems]
        run.warnings = [str(warning) for warning in failure.warnings]
        _finish(run, succeeded=False)
        raise
    except Exception as error:
        run.errors = [f"{type(error).__name__}: {error}"]
        _finish(run, succeeded=False)
        raise
    run.created = outcome.total("created")
    run.updated = outcome.total("updated")
    run.unchanged = outcome.total("unchanged")
    run.warnings = [str(warning) for warning in outcome.warnings]
    run.decisions = list(outcome.decisions)
    _finish(run, succeeded=True)
    return outcome


def _finish(run, *, succeeded):
    run.succeeded = succeeded
    run.finished_at = timezone.now()
    run.save()
