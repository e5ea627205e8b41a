"""A property-based run of the whole OpenAPI schema (schemathesis): generated requests, valid
and invalid, for every operation. No answer may be a server error or break the schema (status
code, content type, headers and body all as documented), no invalid request may be accepted
nor a valid one refused (every default check runs), and no write may succeed without the
permission. Examples are bounded (and derandomised) so the run stays short and repeatable."""

from base64 import b64encode

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from bench.fuzz_hooks import make_valid
from recommendations.models import StatusChange
from tests.factories import (
    get_country,
    make_ratings,
    make_recommendation,
    make_status,
    make_user,
)
from tipwatch.core.tokens import create_token

pytestmark = pytest.mark.django_db

bounded = hypothesis_settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

# A parameter naming a record (x-refers-to in the schema: a country, a user, a report year on
# record, a cursor) is valid only when that record exists, which a schema cannot enumerate: a
# valid (positive) case names one that token_headers puts in the database (bench.fuzz_hooks).
# Cases are also made at collection, without a database: fixed values.
ON_RECORD = {
    "country": "norway",
    "user": "fuzz-recorder",
    "year on record": 2023,
    "cursor": b64encode(b"o=1").decode(),  # as NewestFirstCursor makes them: the second row
}


def load_schema():
    """The schema /api/v1/schema/ serves (made the same way, without a request), run against
    the site's WSGI application in this process (so on the test database)."""
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(public=True))
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@schema.hook("map_case")
def make_valid_cases_valid(context, case):
    return make_valid(context, case, ON_RECORD)


def token_headers(settings, user):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # the WSGI client's host
    make_user(username=ON_RECORD["user"])
    norway = get_country("NOR")
    make_ratings(norway, {2022: "2WL", 2023: "2WL"}, source="TIP", basis="stated")
    older = make_recommendation(norway, year=2022)
    rec = make_recommendation(norway, year=2023, carried_over_from=older)
    make_status(rec, note="Looked at.")
    return {"Authorization": f"Bearer {create_token(user=user, name='fuzz')[1]}"}


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes "old" database connections around each request, which on
    PostgreSQL ends the test's transaction; Django's test client unhooks this, so do we."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def admin_headers(settings, admin_user, wsgi_keeps_the_test_connection):
    return token_headers(settings, admin_user)


@pytest.fixture
def analyst_headers(settings, analyst, wsgi_keeps_the_test_connection):
    return token_headers(settings, analyst)


@schema.parametrize()
@bounded
def test_every_operation_keeps_its_contract(case, admin_headers):
    case.call_and_validate(headers=admin_headers)


@schema.include(method="POST").parametrize()
@bounded
def test_no_write_without_permission(case, analyst_headers):
    writes_before = StatusChange.objects.count()
    response = case.call_and_validate(headers=analyst_headers)
    assert response.status_code in (400, 401, 403, 404), response.text
    assert StatusChange.objects.count() == writes_before
