"""An admin imports a chapter from the web in a real browser: upload, preview, apply, and the
country page shows the new year. Jobs run inside the request (tests/conftest.py)."""

import pytest

from tests.browser.conftest import log_in
from tests.migrated_data import restore_migrated_data
from tests.recommendations.chapter_files import SEED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def migrated_data():
    restore_migrated_data()  # after another transactional test's flush


def test_admin_uploads_previews_and_applies_a_chapter(page, live_server):
    log_in(page, live_server, "Admin")
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("#id_files", str(SEED))
    page.click(".upload-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Previewed: apply or discard" in page.locator("h1").inner_text()
    preview = page.locator("table.import-preview tbody tr").inner_text()
    assert "Norway 2023" in preview and "Tier 2" in preview and "First rating" in preview
    assert page.locator("ol.preview-recommendations li").count() == 10
    page.click("button:has-text('Apply this import')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().endswith("Applied")
    page.goto(f"{live_server.url}/countries/norway/")
    body = page.locator("main").inner_text()
    assert "2023" in body
    assert "Expand efforts to investigate, prosecute, and convict traffickers" in body
