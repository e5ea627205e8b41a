"""Admins confirm, change and remove what a recommendation is carried over from in the Django
admin, through the service."""

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from tests.factories import get_country, make_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def years():
    norway = get_country("NOR")
    old = make_recommendation(norway, 2022, text="Adopt a national action plan.")
    other_old = make_recommendation(norway, 2022, text="Fund shelters for men.")
    new = make_recommendation(norway, 2023, text="Adopt and fund a national action plan.")
    return old, other_old, new


def change_form(rec, **changes):
    data = {
        "country": rec.country_id,
        "year": rec.year,
        "position": rec.position,
        "text": rec.text,
        "pillar": rec.pillar,
        "carried_over_from": rec.carried_over_from_id or "",
        "source": rec.source,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_confirm_carried_over_action(admin_client, years):
    _, _, new = years
    response = admin_client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "confirm_carried_over", "_selected_action": [new.pk]},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.carried_over_confirmed


def test_saving_a_changed_carried_over_goes_through_the_service(admin_client, years):
    old, other_old, new = years
    url = reverse("admin:recommendations_recommendation_change", args=[new.pk])
    response = admin_client.post(url, change_form(new, carried_over_from=old.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    new.refresh_from_db()
    assert (new.carried_over_from, new.carried_over_confirmed, new.recurrence_years) == (
        old,
        True,
        2,
    )
    assert new.carried_over_similarity is not None
    # Remove it: confirmed as "repeats nothing", chain back to 1.
    response = admin_client.post(url, change_form(new, carried_over_from=""))
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.carried_over_from, new.carried_over_confirmed, new.recurrence_years) == (
        None,
        True,
        1,
    )


def test_carried_over_from_a_later_year_is_refused_on_the_form(admin_client, years):
    old, _, new = years
    url = reverse("admin:recommendations_recommendation_change", args=[old.pk])
    response = admin_client.post(url, change_form(old, carried_over_from=new.pk))
    assert response.status_code == 200
    assert "earlier report year" in response.content.decode()
    old.refresh_from_db()
    assert old.carried_over_from is None and not old.carried_over_confirmed
    assert Recommendation.objects.filter(carried_over_confirmed=True).count() == 0
