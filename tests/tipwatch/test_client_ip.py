"""Behind reverse proxies (TRUSTED_PROXY_COUNT): the lockout and logs see the client's
address from X-Forwarded-For, and entries a client forges to the left do not help it."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tipwatch.core.clientip import client_ip

PROXY = "10.0.0.2"


def address(forwarded=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("198.51.100.7") == PROXY


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the forged entry is ignored
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (2, "198.51.100.7", PROXY),  # fewer entries than proxies: not through them all
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_as_many_places_from_the_right_as_proxies(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert address(forwarded) == expected


LOGIN = reverse("login")
PASSWORD = "a-long-test-password"


def attempt(client, username, password, forwarded):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


ATTACKER = "203.0.113.5"


@pytest.fixture
def behind_one_proxy(settings, analyst):
    """A user of a site behind one proxy, whose password the attacker got wrong five times,
    each time with a different forged entry left of the proxy's."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        attempt(Client(), analyst.username, "wrong", f"192.0.2.{n}, {ATTACKER}")
    return analyst


def test_lockout_behind_a_proxy_locks_the_attacker_not_everyone(behind_one_proxy):
    user = behind_one_proxy
    assert attempt(Client(), user.username, PASSWORD, ATTACKER).status_code == 429
    # The real user, through the same proxy from another address, still logs in.
    assert attempt(Client(), user.username, PASSWORD, "198.51.100.7").status_code == 302


def test_forged_entries_do_not_let_the_attacker_escape_the_lock(behind_one_proxy):
    forged = attempt(Client(), behind_one_proxy.username, PASSWORD, f"192.0.2.99, {ATTACKER}")
    assert forged.status_code == 429


def test_failed_logins_record_the_client_address(behind_one_proxy):
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get().ip_address == ATTACKER
