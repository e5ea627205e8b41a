"""Periodic work, run by the background workers (`manage.py run_worker`): no cron needed.

Every TICK each worker also marks failed the import jobs whose worker stopped (tipwatch/core/
jobs.py), so a job left by a worker on another host ends within IMPORT_JOB_STALE_MINUTES while
other workers run, not only when one starts.

Each entry names a management command and how often it runs. Every worker checks the list
every TICK and queues the commands that are due as django-tasks jobs; the check is one
conditional UPDATE per entry (PeriodicRun), so with workers on several hosts each run is
queued once. A command not installed (yet) is skipped. Add an entry to schedule more.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command, get_commands
from django.db import IntegrityError, close_old_connections, connection
from django.utils import timezone
from django_tasks import task

from tipwatch.core import jobs
from tipwatch.core.models import PeriodicRun

logger = logging.getLogger("tipwatch.core.schedule")
TICK = timedelta(seconds=30)


@dataclass(frozen=True)
class Periodic:
    command: str
    every: timedelta


SCHEDULE = [
    # The e-mail digests (recommendations/digests.py). Hourly: each run sends only the digests
    # whose day or week has ended, once each, so a daily digest leaves within the hour.
    Periodic("send_digests", timedelta(hours=1)),
    # The used form tokens and API idempotency keys past their time (tipwatch/submissions.py).
    Periodic("prune_submissions", timedelta(days=1)),
]


@task()
def run_command(name):
    call_command(name)


def enqueue_due(*, schedule=SCHEDULE, now=None):
    """Queue every installed command of the schedule that is due; return their names."""
    now = now or timezone.now()
    installed = get_commands()
    queued = []
    for entry in schedule:
        if entry.command not in installed:
            continue
        try:
            PeriodicRun.objects.get_or_create(
                name=entry.command, defaults={"last_enqueued_at": now - entry.every}
            )
        except IntegrityError:
            pass  # another worker made the row at the same moment
        won = PeriodicRun.objects.filter(
            name=entry.command, last_enqueued_at__lte=now - entry.every
        ).update(last_enqueued_at=now)
        if won:
            run_command.enqueue(entry.command)
            queued.append(entry.command)
    return queued


def tick():
    """What every worker does every TICK: end the jobs stopped workers left, queue what is due."""
    failed = jobs.fail_stopped_jobs()
    if failed:
        logger.warning("%s import job(s) a stopped worker left are marked failed", failed)
    for name in enqueue_due():
        logger.info("queued the periodic command %s", name)


class Scheduler(threading.Thread):
    """Calls tick() every TICK beside the worker, until stop()."""

    def __init__(self):
        super().__init__(name="tipwatch-schedule", daemon=True)
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            close_old_connections()
            try:
                tick()
            # Any failure, not only the database's: a job at its memory limit makes this
            # thread's allocations fail too (tipwatch/core/joblimits.py), and a thread that
            # ended here would queue no digest again.
            except Exception:  # noqa: BLE001
                logger.exception("could not check the schedule; trying again later")
            self.stopped.wait(TICK.total_seconds())
        connection.close()

    def stop(self):
        self.stopped.set()
