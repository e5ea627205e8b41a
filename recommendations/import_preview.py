"""The preview of a chapter import: what it would write, said per chapter, written nowhere.

recommendations.imports.plan_import makes an ImportPlan: the rows the import writes (applied by
recommendations.services.write_import_plan in the import's transaction) and, per chapter, a preview
in plain JSON-able data: the tier and its move from the previous year on record, what happens
to the year's rows on record, and each recommendation compared with the previous report year on
record, by the matching that links recurring recommendations (recommendations/recurrence.py):
new, unchanged (same words), reworded (linked, other words), and that year's recommendations no
longer in the report. The command's --dry-run prints as_text(); the web import stores as_data()
and renders it.
"""

import os
from collections import defaultdict
from dataclasses import dataclass, field, replace

from countries.models import TierRating
from countries.tiers import Tier, movement_between
from recommendations.models import Pillar, Recommendation
from recommendations.pillars import classify_pillar
from recommendations.recurrence import LINK_THRESHOLD, best_pairs, comparable, comparable_similarity

NEW, UNCHANGED, REWORDED = "new", "unchanged", "reworded"
MARKS = {NEW: "+", UNCHANGED: "=", REWORDED: "~"}


@dataclass
class ImportPlan:
    chapters: list  # imports.ChapterPlan, in reading order
    writes: object  # imports._RecommendationWrites, planned; saved by services.write_import_plan
    warnings: list = field(default_factory=list)  # tipwatch.core.importlog.Problem
    previews: list = field(default_factory=list)  # one dict per chapter (chapter_previews)

    def as_data(self):
        """The preview as JSON-able data (kept with a web import job, compared on apply)."""
        return {
            "chapters": self.previews,
            "warnings": [short(warning) for warning in self.warnings],
        }

    def as_text(self):
        return preview_text(self.as_data())


def short(problem):
    """A problem as the preview says it: FILE:LINE: message, FILE without its folder (the same
    for a file given to the command and one uploaded, whose folder is no one's business)."""
    return str(replace(problem, file=os.path.basename(str(problem.file))))


def chapter_previews(chapters, changes):
    """One preview dict per chapter; changes: each chapter's imports.ChapterWrites.

    Three queries: the countries' ratings, the years they have recommendations, and the
    recommendations of each chapter's previous year on record.
    """
    country_ids = {chapter.country.pk for chapter in chapters}
    ratings = defaultdict(dict)
    for rating in TierRating.objects.filter(country_id__in=country_ids).only(
        "country_id", "year", "tier", "summary", "source", "basis"
    ):
        ratings[rating.country_id][rating.year] = rating
    rec_years = Recommendation.objects.in_report().years_by_country(country_ids)
    previous_year = {
        (chapter.country.pk, chapter.year): max(
            (y for y in rec_years[chapter.country.pk] if y < chapter.year), default=None
        )
        for chapter in chapters
    }
    earlier = defaultdict(list)
    wanted = {(c, y) for (c, _), y in previous_year.items() if y is not None}
    if wanted:
        for rec in (
            Recommendation.objects.in_report()
            .filter(country_id__in={c for c, _ in wanted}, year__in={y for _, y in wanted})
            .only("country_id", "year", "position", "text")
            .order_by("position")
        ):
            if (rec.country_id, rec.year) in wanted:
                earlier[rec.country_id, rec.year].append(rec)
    return [
        _chapter_preview(
            chapter,
            chapter_changes,
            ratings[chapter.country.pk],
            previous_year[chapter.country.pk, chapter.year],
            earlier,
        )
        for chapter, chapter_changes in zip(chapters, changes, strict=True)
    ]


