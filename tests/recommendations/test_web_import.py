"""Importing chapters from the web: upload, preview (writes nothing), apply (writes exactly what
import_report writes), discard, bad files, and jobs cut off by a stopped worker.

Jobs run at once inside the request (ImmediateBackend, tests/conftest.py); one test runs them
through the database backend and a real worker.
"""

import hashlib
from io import StringIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from recommendations.import_preview import preview_text
from recommendations.models import Recommendation
from tests.recommendations.chapter_files import SEED
from tests.recommendations.web_importing import UPLOAD, preview, snapshot
from tipwatch.core import jobs
from tipwatch.core.models import ImportJob, ImportRun, UploadedFile

pytestmark = pytest.mark.django_db

NEW_ASK = "Eliminate recruitment fees charged to migrant workers in the fishing industry."


def chapter_2024():
    """Norway 2024 against the seed's 2023: asks 1 and 2 kept word for word, ask 4 reworded,
    one new ask, the seven others gone; Tier 2 Watch List (a downgrade from Tier 2)."""
    asks = list(
        Recommendation.objects.filter(year=2023).order_by("position").values_list("text", flat=True)
    )
    reworded = asks[3].replace("Screen all foreign nationals", "Screen every foreign national")
    kept = [asks[0], asks[1], reworded, NEW_ASK]
    text = (
        "NORWAY (Tier 2 Watch List) Extracted in part from the U.S. State Dept 2024 TIP Report\n\n"
        "The Government of Norway does not fully meet the minimum standards. Written for the "
        "tests.\n\nPrioritized Recommendations\n\n" + "\n\n".join(kept) + "\n"
    )
    return text.encode()


