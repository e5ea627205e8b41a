"""Plain factory functions for tests. Countries come from the catalogue (loaded by migrate)."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from countries.models import Country, TierRating
from countries.services import refresh_derived_facts
from recommendations.models import Pillar, Recommendation
from recommendations.services import record_status, refresh_dropped
from tipwatch.core.submissions import new_form_token

_sequence = itertools.count(1)


def get_country(iso3="NOR"):
    return Country.objects.get(iso3=iso3)


def form_token():
    """A fresh one-time token, as a rendered status form carries (tipwatch.core.submissions)."""
    return new_form_token()


def make_country(**fields):
    """A fictional country (code QA*), for tests that need more countries than they look up."""
    n = next(_sequence)
    defaults = {
        "name": f"Testland {n}",
        "slug": f"testland-{n}",
        "iso3": f"Q{n:02d}"[-3:],
        "iso2": "",
        "region": "EUR",
    }
    defaults.update(fields)
    return Country.objects.create(**defaults)


def make_ratings(country, history, **fields):
    """Create ratings from {year: tier} and derive their facts, as the importers do."""
    ratings = [
        TierRating.objects.create(country=country, year=year, tier=tier, **fields)
        for year, tier in history.items()
    ]
    refresh_derived_facts(country_ids=[country.pk])
    for rating in ratings:
        rating.refresh_from_db()
    return ratings


def make_rating(country, year=2023, tier="2", **fields):
    return make_ratings(country, {year: tier}, **fields)[0]


def make_recommendation(country=None, year=2023, position=None, text=None, **fields):
    country = country or get_country()
    if position is None:
        position = Recommendation.objects.filter(country=country, year=year).count() + 1
    rec = Recommendation.objects.create(
        country=country,
        year=year,
        position=position,
        text=text or f"Recommendation {position} for {country.name} in {year}.",
        pillar=fields.pop("pillar", Pillar.GENERAL),
        **fields,
    )
    refresh_dropped(country_ids=[country.pk])  # as the import does after writing its rows
    rec.refresh_from_db(fields=["dropped_in"])
    return rec


def carry_over_row(rec, earlier):
    """rec is carried over from earlier, written as an import's match_carried_over writes it (no
    admin confirmation)."""
    Recommendation.objects.filter(pk=rec.pk).update(carried_over_from=earlier)
    refresh_dropped(country_ids=[rec.country_id])


def remove_from_report(rec):
    """rec is no longer listed by its chapter, as a re-import leaves it."""
    Recommendation.objects.filter(pk=rec.pk).update(removed_from_report=True)
    refresh_dropped(country_ids=[rec.country_id])


def make_status(recommendation, status="in_progress", as_of=None, note=None, user=None):
    """Record a status; the default note differs each time (the same change twice is refused)."""
    return record_status(
        recommendation=recommendation,
        status=status,
        as_of=as_of or datetime.date(recommendation.year, 6, 1),
        note=note or f"Noted ({next(_sequence)}).",
        user=user,
    )


def make_user(username=None, perms=(), groups=(), **fields):
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_sequence)}", password="a-long-test-password", **fields
    )
    for code in perms:
        app_label, codename = code.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_persona(role):
    """A user in one of the three role groups ("Analyst", "Admin", "Manager")."""
    return make_user(
        username=f"{role.lower()}-{next(_sequence)}", groups=[role], is_staff=role == "Admin"
    )


def page_main(response):
    """The page's <main> element (the header's logout form has a fresh CSRF token each time)."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
