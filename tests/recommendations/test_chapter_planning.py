"""Planning a chapter import is pure: chapters + what is on record -> an immutable plan; the
write service writes it without changing it."""

import dataclasses
from types import SimpleNamespace

import pytest

from countries.tiers import Tier
from recommendations.chapter_asks import Located
from recommendations.chapter_planning import (
    OnRecord,
    StoredRating,
    StoredRecommendation,
    plan_import,
)
from recommendations.reading.report import Chapter

COUNTRY = SimpleNamespace(pk=7, iso3="NOR", name="Norway", slug="norway")


def chapter(tier=Tier.TIER_2, summary_tiers=(), texts=("Fund shelters.", "Train judges.")):
    return Chapter(
        label="nor.txt",
        source="nor.txt",
        country=COUNTRY,
        year=2023,
        tier=tier,
        tier_line=1,
        summary="The Government of Norway acted.",
        recommendations=tuple(Located(n + 3, text) for n, text in enumerate(texts)),
        summary_tiers=summary_tiers,
    )


def stored(pk, position, text):
    return StoredRecommendation(
        pk=pk,
        position=position,
        text=text,
        pillar="general",
        removed_from_report=False,
        has_history=False,
        has_confirmed_repeat=False,
        carried_over_confirmed=False,
        carried_over_from_id=None,
        origin="import run 1 (nor.txt, 2026-01-01)",
    )


ON_RECORD = OnRecord(
    ratings={7: {2023: StoredRating("2", "", "https://example.org", "stated", "the bundled data")}},
    recommendations={(7, 2023): [stored(1, 1, "Train judges."), stored(2, 2, "Fund NGOs.")]},
    earlier={},
)


def test_the_plan_is_immutable_and_says_every_row():
    plan = plan_import([chapter()], ON_RECORD)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.counts = ()
    assert dict(plan.counts) == {
        ("recommendation", "created"): 1,
        ("recommendation", "deleted"): 1,
        ("recommendation", "updated"): 1,
    }
    assert [(new.position, new.text) for new in plan.create] == [(1, "Fund shelters.")]
    assert [(u.pk, u.old_position, u.position) for u in plan.update] == [(1, 1, 2)]
    assert plan.delete == (2,)
    assert plan.overwrites == (
        "Norway 2023: recommendation #2 no longer in the report, deleted (on record from import "
        "run 1 (nor.txt, 2026-01-01)): Fund NGOs.",
    )
    assert plan.questions == () and plan.refusal(overwrite=True) == []
    assert len(plan.refusal(overwrite=False)) == 1


def test_a_choice_settles_a_question_and_is_said():
    disagreeing = chapter(summary_tiers=((Tier.WATCH_LIST, "remained on Tier 2 Watch List"),))
    asked = plan_import([disagreeing], ON_RECORD)
    [question] = asked.questions
    assert (question.key, question.kind) == ("NOR-2023", "tier")
    assert asked.refusal(overwrite=True) == [question.problem]
    settled = plan_import([disagreeing], ON_RECORD, choices={"tiers": {"NOR": "2WL"}})
    assert settled.questions == () and settled.chapters[0].tier == Tier.WATCH_LIST
    assert disagreeing.tier == Tier.TIER_2  # the chapter read is left as it was
    assert settled.decisions == (
        "Norway 2023: Tier 2 Watch List chosen by the admin (the heading says Tier 2, the "
        "summary 'remained on Tier 2 Watch List')",
    )
