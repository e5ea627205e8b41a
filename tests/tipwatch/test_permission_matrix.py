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
from tipwatch.core.models import ImportJob
from tipwatch.core.tokens import create_token

pytestmark = pytest.mark.django_db

L = "/accounts/login/"  # a redirect to log in
AL = "/admin/login/"  # a redirect to the admin's log in
TRENDS = "/trends/"  # managers' home (the trends pages)
JOB = "/imports/jobs/{job}/"  # back to the import job's page
NOR = "/countries/norway/"  # back to the country page
ROLES = ["anonymous", "Analyst", "Manager", "Admin"]

# {rec} is a recommendation with one status change {change}; {tier} a tier rating; {token} an
# API token of another user; {unsub} the digest unsubscribe token of another user.
# fmt: off
MATRIX = [
    # path                                                  method  anonym. Analyst Manager Admin
    ("/",                                                     "GET",  L,      200,    200,    200),
    ("/",                                                     "POST", L,      405,    405,    405),
    ("/start/",                                               "GET",  L,      "/",    TRENDS, "/"),
    ("/countries/",                                           "GET",  L,      200,    200,    200),
    ("/countries/",                                           "POST", L,      405,    405,    405),
    ("/countries/norway/",                                    "GET",  L,      200,    200,    200),
    ("/countries/norway/",                                    "POST", L,      405,    405,    405),
    ("/countries/norway/changes/2023/",                       "GET",  L,      200,    200,    200),
    ("/countries/norway/brief/",                              "GET",  L,      200,    200,    200),
    ("/countries/norway/brief/?year=2022&format=pdf",         "GET",  L,      200,    200,    200),
    ("/countries/norway/brief/?paper=a3",                     "GET",  L,      400,    400,    400),
    ("/countries/norway/brief/",                              "POST", L,      405,    405,    405),
    ("/countries/norway/waivers/2023/",                       "GET",  L,      403,    403,    405),
    ("/countries/norway/waivers/2023/",                       "POST", L,      403,    403,    400),
    ("/trends/",                                              "GET",  L,      200,    200,    200),
    ("/trends/",                                              "POST", L,      405,    405,    405),
    ("/analysis/",                                            "GET",  L,      200,    200,    200),
    ("/analysis/",                                            "POST", L,      405,    405,    405),
    ("/analysis/?year=abc",                                   "GET",  L,      400,    400,    400),
    ("/analysis/repeated/",                                   "GET",  L,      200,    200,    200),
    ("/analysis/repeated/",                                   "POST", L,      405,    405,    405),
    ("/analysis/themes/prosecution/",                         "GET",  L,      200,    200,    200),
    ("/analysis/themes/prosecution/",                         "POST", L,      405,    405,    405),
    ("/analysis/themes/norway/",                              "GET",  L,      404,    404,    404),
    ("/analysis/countries/norway/",                           "GET",  L,      200,    200,    200),
    ("/analysis/countries/norway/",                           "POST", L,      405,    405,    405),
    ("/analysis/upgrades/",                                   "GET",  L,      200,    200,    200),
    ("/analysis/upgrades/",                                   "POST", L,      405,    405,    405),
    ("/changes/",                                             "GET",  L,      200,    200,    200),
    ("/changes/",                                             "POST", L,      405,    405,    405),
    ("/countries/no-such-country/",                           "GET",  L,      404,    404,    404),
    ("/recommendations/",                                     "GET",  L,      200,    200,    200),
    ("/recommendations/",                                     "POST", L,      405,    405,    405),
    ("/recommendations/{rec}/",                               "GET",  L,      200,    200,    200),
    ("/recommendations/{rec}/",                               "POST", L,      405,    405,    405),
    ("/recommendations/{rec}/status/",                        "GET",  L,      403,    403,    405),
    ("/recommendations/{rec}/status/",                        "POST", L,      403,    403,    400),
    ("/recommendations/{rec}/link/",                          "GET",  L,      403,    403,    405),
    ("/recommendations/{rec}/link/",                          "POST", L,      403,    403,    400),
    ("/recommendations/{rec}/pillar/",                        "GET",  L,      403,    403,    405),
    ("/recommendations/{rec}/pillar/",                        "POST", L,      403,    403,    400),
    ("/recommendations/{rec}/themes/",                        "GET",  L,      403,    403,    405),
    ("/recommendations/{rec}/themes/",                        "POST", L,      403,    403,    400),
    ("/recommendations/dropped/",                             "GET",  L,      403,    403,    200),
    ("/recommendations/dropped/",                             "POST", L,      403,    403,    405),
    ("/recommendations/bulk-status/?id={rec}",                "GET",  L,      403,    403,    200),
    ("/recommendations/bulk-status/",                         "POST", L,      403,    403,    400),
    ("/imports/",                                             "GET",  L,      403,    403,    200),
    ("/imports/",                                             "POST", L,      403,    403,    405),
    ("/imports/upload/",                                      "GET",  L,      403,    403,    405),
    ("/imports/upload/",                                      "POST", L,      403,    403,    400),
    ("/imports/jobs/{job}/",                                  "GET",  L,      403,    403,    200),
    ("/imports/jobs/{job}/",                                  "POST", L,      403,    403,    405),
    ("/imports/jobs/{job}/apply/",                            "GET",  L,      403,    403,    405),
    ("/imports/jobs/{job}/apply/",                            "POST", L,      403,    403,    JOB),
    ("/imports/jobs/{job}/discard/",                          "GET",  L,      403,    403,    405),
    ("/imports/jobs/{job}/discard/",                          "POST", L,      403,    403,    JOB),
    ("/recommendations/due/",                                 "GET",  L,      403,    403,    200),
    ("/recommendations/due/",                                 "POST", L,      403,    403,    405),
    ("/countries/norway/follow/",                             "GET",  L,      405,    405,    405),
    ("/countries/norway/follow/",                             "POST", L,      NOR,    NOR,    NOR),
    ("/countries/norway/unfollow/",                           "GET",  L,      405,    405,    405),
    ("/countries/norway/unfollow/",                           "POST", L,      NOR,    NOR,    NOR),
    ("/accounts/",                                            "GET",  L,      200,    200,    200),
    ("/accounts/",                                            "POST", L,      405,    405,    405),
    ("/accounts/tokens/",                                     "GET",  L,      405,    405,    405),
    ("/accounts/tokens/",                                     "POST", L,      400,    400,    400),
    ("/accounts/tokens/{token}/revoke/",                      "GET",  L,      405,    405,    405),
    ("/accounts/tokens/{token}/revoke/",                      "POST", L,      404,    404,    404),
    ("/accounts/digest/",                                     "GET",  L,      405,    405,    405),
    ("/accounts/digest/",                                     "POST", L,      400,    400,    400),
    ("/accounts/unsubscribe/{unsub}/",                        "GET",  200,    200,    200,    200),
    ("/accounts/unsubscribe/not-a-token/",                    "POST", 400,    400,    400,    400),
    ("/api/v1/countries/",                                    "GET",  401,    200,    200,    200),
    ("/api/v1/countries/",                                    "POST", 401,    403,    403,    403),
    ("/api/v1/countries/nor/",                                "GET",  401,    200,    200,    200),
    ("/api/v1/countries/nor/",                                "POST", 401,    403,    403,    403),
    ("/api/v1/tiers/",                                        "GET",  401,    200,    200,    200),
    ("/api/v1/tiers/",                                        "POST", 401,    403,    403,    403),
    ("/api/v1/tiers/{tier}/",                                 "GET",  401,    200,    200,    200),
    ("/api/v1/recommendations/",                              "GET",  401,    200,    200,    200),
    ("/api/v1/recommendations/",                              "POST", 401,    403,    403,    403),
    ("/api/v1/recommendations/{rec}/",                        "GET",  401,    200,    200,    200),
    ("/api/v1/recommendations/{rec}/",                        "POST", 401,    403,    403,    403),
    ("/api/v1/recommendations/{rec}/statuses/",               "GET",  401,    403,    403,    405),
    ("/api/v1/recommendations/{rec}/statuses/",               "POST", 401,    403,    403,    400),
    ("/api/v1/changes/",                                      "GET",  401,    200,    200,    200),
    ("/api/v1/changes/",                                      "POST", 401,    403,    403,    403),
    ("/api/v1/schema/",                                       "GET",  401,    200,    200,    200),
    ("/api/v1/docs/",                                         "GET",  L,      200,    200,    200),
    ("/accounts/login/",                                      "GET",  200,    200,    200,    200),
    ("/accounts/login/",                                      "POST", 200,    200,    200,    200),
    ("/accounts/logout/",                                     "GET",  L,      405,    405,    405),
    ("/accounts/logout/",                                     "POST", L,      L,      L,      L),
    ("/accounts/password_change/",                            "GET",  L,      200,    200,    200),
    ("/accounts/password_change/",                            "POST", L,      200,    200,    200),
    ("/accounts/password_change/done/",                       "GET",  L,      200,    200,    200),
    ("/admin/",                                               "GET",  AL,     AL,     AL,     200),
    ("/admin/recommendations/recommendation/{rec}/change/",   "GET",  L,      AL,     AL,     200),
    ("/admin/recommendations/statuschange/",                  "GET",  L,      AL,     AL,     200),
    ("/admin/recommendations/statuschange/add/",              "GET",  L,      AL,     AL,     200),
    ("/admin/recommendations/statuschange/{change}/change/",  "GET",  L,      AL,     AL,     200),
    ("/admin/recommendations/statuschange/{change}/change/",  "POST", L,      AL,     AL,     403),
    ("/admin/recommendations/statuschange/{change}/delete/",  "GET",  L,      AL,     AL,     403),
    ("/admin/recommendations/statuschange/{change}/delete/",  "POST", L,      AL,     AL,     403),
    ("/admin/tipwatch/importrun/",                            "GET",  L,      AL,     AL,     200),
    ("/healthz",                                              "GET",  200,    200,    200,    200),
    ("/healthz",                                              "POST", 405,    405,    405,    405),
    ("/no-such-page/",                                        "GET",  404,    404,    404,    404),
]
# fmt: on


def outcome(response):
    if response.status_code == 302:
        return response["Location"]
    return response.status_code


def matches(actual, expected):
    if isinstance(expected, int):
        return actual == expected
    return isinstance(actual, str) and (actual == expected or actual.startswith(expected + "?"))


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
            rec=rec.pk, change=change.pk, job=job.pk, tier=tier.pk, token=token.pk,
            unsub=unsubscribe_token(someone),
        )  # fmt: skip
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
