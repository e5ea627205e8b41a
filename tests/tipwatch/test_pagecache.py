"""The page cache's versions: a write outdates what it changed and nothing else; keys cannot cross
databases or restores; only canonical URLs are cached.

A page served from the cache is recognised by a change made behind the cache's back (a QuerySet
update sends no signal and bumps no version): a cached page still shows the old text.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, update_last_login
from django.core.cache import cache
from django.test import RequestFactory

from countries.models import Country
from recommendations.models import Recommendation, Status
from recommendations.services import bulk_record_status, record_status
from tests.factories import get_country, make_recommendation, make_status
from tests.pages import html as page
from tipwatch.core.apps import migrated
from tipwatch.core.models import DataVersion
from tipwatch.core.pagecache import (
    LocalResponses,
    cached_or_rendered_parts,
    canonical_query,
)
from tipwatch.core.versions import renew_identity, versions

pytestmark = pytest.mark.django_db


def rewrite_behind_the_cache(rec, text):
    Recommendation.objects.filter(pk=rec.pk).update(text=text)


@pytest.fixture
def two_countries():
    norway = make_recommendation(country=get_country("NOR"), year=2023, text="Norway asks.")
    afghanistan = make_recommendation(country=get_country("AFG"), year=2023, text="Kabul asks.")
    return norway, afghanistan


def test_a_status_outdates_its_country_and_the_lists_but_not_another_country(
    logged_in, two_countries
):
    norway, afghanistan = two_countries
    analyst = logged_in("Analyst")
    afghan_pages = [afghanistan.get_absolute_url(), get_country("AFG").get_absolute_url()]
    norway_pages = [norway.get_absolute_url(), get_country("NOR").get_absolute_url()]
    lists = ["/recommendations/", "/", "/trends/", "/changes/"]
    for url in afghan_pages + norway_pages + lists:
        page(analyst, url)  # cached now
    rewrite_behind_the_cache(afghanistan, "Kabul asks again.")
    rewrite_behind_the_cache(norway, "Norway asks again.")

    record_status(
        recommendation=norway,
        status=Status.IMPLEMENTED,
        as_of=datetime.date(2024, 1, 2),
        note="Done in Oslo.",
    )

    for url in afghan_pages:
        assert "Kabul asks again." not in page(analyst, url)  # the cached page, reused
    for url in norway_pages:
        assert "Norway asks again." in page(analyst, url)
    assert "Norway asks again." in page(analyst, "/recommendations/")
    assert "Kabul asks again." in page(analyst, "/recommendations/")  # the list is rebuilt
    assert "Done in Oslo." in page(analyst, "/changes/")
    assert "Implemented" in page(analyst, "/")


def test_one_status_bumps_its_country_once_and_touches_no_site_wide_version(two_countries):
    norway, _ = two_countries
    before = Country.objects.get(iso3="NOR").cache_version
    site = DataVersion.objects.get().version
    make_status(norway)
    assert Country.objects.get(iso3="NOR").cache_version == before + 1
    assert DataVersion.objects.get().version == site


def test_a_bulk_update_bumps_each_country_once(two_countries):
    norway, afghanistan = two_countries
    second = make_recommendation(country=get_country("NOR"), year=2023)
    before = dict(
        Country.objects.filter(iso3__in=["NOR", "AFG"]).values_list("iso3", "cache_version")
    )
    bulk_record_status(
        recommendations=[second, afghanistan, norway],
        status=Status.NO_PROGRESS,
        as_of=datetime.date(2023, 7, 1),
        note="Reviewed.",
    )
    after = dict(
        Country.objects.filter(iso3__in=["NOR", "AFG"]).values_list("iso3", "cache_version")
    )
    assert after == {iso3: version + 1 for iso3, version in before.items()}


def test_one_status_is_a_fixed_handful_of_queries(two_countries, django_assert_num_queries):
    norway, _ = two_countries
    # savepoint; lock the recommendation; is the same change in its history already (refused
    # as recorded); insert the change; read its history; update its status (and its status at
    # the next report's cut-off); insert its status tally moves; bump Norway's version; release.
    with django_assert_num_queries(9):
        make_status(norway)


def test_renaming_a_user_outdates_the_pages_that_name_them(logged_in, admin_user, two_countries):
    norway, _ = two_countries
    admin = admin_user  # the recorder; the page is read by an analyst
    make_status(norway, user=admin, note="Checked.")
    analyst = logged_in("Analyst")
    assert admin.username in page(analyst, "/changes/")
    admin.username = "renamed-admin"
    admin.save()
    assert "renamed-admin" in page(analyst, "/changes/")
    assert "renamed-admin" in page(analyst, norway.get_absolute_url())


def test_a_login_does_not_outdate_pages(analyst):
    site = DataVersion.objects.get().version
    update_last_login(None, analyst)  # what a login saves
    assert DataVersion.objects.get().version == site


def test_a_group_losing_a_permission_outdates_the_cached_permissions(logged_in, two_countries):
    norway, _ = two_countries
    admin = logged_in("Admin")
    assert 'class="status-form"' in page(admin, norway.get_absolute_url())
    Group.objects.get(name="Admin").permissions.clear()
    assert 'class="status-form"' not in page(admin, norway.get_absolute_url())


def test_migrating_outdates_every_page(logged_in, two_countries):
    norway, _ = two_countries
    analyst = logged_in("Analyst")
    page(analyst, "/recommendations/")
    rewrite_behind_the_cache(norway, "Changed by a data migration.")
    # What `migrate` sends after applying a migration (a data migration's writes send nothing).
    migrated(sender=apps.get_app_config("tipwatch"), plan=[("a data migration", False)])
    assert "Changed by a data migration." in page(analyst, "/recommendations/")


def test_a_restored_database_never_serves_pages_cached_before(logged_in, two_countries):
    norway, _ = two_countries
    analyst = logged_in("Analyst")
    url = get_country("NOR").get_absolute_url()
    page(analyst, url)
    rewrite_behind_the_cache(norway, "Restored text.")
    renew_identity()  # what the restore command does
    assert "Restored text." in page(analyst, url)


def test_two_databases_sharing_one_cache_never_read_each_others_pages(logged_in, two_countries):
    norway, _ = two_countries
    analyst = logged_in("Analyst")
    url = "/recommendations/"
    page(analyst, url)
    first = DataVersion.objects.get().identity
    rewrite_behind_the_cache(norway, "The other database text.")
    # Another database: same versions (both counted the same writes), its own identity.
    DataVersion.objects.update(identity="another-database")
    assert "The other database text." in page(analyst, url)
    assert first != "another-database" and len(first) == 32


def test_each_migrated_database_gets_its_own_identity():
    identity = DataVersion.objects.get().identity
    assert len(identity) == 32 and identity != "none"
    renew_identity()
    assert DataVersion.objects.get().identity != identity


def test_unknown_parameters_order_and_defaults_share_one_entry(logged_in, two_countries):
    norway, _ = two_countries
    analyst = logged_in("Analyst")
    page(analyst, "/recommendations/?region=EUR&status=not_assessed")
    rewrite_behind_the_cache(norway, "Not seen: served from the cache.")
    for url in [
        "/recommendations/?status=not_assessed&region=EUR",
        "/recommendations/?region=EUR&status=not_assessed&utm_source=x&page=1&q=",
    ]:
        assert "Not seen: served from the cache." not in page(analyst, url)
    assert "Not seen: served from the cache." in page(analyst, "/recommendations/?region=EUR")


def test_pages_with_invalid_filters_are_not_cached(logged_in):
    analyst = logged_in("Analyst")
    page(analyst, "/changes/")
    before = len(cache._cache)  # with the user's permissions, a page
    for n in range(5):
        assert analyst.get(f"/recommendations/?year=bad{n}").status_code == 400
    assert len(cache._cache) == before


def test_canonical_query_sorts_drops_and_escapes():
    query = RequestFactory().get("/?b=2&a=x%26c%3D1&z=9&a=&page=1&countries=s&countries=n").GET
    assert canonical_query(query, ["a", "b", "page", "countries"]) == (
        "a=x%26c%3D1&b=2&countries=n&countries=s"
    )


def test_versions_are_read_in_one_query_per_request(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = get_user_model()(pk=1)
    with django_assert_num_queries(1):  # the site-wide row with the sum of the countries'
        assert versions(request) == versions(request) == versions(request.user)


def test_cached_parts_render_once_until_a_write():
    calls = []

    def render():
        calls.append(1)
        return {"body": f"<p>render {len(calls)}</p>"}

    request = RequestFactory().get("/countries/")
    assert cached_or_rendered_parts(request, "page", render)["body"] == "<p>render 1</p>"
    request = RequestFactory().get("/countries/")
    assert cached_or_rendered_parts(request, "page", render)["body"] == "<p>render 1</p>"
    make_recommendation()
    request = RequestFactory().get("/countries/")
    assert cached_or_rendered_parts(request, "page", render)["body"] == "<p>render 2</p>"


def test_a_response_served_before_comes_from_this_process_without_asking_the_cache(
    two_countries, logged_in, django_assert_num_queries
):
    norway, _ = two_countries
    analyst = logged_in("Analyst")
    url = norway.get_absolute_url()
    page(analyst, url)  # sets the CSRF cookie, part of the ETag from now on
    served = page(analyst, url)
    cache.clear()  # the shared cache forgets it (e.g. evicted)
    rewrite_behind_the_cache(norway, "Norway asks again.")
    with django_assert_num_queries(2):  # session, user with the versions: nothing rebuilt
        assert page(analyst, url) == served
    make_status(norway)  # a write: new versions, new ETags
    assert "Norway asks again." in page(analyst, url)


def test_in_process_responses_stay_within_their_byte_budget():
    responses = LocalResponses(max_bytes=10)
    responses.put('"a"', b"12345")
    responses.put('"b"', b"12345")
    assert responses.get('"a"') == b"12345"  # now the most recently used
    responses.put('"c"', b"123")
    assert responses.get('"b"') is None and responses.get('"a"') == b"12345"
    assert responses.size == 8
    responses.put('"huge"', b"x" * 11)  # larger than the whole budget: not kept
    assert responses.get('"huge"') is None and responses.size == 8
