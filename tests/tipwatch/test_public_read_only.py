"""PUBLIC_READ_ONLY opens the read-only pages to anonymous visitors, and nothing else."""

import pytest

from tests.factories import get_country, make_ratings, make_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(settings):
    settings.PUBLIC_READ_ONLY = True
    make_ratings(get_country("NOR"), {2022: "2", 2023: "2"})
    return make_recommendation(year=2023)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/countries/",
        "/countries/norway/",
        "/recommendations/",
        "/trends/",
        "/countries/norway/brief/",
        "/countries/norway/brief/?format=pdf",
    ],
)
def test_anonymous_reads_public_pages(client, public, path):
    assert client.get(path).status_code == 200


def test_anonymous_reads_a_recommendation_without_the_form(client, public):
    page = client.get(public.get_absolute_url())
    assert page.status_code == 200
    assert "record_status" not in page.content.decode()
    assert f"/recommendations/{public.pk}/status/" not in page.content.decode()


def test_anonymous_reads_a_country_without_the_follow_button(client, public, django_user_model):
    page = client.get("/countries/norway/").content.decode()
    assert "Norway" in page
    assert "/countries/norway/follow/" not in page and "follow-form" not in page
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-pw-1"))
    assert "/countries/norway/follow/" in client.get("/countries/norway/").content.decode()


def test_writes_and_admin_still_need_a_login(client, public):
    response = client.post(f"/recommendations/{public.pk}/status/", {"status": "implemented"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/").status_code == 302
    assert client.get("/imports/").status_code in (302, 403)


def test_pages_need_a_login_by_default(client, settings):
    settings.PUBLIC_READ_ONLY = False
    response = client.get("/countries/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
