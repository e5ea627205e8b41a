"""An admin records a status in a real browser, under the real Content-Security-Policy."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Status, StatusChange
from tests.browser.conftest import log_in
from tests.factories import make_recommendation
from tests.migrated_data import restore_migrated_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def migrated_data():
    restore_migrated_data()  # after another transactional test's flush


def test_admin_records_a_status_from_the_recommendation_page(page, live_server):
    rec = make_recommendation(year=2023, text="Train labour inspectors.")
    log_in(page, live_server, "Admin")
    page.goto(f"{live_server.url}{rec.get_absolute_url()}")
    page.select_option("#id_status", Status.PARTIAL)
    page.fill("#id_as_of", "2024-03-01")
    page.fill("#id_note", "Half the inspectors trained.")
    page.click("text=Record status")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}{rec.get_absolute_url()}"
    assert page.locator(".message-success").inner_text().startswith("Recorded")
    change = StatusChange.objects.get()
    assert (change.status, change.as_of) == (Status.PARTIAL, datetime.date(2024, 3, 1))


def test_the_browser_refuses_a_future_date_before_sending(page, live_server):
    rec = make_recommendation(year=2023)
    log_in(page, live_server, "Admin")
    page.goto(f"{live_server.url}{rec.get_absolute_url()}")
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page.fill("#id_as_of", future)
    page.fill("#id_note", "Too early.")
    assert page.eval_on_selector("#id_as_of", "el => el.validity.rangeOverflow") is True
    page.click("text=Record status")
    assert not StatusChange.objects.exists()
