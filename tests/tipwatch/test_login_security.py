"""Logging in: throttling with django-axes, the log it leaves, sessions and logout."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tipwatch.core.middleware import SESSION_SEEN_KEY

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "a-long-test-password"
LOCKED = "Too many failed logins"


def attempt(client, username, password, address="203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def user(analyst):
    return analyst


def test_four_failures_still_allow_a_fifth_try(user):
    client = Client()
    for _ in range(4):
        response = attempt(client, user.username, "wrong")
        assert response.status_code == 200
        assert "didn't match" in response.content.decode()
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_the_fifth_failure_locks_the_username_from_that_address(user):
    client = Client()
    responses = [attempt(client, user.username, "wrong") for _ in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    # Even the right password is refused now, with a clear message.
    refused = attempt(client, user.username, PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "locked for 15 minutes" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_username_from_that_address_only(user, manager):
    client = Client()
    for _ in range(5):
        attempt(client, user.username, "wrong")
    # The same account from another address, and another account from the same address.
    assert attempt(Client(), user.username, PASSWORD, address="198.51.100.7").status_code == 302
    assert attempt(Client(), manager.username, PASSWORD).status_code == 302  # another account


def test_the_lock_ends_after_fifteen_minutes(user):
    client = Client()
    for _ in range(5):
        attempt(client, user.username, "wrong")
    assert attempt(client, user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_logins_failures_and_lockouts_are_logged_with_username_and_address(user, caplog):
    caplog.set_level(logging.INFO, logger="axes")
    client = Client()
    attempt(client, user.username, PASSWORD)
    for _ in range(5):
        attempt(client, user.username, "wrong")
    messages = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    who = f'username: "{user.username}", ip_address: "203.0.113.5"'
    assert any("Successful login" in m and who in m for m in messages)
    assert any("login failure" in m and who in m for m in messages)
    assert any("Locking out" in m and who in m for m in messages)
    assert not any("wrong" in m for m in messages)  # never a password


@pytest.mark.parametrize("password", ["short", "password123", "12345678901234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_logout_is_post_only(user):
    client = Client()
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # sent to log in again


def test_session_lasts_a_working_day(user):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client = Client()
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60


def expire_date(client):
    return Session.objects.get(pk=client.session.session_key).expire_date


def test_activity_pushes_the_expiry_forward(user):
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_SEEN_KEY] -= settings.SESSION_REFRESH_SECONDS + 1  # last refresh long ago
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)  # nearly idle for a day
    )
    response = client.get("/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME in response.cookies  # the browser's cookie is renewed
    assert expire_date(client) > timezone.now() + datetime.timedelta(hours=7, minutes=59)


def test_a_page_view_soon_after_a_refresh_writes_no_session(user):
    client = Client()
    client.force_login(user)
    before = expire_date(client)
    response = client.get("/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert expire_date(client) == before


def test_an_idle_session_ends(user):
    client = Client()
    client.force_login(user)
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
