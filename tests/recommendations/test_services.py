import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recommendations.models import Status, StatusChange
from recommendations.services import StaleStatusError, bulk_record_status, record_status
from tests.factories import make_recommendation, make_status

pytestmark = pytest.mark.django_db


def test_record_status_writes_history_and_current_status_together(admin_user):
    rec = make_recommendation(year=2023)
    change = record_status(
        recommendation=rec,
        status=Status.IN_PROGRESS,
        as_of=datetime.date(2023, 7, 1),
        note="Draft NRM published.",
        user=admin_user,
        expected_version=0,
    )
    rec.refresh_from_db()
    assert (rec.status, rec.status_as_of, rec.status_version) == (
        Status.IN_PROGRESS,
        datetime.date(2023, 7, 1),
        1,
    )
    assert change.recorded_by == admin_user


def test_current_status_is_latest_by_as_of_date():
    rec = make_recommendation(year=2023)
    make_status(rec, Status.PARTIAL, as_of=datetime.date(2024, 3, 1))
    make_status(rec, Status.NO_PROGRESS, as_of=datetime.date(2023, 8, 1))
    rec.refresh_from_db()
    assert rec.status == Status.PARTIAL
    assert rec.status_version == 2


@pytest.mark.parametrize(
    "fields, field_in_error",
    [
        ({"as_of": datetime.date(2022, 12, 31)}, "as_of"),
        ({"as_of": timezone.localdate() + datetime.timedelta(days=1)}, "as_of"),
        ({"note": "  "}, "note"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"status": "done"}, "status"),
    ],
)
def test_invalid_input_is_refused_and_nothing_written(fields, field_in_error):
    rec = make_recommendation(year=2023)
    arguments = {
        "recommendation": rec,
        "status": Status.IN_PROGRESS,
        "as_of": datetime.date(2023, 7, 1),
        "note": "A note.",
        "evidence_url": "https://example.org/report",
        **fields,
    }
    with pytest.raises(ValidationError) as raised:
        record_status(**arguments)
    assert field_in_error in raised.value.message_dict
    assert not StatusChange.objects.exists()
    rec.refresh_from_db()
    assert rec.status == Status.NOT_ASSESSED


def test_not_assessed_needs_no_note():
    rec = make_recommendation(year=2023)
    record_status(recommendation=rec, status=Status.NOT_ASSESSED, as_of=datetime.date(2023, 7, 1))
    assert StatusChange.objects.count() == 1


def test_stale_version_is_refused_with_the_newer_change():
    rec = make_recommendation(year=2023)
    newer = make_status(rec, Status.NO_PROGRESS)
    with pytest.raises(StaleStatusError) as raised:
        record_status(
            recommendation=rec,
            status=Status.IMPLEMENTED,
            as_of=datetime.date(2023, 9, 1),
            note="Done.",
            expected_version=0,
        )
    assert raised.value.latest_change == newer
    assert StatusChange.objects.count() == 1


def test_bulk_record_is_all_or_nothing():
    good = make_recommendation(year=2023)
    too_new = make_recommendation(year=2024)
    with pytest.raises(ValidationError):
        bulk_record_status(
            recommendations=[good, too_new],
            status=Status.IN_PROGRESS,
            as_of=datetime.date(2023, 7, 1),
            note="Ministry circular.",
        )
    assert not StatusChange.objects.exists()
    good.refresh_from_db()
    assert good.status == Status.NOT_ASSESSED
