"""The permission matrix's API rows again, authenticated by a personal token instead of the
session: a token gets exactly what its user's session gets. The documentation page is a
browser page behind the site's login: a token does not open it."""

import pytest
from django.test import Client

from recommendations.models import StatusChange
from tests.factories import get_country, make_ratings, make_recommendation
from tests.tipwatch.api.conftest import bearer
from tests.tipwatch.permission_matrix import MATRIX, ROLES, L, matches, outcome
from tipwatch.core.tokens import create_token

pytestmark = pytest.mark.django_db

API_ROWS = [row for row in MATRIX if row[0].startswith("/api/v1/")]
DOCS = "/api/v1/docs/"


@pytest.mark.parametrize("role", ROLES)
def test_api_permission_matrix_with_tokens(personas, role):
    tier = make_ratings(get_country("NOR"), {2023: "2"})[0]
    rec = make_recommendation(year=2023)
    headers = {}
    if role != "anonymous":
        headers = bearer(create_token(user=personas[role], name="matrix")[1])
    wrong = []
    for path, method, *expected_by_role in API_ROWS:
        url = path.format(rec=rec.pk, tier=tier.pk)
        actual = outcome(getattr(Client(), method.lower())(url, **headers))
        expected = L if path == DOCS else expected_by_role[ROLES.index(role)]
        if not matches(actual, expected):
            wrong.append(f"{method} {url}: expected {expected}, got {actual}")
    assert wrong == [], "\n".join(wrong)
    assert not StatusChange.objects.exists()


def test_api_rows_cover_every_api_path():
    assert {row[0] for row in API_ROWS} >= {
        "/api/v1/countries/",
        "/api/v1/tiers/",
        "/api/v1/recommendations/",
        "/api/v1/recommendations/{rec}/",
        "/api/v1/changes/",
        "/api/v1/schema/",
        DOCS,
    }
