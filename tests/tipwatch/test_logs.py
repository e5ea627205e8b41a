"""Server errors leave one JSON line with the path, user id and traceback; 4xx are INFO."""

import datetime
import io
import json
import logging
import time
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from gunicorn.config import Config

from recommendations.unsubscribe import unsubscribe_token
from tipwatch.core.gunicorn_logging import JsonLogger
from tipwatch.core.logs import JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the configured console handler writes while the test runs, as parsed lines."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    assert len(handlers) == 1, "LOGGING has one JSON console handler on the root logger"
    stream = io.StringIO()
    previous = handlers[0].setStream(stream)
    lines = []
    yield lambda: [*lines, *(json.loads(line) for line in stream.getvalue().splitlines())]
    handlers[0].setStream(previous)


@pytest.mark.urls("tests.tipwatch.failing_urls")
def test_a_server_error_is_one_json_line_with_path_user_and_traceback(log_lines, analyst):
    client = Client(raise_request_exception=False)
    client.force_login(analyst)
    response = client.post(
        "/fail/?token=query-secret", {"password": "body-secret"}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 500
    errors = [line for line in log_lines() if line["logger"] == "django.request"]
    assert len(errors) == 1
    error = errors[0]
    assert error["level"] == "ERROR" and error["status"] == 500
    assert (error["method"], error["path"], error["user_id"]) == ("POST", "/fail/", analyst.pk)
    assert error["client_ip"] == "192.0.2.9"
    assert "RuntimeError: internal detail" in error["traceback"]
    written = json.dumps(error)
    assert "body-secret" not in written and "query-secret" not in written


@pytest.mark.urls("tests.tipwatch.failing_urls")
def test_an_anonymous_server_error_has_no_user_id(log_lines, settings):
    settings.PUBLIC_READ_ONLY = True
    response = Client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    (error,) = [line for line in log_lines() if line["logger"] == "django.request"]
    assert error["user_id"] is None and error["path"] == "/fail/"


def test_client_errors_are_logged_at_info(log_lines, analyst):
    client = Client()
    client.force_login(analyst)
    assert client.get("/recommendations/987654/").status_code == 404
    assert client.get("/recommendations/", {"year": "twenty"}).status_code == 400
    requests = [line for line in log_lines() if line["logger"] == "django.request"]
    assert [(line["status"], line["level"]) for line in requests] == [
        (404, "INFO"),
        (400, "INFO"),
    ]


def test_a_host_the_site_does_not_serve_is_info_without_a_traceback(log_lines):
    assert Client().get("/", HTTP_HOST="evil.example.org").status_code == 400
    (line,) = [line for line in log_lines() if line["logger"].startswith("django.security")]
    assert (line["level"], line["status"]) == ("INFO", 400)
    assert "traceback" not in line


def test_the_log_level_setting_hides_client_errors(log_lines, analyst):
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.WARNING)  # what LOG_LEVEL=WARNING configures
    try:
        client = Client()
        client.force_login(analyst)
        assert client.get("/recommendations/987654/").status_code == 404
    finally:
        logger.setLevel(level)
    assert [line for line in log_lines() if line["logger"] == "django.request"] == []


def test_an_unsubscribe_token_never_reaches_the_log(log_lines, analyst):
    """A refused request (here: no CSRF token) used to log the path with the token in it."""
    token = unsubscribe_token(analyst)
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/accounts/unsubscribe/{token}/")
    assert response.status_code == 403
    lines = log_lines()
    assert any("/accounts/unsubscribe/[redacted]" in json.dumps(line) for line in lines)
    assert not any(token in json.dumps(line) for line in lines)


def test_an_unsubscribe_link_expires_after_a_year_and_says_so(analyst):
    made = time.time() - datetime.timedelta(days=366).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=made):
        old = unsubscribe_token(analyst)
    response = Client().get(f"/accounts/unsubscribe/{old}/")
    assert response.status_code == 400
    assert "This link has expired" in BeautifulSoup(response.content, "html.parser").get_text()
    fresh = unsubscribe_token(analyst)
    assert Client().get(f"/accounts/unsubscribe/{fresh}/").status_code == 200


def test_gunicorn_lines_are_json_with_secrets_redacted():
    config = Config()
    config.set("accesslog", "-")
    logger = JsonLogger(config)
    stream = io.StringIO()
    for handler in logger.error_log.handlers + logger.access_log.handlers:
        handler.setStream(stream)
    logger.critical("WORKER TIMEOUT (pid:%s)", 42)
    logger.access_log.info("GET /accounts/unsubscribe/abc:def:ghi/ HTTP/1.1 200")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["message"] for line in lines] == [
        "WORKER TIMEOUT (pid:42)",
        "GET /accounts/unsubscribe/[redacted]/ HTTP/1.1 200",
    ]
