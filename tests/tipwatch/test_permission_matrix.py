"""Who may do what: every URL of the site × (anonymous, Analyst, Manager, Admin) × (GET, POST).

Add a row for each new page. An expected value is a status code, or a path: a 302 redirect to
that path (its query string, such as ?next=, not compared). POSTs carry no form data (a CSRF
token is not enforced by the test client): they test who gets through, not the forms.

Read pages are @require_safe: a POST to them is refused with 405 (after the login check).
The API (/api/v1/) answers 401 to anonymous requests instead of redirecting (DRF, session
authentication here; tests/tipwatch/api/test_api_permissions.py runs the same rows with tokens).
"""

import re

import pytest
from django.test import Client

from recommendations.models import StatusChange
from recommendations.unsubscribe import unsubscribe_token
from tests.factories import (
    get_country,
    make_ratings,
    make_recommendation,
    make_status,
    make_user,
)
from tests.tipwatch.permission_matrix import MATRIX, ROLES, matches, outcome
from tipwatch.core.models import ImportJob
from tipwatch.core.tokens import create_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(personas, role):
    tier = make_ratings(get_country("NOR"), {2022: "2", 2023: "2"})[0]
    rec = make_recommendation(year=2023)
    change = make_status(rec, note="Kept as it is.")
    job = ImportJob.objects.create(state=ImportJob.State.APPLIED)  # applied: nothing to decide
    someone = make_user()
    token, _ = create_token(user=someone, name="not yours")
    user = personas.get(role)  # None for anonymous
    written_before = StatusChange.objects.count()
    wrong = []
    for path, method, *expected_by_role in MATRIX:
        client = Client()  # a fresh session per row: logging out must not affect the next
        if user is not None:
            client.force_login(user)
        url = path.format(
            rec=rec.pk,
            change=change.pk,
            job=job.pk,
            tier=tier.pk,
            token=token.pk,
            unsub=unsubscribe_token(someone),
        )
        actual = outcome(getattr(client, method.lower())(url))
        expected = expected_by_role[ROLES.index(role)]
        if isinstance(expected, str):
            expected = expected.format(job=job.pk)
        if not matches(actual, expected):
            wrong.append(f"{method} {url}: expected {expected}, got {actual}")
    assert wrong == [], "\n".join(wrong)
    assert StatusChange.objects.count() == written_before
    change.refresh_from_db()
    assert change.note == "Kept as it is."
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED
    token.refresh_from_db()
    assert token.revoked_at is None


def test_every_url_pattern_has_a_row():
    """A new URL pattern without a row here fails, so the matrix keeps covering the site."""
    from django.urls import get_resolver

    def with_pk(path):
        return re.sub(r"\{(rec|change|tier|token)\}", "{pk}", path.split("?")[0])

    covered = {with_pk(path) for path, *_ in MATRIX}

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                if not route.startswith("admin/"):  # the admin: sampled above
                    yield from walk(pattern, route)
            else:
                yield "/" + route

    missing = []
    for route in walk(get_resolver()):
        shape = (
            route.replace("<int:pk>", "{pk}")
            .replace("<slug:slug>", "norway")
            .replace("<int:year>", "2023")
            .replace("<str:year>", "2023")  # a report year, parsed by the view (400 if bad)
            .replace("<int:job_id>", "{job}")
            .replace("<str:token>", "{unsub}")
            .replace("(?P<pk>[^/]+)", "{pk}")  # the API router's patterns
            .replace("(?P<iso3>[^/]+)", "nor")
            .replace("^", "")
            .replace("$", "")
        )
        if shape not in covered and not shape.startswith("/admin/"):
            missing.append(route)
    assert missing == [], f"add rows for: {missing}"
