"""Admins confirm, set and remove what a recommendation is carried over from and set pillars on
the recommendation page."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from countries.models import Country
from recommendations.models import Pillar, Recommendation
from tests.factories import get_country, make_recommendation
from tests.recommendations.chapter_files import SEED, fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def years():
    norway = get_country("NOR")
    make_recommendation(norway, 2021, text="An ask of 2021.")
    old = make_recommendation(norway, 2022, text="Adopt a national action plan.")
    other_old = make_recommendation(norway, 2022, text="Fund shelters for men.")
    new = make_recommendation(norway, 2023, text="Adopt and fund a national action plan.")
    return old, other_old, new


def version():
    """Norway's cache version: its pages and the lists are outdated when it grows."""
    return Country.objects.get(iso3="NOR").cache_version


def post_carried_over(client, rec, **data):
    return client.post(f"/recommendations/{rec.pk}/carried-over/", data)


def test_admin_sees_the_forms_with_the_nearest_earlier_year_as_choices(admin_role_client, years):
    old, other_old, new = years
    page = admin_role_client.get(new.get_absolute_url()).content.decode()
    assert f'action="/recommendations/{new.pk}/carried-over/"' in page
    assert f'action="/recommendations/{new.pk}/pillar/"' in page
    assert f'<option value="{old.pk}"' in page and f'<option value="{other_old.pk}"' in page
    assert "2021 #1" not in page  # not the nearest earlier year


def test_the_first_year_offers_nothing_to_confirm(admin_role_client, years):
    first = Recommendation.objects.get(country__iso3="NOR", year=2021)
    soup = BeautifulSoup(admin_role_client.get(first.get_absolute_url()).content, "html.parser")
    editor = soup.find("div", class_="carried-over-editor")
    text = editor.get_text()
    assert "No earlier report year of Norway is on record to carry it over from." in text
    assert editor.find("form") is None
    assert "repeats nothing" not in editor.get_text()


def test_analyst_sees_no_editing_form(analyst_client, years):
    page = analyst_client.get(years[2].get_absolute_url()).content.decode()
    assert "/carried-over/" not in page and "/pillar/" not in page


def test_set_confirm_and_remove_carried_over(admin_role_client, years):
    old, other_old, new = years
    before = version()
    response = post_carried_over(admin_role_client, new, action="set", target=other_old.pk)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    new.refresh_from_db()
    assert (new.carried_over_from, new.carried_over_confirmed, new.recurrence_years) == (
        other_old,
        True,
        2,
    )
    assert version() > before
    assert post_carried_over(admin_role_client, new, action="remove").status_code == 302
    new.refresh_from_db()
    assert (new.carried_over_from, new.carried_over_confirmed, new.recurrence_years) == (
        None,
        True,
        1,
    )
    Recommendation.objects.filter(pk=new.pk).update(
        carried_over_confirmed=False, carried_over_from=old
    )
    before = version()
    assert post_carried_over(admin_role_client, new, action="confirm").status_code == 302
    new.refresh_from_db()
    assert (new.carried_over_from, new.carried_over_confirmed) == (old, True)
    assert version() > before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "set", "target": "2021"}, "nearest earlier report year"),  # see below
        ({"action": "set", "target": ""}, "Choose the earlier recommendation"),
        ({"action": "set", "target": "abc"}, "Choose the earlier recommendation"),
        ({"action": "set", "target": str(2**70)}, "Choose the earlier recommendation"),
        ({"action": "set", "target": "999999999"}, "There is no recommendation #999999999"),
        ({"action": "jump"}, "Unknown action"),
        ({}, "Unknown action"),
    ],
)
def test_bad_carried_over_input_is_refused_with_400(admin_role_client, years, data, message):
    old, other_old, new = years
    if data.get("target") == "2021":
        data = {**data, "target": str(Recommendation.objects.get(year=2021).pk)}
    response = post_carried_over(admin_role_client, new, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    new.refresh_from_db()
    assert (new.carried_over_from, new.carried_over_confirmed) == (None, False)


def test_a_later_or_foreign_target_is_refused(admin_role_client, years):
    old, _, new = years
    foreign = make_recommendation(get_country("SWE"), 2022, text="Swedish ask.")
    for rec, target in [(old, new), (new, foreign)]:
        response = post_carried_over(admin_role_client, rec, action="set", target=target.pk)
        assert response.status_code == 400
        assert "nearest earlier report year" in response.content.decode()


def test_unknown_recommendation_is_404(admin_role_client):
    missing = Recommendation(pk=999999)
    assert post_carried_over(admin_role_client, missing, action="remove").status_code == 404
    assert admin_role_client.post(f"/recommendations/{2**70}/pillar/").status_code == 404


def test_set_pillar(admin_role_client, years):
    new = years[2]
    before = version()
    response = admin_role_client.post(
        f"/recommendations/{new.pk}/pillar/", {"pillar": "prevention"}
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.pillar == Pillar.PREVENTION and version() > before
    response = admin_role_client.post(
        f"/recommendations/{new.pk}/pillar/", {"pillar": "Prevention"}
    )
    assert response.status_code == 400 and "Unknown pillar" in response.content.decode()
    new.refresh_from_db()
    assert new.pillar == Pillar.PREVENTION


def test_page_edits_survive_reimport(admin_role_client):
    chapters = [str(SEED), str(fixture("nor_2024_seed_layout.txt"))]
    call_command("import_report", *chapters, quiet=True)
    cooperation = Recommendation.objects.get(year=2024, position=4)
    target = Recommendation.objects.get(year=2023, position=9)
    first = Recommendation.objects.get(year=2023, position=1)
    response = post_carried_over(admin_role_client, cooperation, action="set", target=target.pk)
    assert response.status_code == 302
    new_pillar = Pillar.PARTNERSHIP if first.pillar != Pillar.PARTNERSHIP else Pillar.GENERAL
    admin_role_client.post(f"/recommendations/{first.pk}/pillar/", {"pillar": new_pillar})
    call_command("import_report", *chapters, quiet=True)
    cooperation.refresh_from_db()
    first.refresh_from_db()
    assert (cooperation.carried_over_from, cooperation.carried_over_confirmed) == (target, True)
    assert first.pillar == new_pillar
