"""Pillars from the wording: the seed chapter's ten recommendations, and the rules' edges."""

import pytest
from django.core.management import call_command

from recommendations.chapters import parse_chapter
from recommendations.models import Pillar, Recommendation
from recommendations.pillars import classify_pillar
from tests.recommendations.chapter_files import SEED

# Decided by reading each one: the main ask, not every word it touches.
SEED_PILLARS = [
    Pillar.PROSECUTION,  # Expand efforts to investigate, prosecute, and convict traffickers ...
    Pillar.PROTECTION,  # Establish an NRM and victim identification procedures ...
    Pillar.GENERAL,  # Develop and implement a reliable comprehensive statistical system ...
    Pillar.PROTECTION,  # Screen all foreign nationals and asylum-seekers for indicators ...
    Pillar.PROTECTION,  # Ensure all trafficking victims receive access to assistance ...
    Pillar.PROTECTION,  # Enhance efforts to proactively identify and assist trafficking victims
    Pillar.PROTECTION,  # Consistently implement the existing non-punishment provisions ...
    Pillar.PROSECUTION,  # Enhance training for investigating cases and collecting evidence ...
    Pillar.PROSECUTION,  # Increase training for investigators, prosecutors, and judges ...
    Pillar.PREVENTION,  # Develop an updated NAP ...
]


def test_seed_recommendations_get_the_pillar_a_reader_gives_them():
    chapter = parse_chapter(SEED.read_text(encoding="utf-8"))
    assert [classify_pillar(item.text) for item in chapter.recommendations] == SEED_PILLARS


@pytest.mark.parametrize(
    "text, pillar",
    [
        ("Sentence convicted traffickers to adequate prison terms.", Pillar.PROSECUTION),
        ("Fund shelters for male victims.", Pillar.PROTECTION),
        ("Refer potential victims to care.", Pillar.PROTECTION),
        ("Eliminate recruitment fees charged to workers.", Pillar.PREVENTION),
        ("Increase labor inspections in the fishing sector.", Pillar.PREVENTION),
        ("Raise public awareness of forced labor.", Pillar.PREVENTION),
        ("Adopt a national action plan.", Pillar.PREVENTION),
        ("Increase cooperation with source countries.", Pillar.PARTNERSHIP),
        ("Sign agreements with other governments on labor migration.", Pillar.PARTNERSHIP),
        ("Amend the constitution.", Pillar.GENERAL),
        # "nap" inside a word or in lower case is not the acronym
        ("Stop kidnapping.", Pillar.GENERAL),
    ],
)
def test_rules(text, pillar):
    assert classify_pillar(text) == pillar


@pytest.mark.django_db
def test_import_sets_pillars_only_when_it_creates_the_recommendation():
    call_command("import_report", str(SEED), quiet=True)
    pillars = list(Recommendation.objects.order_by("position").values_list("pillar", flat=True))
    assert pillars == SEED_PILLARS
    third = Recommendation.objects.get(position=3)
    third.pillar = Pillar.PROTECTION  # an admin's choice
    third.save()
    call_command("import_report", str(SEED), quiet=True)
    third.refresh_from_db()
    assert third.pillar == Pillar.PROTECTION
