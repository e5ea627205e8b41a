"""Accessibility held by a test: axe-core (shipped by axe-playwright-python) runs on every page
for every role, and anonymously on the public pages in public mode, after the charts are drawn;
any violation of a WCAG 2.1 A or AA rule fails the test, naming the page, rule and elements.

The Django admin and the API's Swagger UI are other projects' pages and are not scanned.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from countries.models import Country
from recommendations.models import Status
from tests.browser.conftest import log_in
from tests.factories import carry_over_row, make_ratings, make_recommendation, make_status
from tipwatch.core.models import ImportJob, ImportRun

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EVERY_ROLE = [
    "/",
    "/countries/",
    "/countries/?region=EUR&at_risk=on",
    "/countries/norway/",
    "/countries/norway/changes/2023/",
    "/recommendations/",
    "/recommendations/{rec}/",
    "/trends/?countries=norway&countries=brazil",
    "/changes/",
    "/accounts/",
    "/accounts/password_change/",
]
ADMIN_ONLY = [
    "/recommendations/due/",
    "/recommendations/dropped/",
    "/recommendations/bulk-status/?id={rec}",
    "/imports/",
    "/imports/jobs/{job}/",
]
PUBLIC = [path for path in EVERY_ROLE if not path.startswith("/accounts/")]  # read-only pages


@pytest.fixture
def data(reference_data):
    """Enough of everything for every page to show its tables, charts and forms."""
    norway, brazil = Country.objects.get(iso3="NOR"), Country.objects.get(iso3="BRA")
    make_ratings(norway, {2021: "2WL", 2022: "2WL", 2023: "2"}, source="NOR_2023.txt")
    make_ratings(brazil, {2022: "2", 2023: "2WL"}, source="https://www.state.gov/brazil/")
    old = make_recommendation(norway, year=2022, text="Adopt a national action plan.")
    make_recommendation(norway, year=2022, text="Fund shelters.")
    rec = make_recommendation(norway, year=2023, text="Adopt and fund a national action plan.")
    carry_over_row(rec, old)
    make_status(old, Status.NO_PROGRESS, as_of=datetime.date(2022, 8, 1))
    make_status(rec, Status.IN_PROGRESS, as_of=datetime.date(2023, 8, 1))
    started = timezone.now() - datetime.timedelta(hours=1)
    ImportRun.objects.create(
        command="import_report", started_at=started, finished_at=started, files=["NOR_2023.txt"]
    )
    job = ImportJob.objects.create(state=ImportJob.State.APPLIED)
    return {"rec": rec.pk, "job": job.pk}


@pytest.fixture
def scanner(browser, live_server, plain_static_files):
    """A page that can run axe: the site's CSP forbids the eval that injecting it needs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def violations(page, url):
    """Open url, wait for its charts, run axe: ["rule (impact): elements", ...]."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    charts = page.locator(".chart[data-figure]").count()
    expect(page.locator(".chart-drawn")).to_have_count(charts, timeout=20000)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in found
    ]


def scan(page, live_server, paths, data):
    found = {}
    for path in paths:
        url = live_server.url + path.format(**data)
        if problems := violations(page, url):
            found[path] = problems
    return found


@pytest.mark.parametrize("role", ["Analyst", "Manager", "Admin"])
def test_every_page_of_every_role_has_no_wcag_violation(scanner, live_server, data, role):
    log_in(scanner, live_server, role)
    paths = EVERY_ROLE + (ADMIN_ONLY if role == "Admin" else [])
    assert scan(scanner, live_server, paths, data) == {}


def test_public_pages_and_the_login_page_have_no_wcag_violation(
    scanner, live_server, data, settings
):
    assert scan(scanner, live_server, ["/accounts/login/"], data) == {}
    settings.PUBLIC_READ_ONLY = True
    assert scan(scanner, live_server, PUBLIC, data) == {}