def upload_file(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def seeded():
    call_command("import_report", str(SEED), quiet=True, stdout=StringIO())


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def test_preview_shows_the_changes_against_the_year_before_and_writes_nothing(admin, seeded):
    before, runs = snapshot(), ImportRun.objects.count()
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    assert job.state == ImportJob.State.PREVIEWED
    assert (job.done, job.total) == (1, 1)
    [chapter] = job.preview["chapters"]
    # Against the same year on record (none for 2024): every row is new, nothing overwritten.
    assert chapter["counts"] == {"new": 4, "unchanged": 0, "reworded": 0, "no_longer": 0}
    assert chapter["rating"]["state"] == "new" and job.preview["overwrites"] == []
    # Against the previous report year, as carried_over_from matches them.
    assert chapter["earlier"]["year"] == 2023
    assert chapter["earlier"]["counts"] == {
        "repeated": 2,
        "repeated_reworded": 1,
        "first_asked": 1,
        "not_repeated": 7,
    }
    assert (chapter["tier"], chapter["movement"]) == ("Tier 2 Watch List", "Downgrade")
    assert (chapter["previous_tier"], chapter["previous_tier_year"]) == ("Tier 2", 2023)
    assert [item["earlier"] for item in chapter["recommendations"]] == [
        "repeated",
        "repeated",
        "repeated reworded",
        "first asked",
    ]
    assert chapter["recommendations"][2]["repeats"] == 4
    assert chapter["recommendations"][3]["pillar"] == "Prevention"
    assert snapshot() == before
    assert ImportRun.objects.count() == runs  # a preview is not an import run

    page = admin.get(reverse("import_job", args=[job.pk]))
    html = page.content.decode()
    assert "Norway 2024" in html
    assert "Downgrade (from Tier 2 in 2023)" in html
    assert "<td>4</td><td>0</td><td>0</td><td>0</td>" in html
    assert (
        "Recommendations against 2023: 2 repeated, 1 repeated reworded, 1 first asked, 7 not "
        "repeated." in html
    )
    assert NEW_ASK in html
    assert "Apply this import" in html
    assert 'http-equiv="refresh"' not in html  # the job ended: no more refreshing


def test_dry_run_prints_the_same_preview(admin, seeded, tmp_path, monkeypatch):
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "NOR_2024.txt").write_bytes(chapter_2024())
    before = snapshot()
    out = StringIO()
    call_command("import_report", "NOR_2024.txt", dry_run=True, stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == preview_text(job.preview).strip()
    assert (
        "recommendations against 2023: 2 repeated, 1 repeated reworded, 1 first asked, 7 not "
        "repeated" in out.getvalue()
    )
    assert "recommendations against 2024 on record: 4 new" in out.getvalue()
    assert snapshot() == before


def test_apply_writes_exactly_what_the_command_writes(admin, admin_user, seeded, tmp_path):
    path = tmp_path / "NOR_2024.txt"
    path.write_bytes(chapter_2024())
    with transaction.atomic():
        call_command("import_report", str(path), quiet=True, stdout=StringIO())
        by_command = snapshot()
        transaction.set_rollback(True)
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    response = admin.post(reverse("import_apply", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED
    assert snapshot() == by_command
    assert job.import_run.succeeded and job.import_run.run_by == admin_user
    assert job.import_run.files == ["NOR_2024.txt"]
    page = admin.get(reverse("countries:detail", args=["norway"])).content.decode()
    assert "2024" in page and NEW_ASK in page


def test_discard_writes_nothing_and_the_job_cannot_be_applied_after(admin, seeded):
    before = snapshot()
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    admin.post(reverse("import_discard", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DISCARDED
    response = admin.post(reverse("import_apply", args=[job.pk]), follow=True)
    assert "not waiting for a decision (discarded" in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DISCARDED
    assert snapshot() == before
    assert UploadedFile.objects.filter(job=job).count() == 1  # kept for audit


def test_apply_is_refused_when_the_data_changed_since_the_preview(admin, seeded):
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    Recommendation.objects.filter(year=2023, position=1).update(text="Something else entirely.")
    before = snapshot()
    admin.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED
    assert "changed since the preview" in job.problems[0]
    assert snapshot() == before


def test_uploads_are_kept_in_the_database_with_their_hash_and_listed(admin, settings, seeded):
    content = chapter_2024()
    job = preview(admin, upload_file("../../NOR 2024.txt", content))
    [kept] = job.files.all()
    assert kept.name == "NOR_2024.txt"  # no folder, no space
    assert kept.sha256 == hashlib.sha256(content).hexdigest()
    assert kept.size == len(content)
    assert bytes(kept.content) == content
    html = admin.get(reverse("imports")).content.decode()
    assert "NOR_2024.txt" in html and kept.sha256[:12] in html


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("report.docx", b"PK\x03\x04 not ours", "report.docx: not a report file"),
        ("huge.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1), "the limit is 1 MB"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(
    admin, settings, seeded, name, content, message
):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    before = snapshot()
    response = admin.post(UPLOAD, {"files": [upload_file(name, content)]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0 and UploadedFile.objects.count() == 0
    assert not settings.IMPORT_UPLOAD_ROOT.exists() or not any(
        settings.IMPORT_UPLOAD_ROOT.iterdir()
    )
    assert snapshot() == before


def test_no_file_at_all_is_a_clear_message(admin):
    response = admin.post(UPLOAD, {"year": ""})
    assert response.status_code == 400
    assert "Choose at least one file." in response.content.decode()


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(admin, seeded):
    before = snapshot()
    job = preview(admin, upload_file("notes.txt", b"Just some notes, no chapter here.\n"))
    assert job.state == ImportJob.State.REFUSED
    assert job.problems and job.problems[0].startswith("notes.txt:")
    html = admin.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "What could not be read" in html and "notes.txt:" in html
    assert "Apply this import" not in html
    assert snapshot() == before


def test_an_apply_that_breaks_half_way_writes_nothing_and_says_why(admin, seeded):
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    before = snapshot()
    with mock.patch(
        "recommendations.services.chapter_import.refresh_derived_facts",
        side_effect=RuntimeError("disk full"),
    ):
        admin.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.reason == "RuntimeError: disk full"
    assert snapshot() == before
    assert job.import_run is not None and not job.import_run.succeeded


def test_the_job_page_refreshes_and_shows_progress_while_it_waits(admin, admin_user):
    job = ImportJob.objects.create(created_by=admin_user, state=ImportJob.State.READING, total=3)
    job.done = 1
    job.save()
    html = admin.get(reverse("import_job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in html
    assert "Files read: 1 of 3" in html


def test_pages_cost_a_fixed_number_of_queries(admin, seeded, django_assert_num_queries):
    for n in range(3):
        preview(admin, upload_file(f"NOR_{n}.txt", chapter_2024()))
    job = ImportJob.objects.first()
    admin.get(reverse("imports"))  # warm the session
    # session; user with the cache versions; import runs count; runs page; jobs with their
    # users and runs; their files (permissions cached on the versions after the warm-up).
    with django_assert_num_queries(6):
        admin.get(reverse("imports"))
    # session; user with the cache versions (permissions cached on them); the job with its
    # users and run; its files.
    with django_assert_num_queries(4):
        admin.get(reverse("import_job", args=[job.pk]))


def test_analysts_and_managers_cannot_upload(client, personas):
    for role in ("Analyst", "Manager"):
        client.force_login(personas[role])
        response = client.post(UPLOAD, {"files": [upload_file("NOR.txt", b"NORWAY: Tier 2")]})
        assert response.status_code == 403
    assert ImportJob.objects.count() == 0


def test_an_upload_too_large_is_refused_before_it_is_read(admin, settings):
    settings.IMPORT_MAX_UPLOAD_MB, settings.IMPORT_MAX_FILES = 1, 2
    content = b"x" * (2 * 1024 * 1024 + 1)
    response = admin.post(UPLOAD, {"files": [upload_file("big.txt", content)]})
    assert response.status_code == 413
    assert "at most 2 files of 1 MB each" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_admin_shows_jobs_and_their_files_read_only(admin, seeded, superuser):
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    admin.force_login(superuser)
    page = admin.get(reverse("admin:tipwatch_importjob_change", args=[job.pk]))
    assert page.status_code == 200
    assert job.files.get().sha256 in page.content.decode()


def test_the_data_its_log_entry_and_the_jobs_end_commit_together(admin, seeded):
    """A worker stopped between the import's commit and the job's end used to leave the data
    written, no log entry and a job saying nothing was written: now all three are one
    transaction, so a failure at the job's end writes nothing at all."""
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    before = snapshot()
    real_finish = jobs.finish

    def worker_stops_at_the_end(job, *, state, **fields):
        if state == ImportJob.State.APPLIED:
            raise RuntimeError("worker stopped")
        return real_finish(job, state=state, **fields)

    with mock.patch("recommendations.tasks.jobs.finish", worker_stops_at_the_end):
        admin.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert snapshot() == before
    assert not ImportRun.objects.filter(succeeded=True, invoked_as__contains=str(job.pk)).exists()
    assert job.state == ImportJob.State.FAILED and job.reason == "RuntimeError: worker stopped"
    assert job.import_run is not None and not job.import_run.succeeded


def test_an_upload_reaches_a_worker_on_another_host(admin, settings, seeded, tmp_path):
    """Two hosts with folders of their own: the upload is received on one and previewed and
    applied by workers that cannot see its disk (the file travels in the database)."""
    settings.IMPORT_UPLOAD_ROOT = tmp_path / "web-host"
    job = preview(admin, upload_file("NOR_2024.txt", chapter_2024()))
    assert job.state == ImportJob.State.PREVIEWED
    settings.IMPORT_UPLOAD_ROOT = tmp_path / "worker-host"
    admin.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED
    assert not (tmp_path / "web-host").exists() and not (tmp_path / "worker-host").exists()
