"""Background jobs: a job a stopped worker left is marked failed, the real database worker runs
a queued preview, and the schedule queues each periodic command once per interval."""

import datetime
import socket
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recommendations import web_import
from tests.factories import make_persona
from tests.migrated_data import restore_migrated_data
from tests.recommendations.chapter_files import SEED
from tipwatch.core import jobs, schedule
from tipwatch.core.models import ImportJob, PeriodicRun

pytestmark = pytest.mark.django_db

DEAD_PID = 4_000_000  # above Linux's pid_max: no process has it


def running_job(worker, minutes_ago=0):
    job = ImportJob.objects.create(state=ImportJob.State.APPLYING, worker=worker)
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return job


# The worker closes connections it finds inside a transaction: these tests commit (and restore
# the migrated rows the flush after a transactional test removes).
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_process_is_gone_is_marked_failed_at_worker_start(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    here = socket.gethostname()
    gone = running_job(f"{here}:{DEAD_PID}")
    alive = running_job(jobs.this_worker())  # this very process: still at work
    elsewhere = running_job("other-host:123")  # another host, recent progress: left alone
    stale = running_job("other-host:456", minutes_ago=31)
    call_command(
        "run_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO()
    )
    states = {
        job.pk: (job.state, job.reason)
        for job in ImportJob.objects.filter(pk__in=[gone.pk, alive.pk, elsewhere.pk, stale.pk])
    }
    assert states[gone.pk] == (ImportJob.State.FAILED, jobs.WORKER_STOPPED)
    assert states[stale.pk] == (ImportJob.State.FAILED, jobs.WORKER_STOPPED)
    assert states[alive.pk][0] == ImportJob.State.APPLYING
    assert states[elsewhere.pk][0] == ImportJob.State.APPLYING


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_preview(settings):
    restore_migrated_data()
    admin_user = make_persona("Admin")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload = SimpleUploadedFile("NOR_2023.txt", SEED.read_bytes())
    job = web_import.start_preview(files=[upload], year=None, user=admin_user)
    assert job.state == ImportJob.State.QUEUED  # nothing ran in the request
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command(
        "run_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO()
    )
    job.refresh_from_db()
    assert job.state == ImportJob.State.PREVIEWED
    assert job.preview["chapters"][0]["counts"]["new"] == 10
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_periodic_command_is_queued_once_per_interval(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    every_hour = [schedule.Periodic("check", datetime.timedelta(hours=1))]
    now = timezone.now()
    assert schedule.enqueue_due(schedule=every_hour, now=now) == ["check"]
    assert schedule.enqueue_due(schedule=every_hour, now=now) == []  # a second worker
    later = now + datetime.timedelta(minutes=59)
    assert schedule.enqueue_due(schedule=every_hour, now=later) == []
    assert schedule.enqueue_due(schedule=every_hour, now=now + datetime.timedelta(hours=1)) == [
        "check"
    ]
    assert DBTaskResult.objects.filter(task_path="tipwatch.core.schedule.run_command").count() == 2
    assert PeriodicRun.objects.get(name="check").last_enqueued_at == now + datetime.timedelta(
        hours=1
    )


def test_a_command_not_installed_is_not_scheduled():
    missing = [schedule.Periodic("no_such_command", datetime.timedelta(hours=1))]
    assert schedule.enqueue_due(schedule=missing) == []
    assert not PeriodicRun.objects.exists()


def test_every_tick_of_a_running_worker_ends_the_jobs_stopped_workers_left(settings):
    """A job whose worker (on another host) stopped used to stay "applying" until some worker
    started; each tick of every running worker now marks it failed once it is stale."""
    settings.IMPORT_JOB_STALE_MINUTES = 30
    stale = running_job("other-host:456", minutes_ago=31)
    recent = running_job("other-host:789", minutes_ago=5)
    schedule.tick()
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert (stale.state, stale.reason) == (ImportJob.State.FAILED, jobs.WORKER_STOPPED)
    assert recent.state == ImportJob.State.APPLYING