def _chapter_preview(chapter, changes, ratings, rec_previous_year, earlier):
    on_record = ratings.get(chapter.year)
    wanted = (chapter.tier, chapter.summary, chapter.source, "")
    if on_record is None:
        rating = "created"
    elif (on_record.tier, on_record.summary, on_record.source, on_record.basis) == wanted:
        rating = "unchanged"
    else:
        rating = "updated"
    before = [year for year in ratings if year < chapter.year]
    tier_year = max(before, default=None)
    tier_before = ratings[tier_year].tier if tier_year else None
    previous = earlier[chapter.country.pk, rec_previous_year] if rec_previous_year else []
    items, dropped = _compare(changes.in_report, previous)
    counts = {NEW: 0, UNCHANGED: 0, REWORDED: 0}
    for item in items:
        counts[item["compared"]] += 1
    return {
        "label": chapter.source,
        "country": chapter.country.name,
        "slug": chapter.country.slug,
        "year": chapter.year,
        "tier": Tier(chapter.tier).label,
        "previous_tier_year": tier_year,
        "previous_tier": Tier(tier_before).label if tier_before else None,
        "movement": movement_between(tier_before, chapter.tier).label,
        "rating": rating,
        "has_section": chapter.recommendations is not None,
        "on_record": {what: n for (_, what), n in sorted(changes.counts.items())},
        "compared_with": rec_previous_year,
        "counts": {**counts, "dropped": len(dropped)},
        "recommendations": items,
        "dropped": dropped,
    }


def _compare(in_report, previous):
    """Each recommendation of the chapter against the previous year's, as recurrence links."""
    by_id = {rec.pk: rec for rec in previous}
    targets, taken = {}, set()
    for index, (_, rec) in enumerate(in_report):
        if rec is not None and rec.link_confirmed:
            targets[index] = by_id.get(rec.carried_over_from_id)
            taken.add(rec.carried_over_from_id)
    pairs = best_pairs(
        [(i, comparable(text)) for i, (text, _) in enumerate(in_report) if i not in targets],
        [(rec.pk, comparable(rec.text)) for rec in previous if rec.pk not in taken],
        comparable_similarity,
        LINK_THRESHOLD,
    )
    targets.update({index: by_id[old] for index, old, _ in pairs})
    items = []
    for index, (text, rec) in enumerate(in_report):
        target = targets.get(index)
        if target is None:
            compared = NEW
        elif " ".join(target.text.split()) == " ".join(text.split()):
            compared = UNCHANGED
        else:
            compared = REWORDED
        pillar = rec.pillar if rec is not None else classify_pillar(text)
        items.append(
            {
                "position": index + 1,
                "text": text,
                "pillar": Pillar(pillar).label,
                "compared": compared,
                "repeats": target.position if target else None,
            }
        )
    linked = {target.pk for target in targets.values() if target}
    dropped = [
        {"position": rec.position, "text": rec.text} for rec in previous if rec.pk not in linked
    ]
    return items, dropped


def preview_text(data):
    """The preview as text lines (import_report --dry-run)."""
    lines = [f"Preview of {len(data['chapters'])} chapter(s); nothing was written."]
    for chapter in data["chapters"]:
        lines += _chapter_text(chapter)
    lines += [f"warning: {warning}" for warning in data["warnings"]]
    return "\n".join(lines)


def _chapter_text(chapter):
    if chapter["previous_tier"]:
        before = f"{chapter['previous_tier']} in {chapter['previous_tier_year']}"
        move = f"{chapter['movement']} from {before}"
    else:
        move = "first rating on record"
    lines = [
        "",
        f"{chapter['country']} {chapter['year']}: {chapter['tier']} ({move}); "
        f"rating {chapter['rating']} ({chapter['label']})",
    ]
    if not chapter["has_section"]:
        lines.append("  no recommendations section: the recommendations on record stay")
    counts = chapter["counts"]
    against = chapter["compared_with"]
    lines.append(
        f"  recommendations: {counts[NEW]} new, {counts[UNCHANGED]} unchanged, "
        f"{counts[REWORDED]} reworded, {counts['dropped']} no longer in the report"
        + (f" (against {against})" if against else " (no earlier year on record)")
    )
    if chapter["on_record"]:
        done = ", ".join(f"{n} {what}" for what, n in chapter["on_record"].items())
        lines.append(f"  rows of {chapter['year']} on record: {done}")
    for item in chapter["recommendations"]:
        repeats = f" (repeats {against} #{item['repeats']})" if item["repeats"] else ""
        lines.append(
            f"  {MARKS[item['compared']]} {item['position']}. [{item['pillar']}] "
            f"{item['text']}{repeats}"
        )
    lines += [f"  - {against} #{item['position']}. {item['text']}" for item in chapter["dropped"]]
    return lines
