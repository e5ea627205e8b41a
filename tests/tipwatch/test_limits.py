"""Input limits (tipwatch/core/limits.py): import files and chapters refused before any work with
FILE:LINE, status notes bounded in form, model, database and service alike."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from recommendations.models import StatusChange
from recommendations.services import record_status
from tests.factories import form_token, make_recommendation
from tipwatch.core import limits

pytestmark = pytest.mark.django_db


def failing(command, *paths):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(command, *map(str, paths), stdout=StringIO(), stderr=err, quiet=True)
    return err.getvalue().splitlines()


@pytest.mark.parametrize("command", ["import_report", "import_tiers"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch, command):
    monkeypatch.setattr(limits, "MAX_IMPORT_FILE_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("x" * 1001)
    monkeypatch.setattr(
        "pathlib.Path.read_bytes", lambda self: pytest.fail("read before the size check")
    )
    assert failing("import_tiers", path) == [
        f"{path}:1: the file is 1,001 bytes; the limit is 1,000 bytes (0.0 MB)"
    ]


LONG = "n" * (limits.MAX_NOTE_LENGTH + 1)


def test_the_service_refuses_a_note_over_the_limit():
    rec = make_recommendation(year=2023)
    with pytest.raises(ValidationError) as refused:
        record_status(
            recommendation=rec, status="in_progress", as_of=datetime.date(2023, 7, 1), note=LONG
        )
    assert "at most 5,000 characters" in str(refused.value.message_dict["note"])
    with pytest.raises(ValidationError) as refused:
        record_status(
            recommendation=rec,
            status="in_progress",
            as_of=datetime.date(2023, 7, 1),
            note="ok",
            evidence_url="https://example.org/" + "a" * limits.MAX_URL_LENGTH,
        )
    assert "evidence_url" in refused.value.message_dict
    assert not StatusChange.objects.exists()


def test_the_form_refuses_a_note_over_the_limit(admin_role_client):
    rec = make_recommendation(year=2023)
    url = reverse("recommendations:record_status", args=[rec.pk])
    response = admin_role_client.post(
        url,
        {
            "status": "in_progress",
            "as_of": "2023-07-01",
            "note": LONG,
            "version": "0",
            "submission": form_token(),
        },
    )
    assert response.status_code in (200, 400)
    assert "at most 5000 characters" in response.content.decode().replace(",", "")
    assert not StatusChange.objects.exists()
    page = admin_role_client.get(rec.get_absolute_url()).content.decode()
    assert f'maxlength="{limits.MAX_NOTE_LENGTH}"' in page


def test_the_model_and_the_database_refuse_a_note_over_the_limit():
    rec = make_recommendation(year=2023)
    change = StatusChange(recommendation=rec, status="in_progress", as_of="2023-07-01", note=LONG)
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        change.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        change.save()
