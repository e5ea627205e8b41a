"""Import of report chapters: tier, summary and recommendations per country and year.

All or nothing like every import (tipwatch/core/importlog.py): every file is read and checked first,
then planned here. The writes of a good run happen in one transaction with a bounded number of
queries (existing rows are read once per run, written in bulk by
recommendations.services.write_import_plan).
"""

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from rapidfuzz import fuzz, utils

from countries.models import Country, normalise_name
from recommendations.import_preview import ImportPlan, chapter_previews
from recommendations.models import Recommendation, StatusChange
from recommendations.pillars import classify_pillar
from recommendations.reading.files import read_report_file
from recommendations.recurrence import best_pairs
from recommendations.services import write_import_plan
from tipwatch.core.importlog import ImportFailed, Problem, recorded_run

# A re-imported recommendation whose wording changed this little is the same one (typo fixes,
# punctuation); its id and status history stay.
SAME_RECOMMENDATION_THRESHOLD = 90


# Chapters ------------------------------------------------------------------------------------


@dataclass
class ChapterPlan:
    label: str  # the path as given, for messages
    source: str  # the file name, kept as the rating's source
    country: Country
    year: int
    tier: str
    tier_line: int
    summary: str
    recommendations: list | None  # Located(line, text); None: the chapter has no such section


def import_chapters(
    paths,
    *,
    year=None,
    user=None,
    invoked_as="",
    progress=None,
    on_page=None,
    expected=None,
    then=None,
):
    """Import country chapters (see recommendations.chapters); all or nothing.

    year is used for chapters whose text states none. progress wraps the file list (a
    progress bar) when given; on_page(done, total) is called after each page of a PDF.
    expected: the preview (ImportPlan.as_data()) an admin approved; the run is refused when
    the plan made now differs from it. then(run): called with the import's log entry in the
    import's own transaction. Raises ImportFailed with every problem; returns ImportOutcome.
    """
    paths = list(paths)

    def work():
        chapters, warnings = _read_chapters(paths, year, progress, on_page)
        with transaction.atomic():
            plan = plan_import(chapters, warnings, preview=expected is not None)
            if expected is not None and plan.as_data() != expected:
                raise ImportFailed(
                    [
                        Problem(
                            chapters[0].label if chapters else "upload",
                            1,
                            "the data on record changed since the preview; preview the "
                            "files again before applying",
                        )
                    ]
                )
            return write_import_plan(plan=plan)

    return recorded_run(
        command="import_report", paths=paths, user=user, invoked_as=invoked_as, work=work,
        then=then,
    )  # fmt: skip


def preview_chapters(paths, *, year=None, progress=None, on_page=None):
    """What import_chapters(paths, year=year) would write, written nowhere: an ImportPlan.

    Raises ImportFailed (with every problem) exactly when the import would.
    """
    chapters, warnings = _read_chapters(list(paths), year, progress, on_page)
    return plan_import(chapters, warnings)


def _read_chapters(paths, year, progress=None, on_page=None):
    reading = _ChapterReading(year=year, names=Country.objects.name_index(), on_page=on_page)
    plans = []
    for path in (progress or (lambda files: files))(paths):
        plans += reading.plans_of(path)
    if reading.problems:
        raise ImportFailed(reading.problems, reading.warnings)
    return plans, reading.warnings


