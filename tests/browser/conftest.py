"""Real-browser tests: Playwright's Python package driving Debian's Chromium.

They skip, saying why, where no Chromium is found; .ci/run installs it so they always run there.
Every page a test opens is watched: a request to any host but the test server, or an error on
the console, fails the test.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from countries.catalogue import sync_countries
from countries.models import Country
from tests.factories import make_persona
from tipwatch.roles import ROLE_PERMISSIONS

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "browser-test-password-1"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"No Chromium at {CHROMIUM}: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def plain_static_files(settings):
    """The live server serves static files from the finders, so skip the manifest names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser, live_server, plain_static_files):
    """A fresh browser page that records off-site requests and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    server_host = urlsplit(live_server.url).netloc
    offsite, errors = [], []
    opened.on(
        "request",
        lambda request: (
            offsite.append(request.url)
            if urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(request.url).netloc != server_host
            else None
        ),
    )
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert offsite == [], f"requests left the test server: {offsite}"
    assert errors == [], f"console errors: {errors}"


def log_in(page, live_server, role):
    """Log in through the login form as a new user of the given role; return the user."""
    user = make_persona(role)
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return user


def restore_reference_data():
    """Transactional tests flush every table after each test, taking the country catalogue and
    the role groups (both made by data migrations) with them: make them again."""
    sync_countries(Country)
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


@pytest.fixture
def reference_data(transactional_db):
    restore_reference_data()


@pytest.fixture
def analyst_page(page, live_server, reference_data):
    log_in(page, live_server, "Analyst")
    return page
