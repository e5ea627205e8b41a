"""A property-based run of the whole OpenAPI schema (schemathesis): generated requests, valid
and invalid, for every operation. No answer may be a server error or break the schema (status
code, content type, headers and body all as documented), and no write may succeed without the
permission. Examples are bounded (and derandomised) so the run stays short and repeatable."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from recommendations.models import StatusChange
from tests.factories import (
    get_country,
    make_ratings,
    make_recommendation,
    make_status,
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
# Every default check but the two that judge which inputs the server accepts: the FilterSets
# read an empty value (since=) as "no filter", as the list pages do, and refuse a country or
# user that does not exist (400), which no schema can say.
NOT_CHECKED = [negative_data_rejection, positive_data_acceptance]


def load_schema():
    """The schema /api/v1/schema/ serves (made the same way, without a request), run against
    the site's WSGI application in this process (so on the test database)."""
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(public=True))
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


def token_headers(settings, user):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # the WSGI client's host
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
    case.call_and_validate(headers=admin_headers, excluded_checks=NOT_CHECKED)


@schema.include(method="POST").parametrize()
@bounded
def test_no_write_without_permission(case, analyst_headers):
    writes_before = StatusChange.objects.count()
    response = case.call_and_validate(headers=analyst_headers, excluded_checks=NOT_CHECKED)
    assert response.status_code in (400, 401, 403, 404), response.text
    assert StatusChange.objects.count() == writes_before