@dataclass
class _ChapterReading:
    """Reads the files of a run (recommendations.reading) into ChapterPlans, gathering
    problems and warnings; a (country, year) is read once per run."""

    year: int | None
    names: dict
    on_page: object = None  # on_page(done, total) after each page of a PDF
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    first_seen: dict = field(default_factory=dict)

    def plans_of(self, path):
        label = str(path)
        read = read_report_file(path, year=self.year, progress=self.on_page)
        self.problems += [Problem(label, error.line, error.text) for error in read.errors]
        self.warnings += [Problem(label, item.line, item.text) for item in read.warnings]
        plans = []
        for chapter in read.chapters:
            self.problems += [Problem(label, error.line, error.text) for error in chapter.errors]
            self.warnings += [Problem(label, item.line, item.text) for item in chapter.warnings]
            if not chapter.errors:
                plan = self.plan(label, chapter, many=len(read.chapters) > 1)
                plans += [plan] if plan else []
        return plans

    def plan(self, label, chapter, *, many):
        """The chapter's ChapterPlan, or None (with the problem or warning saying why)."""
        country = self.names.get(normalise_name(chapter.country_name))
        if country is None:
            unknown = Problem(
                label,
                chapter.country_line,
                f"unknown country {chapter.country_name!r} (add the spelling to the aliases in "
                "countries/catalogue.py)" + ("; this chapter is skipped" if many else ""),
            )
            if many:
                # One unknown name must not hold up a whole report: said, and left out.
                self.warnings.append(unknown)
                return None
            self.problems.append(unknown)
        chapter_year = chapter.year or self.year
        if chapter_year is None:
            self.problems.append(
                Problem(
                    label,
                    chapter.tier_line,
                    "the text states no report year; give one with --year YEAR",
                )
            )
        if country is None or chapter_year is None:
            return None
        if problem := country.year_problem(chapter_year):
            self.problems.append(Problem(label, chapter.country_line, problem))
            return None
        key = (country.pk, chapter_year)
        if key in self.first_seen:
            self.problems.append(
                Problem(
                    label,
                    chapter.tier_line,
                    f"a second chapter for {country.name} {chapter_year} in this run "
                    f"(the first is {self.first_seen[key]})",
                )
            )
            return None
        self.first_seen[key] = f"{label}:{chapter.tier_line}"
        return ChapterPlan(
            label=label,
            source=os.path.basename(label),
            country=country,
            year=chapter_year,
            tier=chapter.tier,
            tier_line=chapter.tier_line,
            summary=chapter.summary,
            recommendations=(
                chapter.recommendations if chapter.has_recommendations_section else None
            ),
        )


def plan_import(chapters, warnings=(), *, preview=True):
    """Every row the import of these ChapterPlans writes, read from the database, unwritten.

    preview=False skips the per-chapter preview (three queries) when nobody reads it.
    """
    keys = {(chapter.country.pk, chapter.year) for chapter in chapters}
    existing = defaultdict(list)
    for rec in _existing_recommendations(
        {country_id for country_id, _ in keys}, {year for _, year in keys}
    ):
        if (rec.country_id, rec.year) in keys:
            existing[rec.country_id, rec.year].append(rec)
    writes = _RecommendationWrites()
    changes = [
        writes.plan(chapter, existing[chapter.country.pk, chapter.year]) for chapter in chapters
    ]
    return ImportPlan(
        chapters=chapters,
        writes=writes,
        warnings=[*warnings, *writes.warnings],
        previews=chapter_previews(chapters, changes) if preview else [],
    )


def _existing_recommendations(country_ids, years):
    has_history = StatusChange.objects.filter(recommendation=OuterRef("pk"))
    has_confirmed_repeat = Recommendation.objects.filter(
        carried_over_from=OuterRef("pk"), link_confirmed=True
    )
    return (
        Recommendation.objects.filter(country_id__in=country_ids, year__in=years)
        .annotate(
            has_history=Exists(has_history), has_confirmed_repeat=Exists(has_confirmed_repeat)
        )
        .order_by("country_id", "year", "position")
    )


def _same_text(text):
    return " ".join(text.split())


def match_recommendations(old_texts, new_texts):
    """Pair re-imported texts with the recommendations on record: {new index: old index}.

    Exact matches (after whitespace normalisation) first, then very similar wording
    (SAME_RECOMMENDATION_THRESHOLD), one to one, best pairs first.
    """
    matches, free_old = {}, list(range(len(old_texts)))
    for new_index, text in enumerate(new_texts):
        for old_index in free_old:
            if _same_text(old_texts[old_index]) == _same_text(text):
                matches[new_index] = old_index
                free_old.remove(old_index)
                break
    pairs = best_pairs(
        [(i, utils.default_process(t)) for i, t in enumerate(new_texts) if i not in matches],
        [(i, utils.default_process(old_texts[i])) for i in free_old],
        fuzz.ratio,
        SAME_RECOMMENDATION_THRESHOLD,
    )
    matches.update({new_index: old_index for new_index, old_index, _ in pairs})
    return matches


@dataclass
class ChapterWrites:
    counts: Counter  # ("recommendation", created/updated/unchanged/deleted) -> rows
    in_report: list  # (text, the row on record it updates or None), in the new order


