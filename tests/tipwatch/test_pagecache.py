import pytest
from django.test import RequestFactory

from tests.factories import get_country, make_rating, make_recommendation, make_status
from tipwatch.models import DataVersion
from tipwatch.pagecache import cached_parts, data_version

pytestmark = pytest.mark.django_db


def request_for(path="/countries/?region=EUR"):
    return RequestFactory().get(path)


def cached_html(request, name, render, *vary):
    """One fragment through cached_parts."""
    return cached_parts(request, name, lambda: {"body": render()}, *vary)["body"]


def test_cached_html_renders_once_per_data_version():
    calls = []

    def render():
        calls.append(1)
        return f"<p>render {len(calls)}</p>"

    assert cached_html(request_for(), "page", render) == "<p>render 1</p>"
    assert cached_html(request_for(), "page", render) == "<p>render 1</p>"
    make_rating(get_country("NOR"), 2023, "2")  # a write bumps the version
    assert cached_html(request_for(), "page", render) == "<p>render 2</p>"


def test_query_string_and_vary_make_separate_entries():
    assert cached_html(request_for("/a/?x=1"), "page", lambda: "one") == "one"
    assert cached_html(request_for("/a/?x=2"), "page", lambda: "two") == "two"
    assert cached_html(request_for("/a/?x=1"), "page", lambda: "other", "admin") == "other"


def test_status_change_bumps_the_version():
    recommendation = make_recommendation()
    before = DataVersion.objects.get().version
    make_status(recommendation)
    assert DataVersion.objects.get().version > before


def test_data_version_is_read_once_per_request(django_assert_num_queries):
    request = request_for()
    with django_assert_num_queries(1):  # the DataVersion row, then memoised on the request
        data_version(request)
        data_version(request)
