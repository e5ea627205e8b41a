"""Production hardening: deployment checks, the headers a request gets, no inline script."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
HOST = "tipwatch.example.org"


def production_environment():
    """What a deployment sets; the test run's local relaxations (SECURE_*) removed."""
    env = {
        k: v
        for k, v in os.environ.items()
        # the test run's own relaxations; the browser tests' async escape hatch among them
        if not k.startswith(("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS=HOST)
    return env


def test_deployment_checks_pass_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Run in a fresh interpreter with production settings: the login page needs no database.
PRODUCTION_REQUEST = f"""
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="{HOST}")
plain = client.get("/accounts/login/")
page = client.get("/accounts/login/", secure=True)
csrf = page.cookies["csrftoken"]
print(json.dumps({{
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "status": page.status_code,
    "headers": dict(page.headers),
    "csrf_cookie": {{k: csrf[k] for k in ("secure", "httponly", "samesite")}},
}}))
"""


@pytest.fixture(scope="module")
def production_response():
    env = {**production_environment(), "DJANGO_SETTINGS_MODULE": "tipwatch.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_REQUEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production_response):
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"] == f"https://{HOST}/accounts/login/"


def test_production_security_headers(production_response):
    headers = production_response["headers"]
    assert production_response["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_content_security_policy_allows_only_the_site(production_response):
    policy = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in production_response["headers"]["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline script, no eval, no other host
    assert policy["font-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["style-src"] in ("'self'", "'self' 'unsafe-inline'")
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert not any("http" in sources or "*" in sources for sources in policy.values())


def test_production_csrf_cookie_is_secure_and_http_only(production_response):
    cookie = production_response["csrf_cookie"]
    assert cookie["secure"] is True and cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_session_cookie_is_secure_http_only_and_same_site(settings, analyst):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = Client().post(
        "/accounts/login/",
        {"username": analyst.username, "password": "a-long-test-password"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True and session["httponly"] is True
    assert session["samesite"] == "Lax"


# --- No inline script anywhere in the templates (the policy would block it) ---

TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SCRIPT_WITHOUT_SRC = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def inline_script(text):
    return any(rule.search(text) for rule in (SCRIPT_WITHOUT_SRC, EVENT_HANDLER, JAVASCRIPT_URL))


def test_templates_are_found():
    assert len(TEMPLATES) >= 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_in_templates(template):
    text = template.read_text()
    assert not SCRIPT_WITHOUT_SRC.search(text), "inline <script>: use a static/js file"
    assert not EVENT_HANDLER.search(text), "on*= handler: attach it from a static/js file"
    assert not JAVASCRIPT_URL.search(text), "javascript: URL"


@pytest.mark.parametrize(
    "bad",
    [
        "<script>alert(1)</script>",
        '<SCRIPT type="module">x()</SCRIPT>',
        '<button onclick="go()">',
        "<body onload='x()'>",
        '<a href="javascript:void(0)">',
    ],
)
def test_the_scan_catches_inline_script(bad):
    assert inline_script(bad)


@pytest.mark.parametrize(
    "fine",
    [
        '<script src="/static/js/chart.js" defer></script>',
        '<p class="once">Only once=yes in text</p>',
        '<input name="online" value="1">',
    ],
)
def test_the_scan_allows_script_files_and_ordinary_markup(fine):
    assert not inline_script(fine)
