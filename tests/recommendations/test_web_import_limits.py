"""Each import job runs under a time and a memory limit (IMPORT_JOB_SECONDS, IMPORT_JOB_MEMORY_MB):
a job over one ends FAILED with the limit named and nothing written, the worker goes on to the
next job, and the worker process's alarm, SIGALRM handler and RLIMIT_AS are as before.

Jobs run at once inside the request (ImmediateBackend, tests/conftest.py), on the main thread
as in the real worker; one test runs them through the database backend and a real worker.
"""

import resource
import signal
import time
from io import StringIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from recommendations import tasks, web_import
from tests.factories import make_persona
from tests.migrated_data import restore_migrated_data
from tests.recommendations.chapter_files import SEED
from tests.recommendations.web_importing import preview, snapshot
from tipwatch.core.joblimits import JobLimitExceeded
from tipwatch.core.models import ImportJob, ImportRun

report_files = pytest.importorskip("tests.report_files", reason="the report readers")

pytestmark = pytest.mark.django_db

FAILED = ImportJob.State.FAILED
real_preview = tasks.preview_chapters


def process_limits():
    return (
        signal.getsignal(signal.SIGALRM),
        signal.getitimer(signal.ITIMER_REAL),
        resource.getrlimit(resource.RLIMIT_AS),
    )


def slow_for(name, stall=lambda: time.sleep(60)):
    """preview_chapters, that takes all the time in the world (stall()) for files called `name`."""

    def preview_chapters(paths, **options):
        if any(path.name == name for path in paths):
            stall()
        return real_preview(paths, **options)

    return preview_chapters


def norway_2024(name="NOR_2024.txt"):
    text = SEED.read_text().replace("2023", "2024")
    return SimpleUploadedFile(name, text.encode())


@pytest.fixture
def seeded():  # the seed chapter, Norway 2023
    call_command("import_report", str(SEED), quiet=True, stdout=StringIO())


def test_a_preview_over_its_time_fails_with_the_limit_named(admin_role_client, settings):
    settings.IMPORT_JOB_SECONDS = 0.5
    before = process_limits()
    with mock.patch.object(tasks, "preview_chapters", slow_for("NOR_2024.txt")):
        job = preview(admin_role_client, norway_2024())
    assert job.state == FAILED
    assert job.reason.startswith(
        "The import stopped after 0.5 s, the time limit of one import job (IMPORT_JOB_SECONDS); "
        "nothing was written."
    )
    page = admin_role_client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "The job failed: The import stopped after 0.5 s" in page
    assert process_limits() == before


def test_an_apply_over_its_memory_fails_and_writes_nothing(admin_role_client, settings, seeded):
    settings.IMPORT_JOB_MEMORY_MB = 64
    job = preview(admin_role_client, norway_2024())
    assert job.state == ImportJob.State.PREVIEWED
    before, limits_before = snapshot(), process_limits()

    def greedy(*args, **kwargs):  # in the apply's transaction, after its rows are written
        return bytearray(1024 * 2**20)

    with mock.patch(
        "recommendations.services.chapter_import.refresh_derived_facts", side_effect=greedy
    ):
        admin_role_client.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == FAILED
    assert job.reason.startswith(
        "The import stopped when it needed more than 64 MB, the memory limit of one import job "
        "(IMPORT_JOB_MEMORY_MB); nothing was written."
    )
    assert snapshot() == before
    assert job.import_run is not None and not job.import_run.succeeded
    assert process_limits() == limits_before


def test_an_apply_over_its_time_writes_nothing_and_is_in_the_import_log(
    admin_role_client, settings, seeded
):
    settings.IMPORT_JOB_SECONDS = 0.5
    job = preview(admin_role_client, norway_2024())
    before = snapshot()
    with mock.patch(
        "recommendations.services.chapter_import.refresh_derived_facts",
        side_effect=lambda *args, **kwargs: time.sleep(60),
    ):
        admin_role_client.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == FAILED and "(IMPORT_JOB_SECONDS)" in job.reason
    assert snapshot() == before
    assert job.import_run is not None and not job.import_run.succeeded
    assert job.import_run.errors == ["JobLimitExceeded: the job went over its time limit (0.5)"]


def test_a_job_stopped_after_its_apply_committed_says_applied(admin_role_client, seeded):
    """The limit may strike once the apply has committed with its end (its clean-up, after-
    commit hooks): the job must not then say it failed and wrote nothing."""
    job = preview(admin_role_client, norway_2024())
    real_import = tasks.import_chapters

    def stopped_after_commit(*args, **kwargs):
        real_import(*args, **kwargs)
        raise JobLimitExceeded("time", 600)

    with mock.patch.object(tasks, "import_chapters", stopped_after_commit):
        admin_role_client.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED and job.reason == ""
    assert job.import_run.succeeded
    assert ImportRun.objects.filter(invoked_as__contains=str(job.pk)).count() == 1


def test_a_report_pdf_is_read_inside_the_jobs_memory_limit(admin_role_client, settings):
    """The PDF is read in a child that sets its own ceiling above the job's lowered one."""
    settings.IMPORT_JOB_MEMORY_MB = 64
    outside = resource.getrlimit(resource.RLIMIT_AS)
    content = report_files.report_pdf(
        [report_files.named(report_files.sample_chapter(0), "NORWAY")], year=2023
    )
    during = []
    real_on_page = tasks._on_page

    def on_page(job):
        record = real_on_page(job)

        def recording(done, total):
            during.append(resource.getrlimit(resource.RLIMIT_AS))
            record(done, total)

        return recording

    with mock.patch.object(tasks, "_on_page", on_page):
        job = preview(admin_role_client, SimpleUploadedFile("tip-2023.pdf", content))
    assert job.state == ImportJob.State.PREVIEWED, (job.problems, job.reason)
    assert during and all(limit[0] != outside[0] for limit in during)  # read under the limit


def through_the_worker(settings, stall):
    """A preview whose reading stalls (stall()) and one queued behind it, run by a real worker
    under a time limit of 1 s: both jobs as they ended."""
    restore_migrated_data()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_JOB_SECONDS = 1
    user = make_persona("Admin")
    stuck = web_import.start_preview(files=[norway_2024("slow.txt")], year=None, user=user)
    after = web_import.start_preview(files=[norway_2024()], year=None, user=user)
    with mock.patch.object(tasks, "preview_chapters", slow_for("slow.txt", stall)):
        call_command(
            "run_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO()
        )
    return ImportJob.objects.get(pk=stuck.pk), ImportJob.objects.get(pk=after.pk)


# The worker closes connections it finds inside a transaction: these tests commit (and restore
# the migrated rows the flush after a transactional test removes).
@pytest.mark.django_db(transaction=True)
def test_the_worker_stops_a_job_over_its_limit_and_runs_the_next(settings):
    before = process_limits()
    stuck, after = through_the_worker(settings, lambda: time.sleep(60))
    assert stuck.state == FAILED and "(IMPORT_JOB_SECONDS)" in stuck.reason
    assert after.state == ImportJob.State.PREVIEWED
    assert process_limits() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's queries run to the end")
@pytest.mark.django_db(transaction=True)
def test_a_job_stopped_in_the_middle_of_a_query_ends_and_the_next_runs(settings):
    """Stopped while PostgreSQL still ran its query, the job's connection was left busy: the
    job could not be ended, and stayed "reading" until it went stale."""

    def slow_query():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(30)")

    stuck, after = through_the_worker(settings, slow_query)
    assert stuck.state == FAILED and "(IMPORT_JOB_SECONDS)" in stuck.reason
    assert after.state == ImportJob.State.PREVIEWED