class _RecommendationWrites:
    """The recommendation rows a run creates, changes and deletes, and their counts: planned
    here, written together by recommendations.services.write_import_plan."""

    def __init__(self):
        self.create, self.change, self.delete = [], [], []
        self.counts, self.warnings = Counter(), []
        self.existing_ids, self.unchanged_ids, self.touched_ids = set(), set(), set()

    def plan(self, plan, existing):
        """Plan one chapter's rows; return its ChapterWrites (for the preview)."""
        before = Counter(self.counts)
        self.existing_ids.update(rec.pk for rec in existing)
        if plan.recommendations is None:
            # No section found: what is on record stays as it is (the warning says so).
            self.counts["recommendation", "unchanged"] += len(existing)
            self.unchanged_ids.update(rec.pk for rec in existing)
            kept = [(rec.text, rec) for rec in existing if not rec.removed_from_report]
            return ChapterWrites(counts=self.counts - before, in_report=kept)
        in_report = self._plan_section(plan, existing)
        return ChapterWrites(counts=self.counts - before, in_report=in_report)

    def _plan_section(self, plan, existing):
        texts = [item.text for item in plan.recommendations]
        matches = match_recommendations([rec.text for rec in existing], texts)
        matched_old = set(matches.values())
        final = {}  # existing rec -> (position, text, removed_from_report)
        for new_index, item in enumerate(plan.recommendations):
            position = new_index + 1
            if new_index in matches:
                final[existing[matches[new_index]]] = (position, item.text, False)
            else:
                self.create.append(
                    Recommendation(
                        country=plan.country,
                        year=plan.year,
                        position=position,
                        text=item.text,
                        pillar=classify_pillar(item.text),
                        source=plan.source,
                    )
                )
                self.counts["recommendation", "created"] += 1
        next_position = len(texts) + 1
        for index, rec in enumerate(existing):
            if index in matched_old:
                continue
            described = f"recommendation {rec.year} #{rec.position} ({_preview(rec.text)})"
            # An admin's work on it (statuses, a link, its themes) is kept, never deleted.
            if (
                rec.has_history
                or rec.has_confirmed_repeat
                or rec.link_confirmed
                or (rec.themes_corrected)
            ):
                final[rec] = (next_position, rec.text, True)
                next_position += 1
                if not rec.removed_from_report:
                    self.warnings.append(
                        Problem(
                            plan.label,
                            plan.tier_line,
                            f"{described} is no longer in the chapter; kept for its status "
                            "history, links or theme corrections, marked removed from the "
                            "report",
                        )
                    )
            else:
                self.delete.append(rec)
                self.counts["recommendation", "deleted"] += 1
                self.warnings.append(
                    Problem(
                        plan.label,
                        plan.tier_line,
                        f"{described} is no longer in the chapter and had no status history; "
                        "deleted",
                    )
                )
        for rec, (position, text, removed) in final.items():
            if (rec.position, rec.text, rec.removed_from_report) == (position, text, removed):
                self.counts["recommendation", "unchanged"] += 1
                self.unchanged_ids.add(rec.pk)
                continue
            if rec.text != text and not removed:
                line = plan.recommendations[position - 1].line
                self.warnings.append(
                    Problem(
                        plan.label,
                        line,
                        f"recommendation {rec.year} #{rec.position} reworded slightly; kept with "
                        "its status history under the new wording",
                    )
                )
            rec.new_position = position
            rec.text, rec.removed_from_report, rec.source = text, removed, plan.source
            self.change.append(rec)
            self.touched_ids.add(rec.pk)
            self.counts["recommendation", "updated"] += 1
        return [
            (item.text, existing[matches[index]] if index in matches else None)
            for index, item in enumerate(plan.recommendations)
        ]

    def count_relinked(self, relinked, keys):
        """Rows whose link changed after the writes count as updated, unless created now."""
        for rec in relinked:
            created_now = (rec.country_id, rec.year) in keys and rec.pk not in self.existing_ids
            if rec.pk in self.unchanged_ids:
                self.unchanged_ids.discard(rec.pk)
                self.counts["recommendation", "unchanged"] -= 1
                self.counts["recommendation", "updated"] += 1
            elif not created_now and rec.pk not in self.touched_ids:
                self.counts["recommendation", "updated"] += 1  # a later year, relinked here


def _preview(text, length=60):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
