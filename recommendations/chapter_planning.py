"""Planning a chapter import: the chapters read and what is on record -> an immutable ImportPlan.
Pure: no database, no model instance touched (recommendations.chapter_import reads the record;
recommendations.services.write_import_plan writes the plan as it is).

The plan holds every row the import writes, its counts, and what an admin must see or decide
before it is written:

- questions: a chapter whose heading states one tier while its summary says another ("remained
  on Tier 2 Watch List"), or whose "for the second consecutive year" on the Watch List does not
  fit the years on record, is not written until an admin chooses (choices: {"tiers": {ISO3 or
  "ISO3-YEAR": tier}, "years": ["ISO3-YEAR", ...]}); the choices made are the plan's decisions;
- overwrites: each value on record (tier, summary, a recommendation's words or the row itself)
  the import would change, with where that value came from; they are written only when the
  admin confirms them;
- previews: per chapter, in JSON-able data (recommendations.import_preview).
"""

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils

from countries.tiers import Tier, parse_tier
from recommendations.import_preview import chapter_preview, preview_text, short
from recommendations.pillars import classify_pillar
from recommendations.recurrence import best_pairs
from tipwatch.core.importlog import Problem

# A re-imported recommendation whose wording changed this little is the same one (typo fixes,
# punctuation); its id and status history stay.
SAME_RECOMMENDATION_THRESHOLD = 90
NO_CHOICES = {"tiers": {}, "years": []}


@dataclass(frozen=True)
class StoredRating:
    tier: str
    summary: str
    source: str
    basis: str
    origin: str  # where it came from, as said to an admin


@dataclass(frozen=True)
class StoredRecommendation:
    pk: int
    position: int
    text: str
    pillar: str
    removed_from_report: bool
    has_history: bool
    has_confirmed_repeat: bool
    carried_over_confirmed: bool
    carried_over_from_id: int | None
    origin: str
    themes_corrected: bool = False


@dataclass(frozen=True)
class OnRecord:
    """What the chapters' countries have on record (recommendations.chapter_import reads it)."""

    ratings: dict  # country id -> {year: StoredRating}
    recommendations: dict  # (country id, year) -> [StoredRecommendation], by position
    earlier: dict  # (country id, year) -> (the previous year with recommendations, [Stored...])


@dataclass(frozen=True)
class NewRecommendation:
    country_id: int
    year: int
    position: int
    text: str
    pillar: str
    source: str


@dataclass(frozen=True)
class RecommendationUpdate:
    pk: int
    old_position: int
    position: int
    text: str
    removed_from_report: bool
    source: str


@dataclass(frozen=True)
class Question:
    """A disagreement within a chapter that an admin must settle before it is written."""

    key: str  # "COG-2023"
    kind: str  # "tier" or "year"
    problem: Problem  # where and what, as said
    options: tuple  # (value, label): for "tier" the tiers to choose from, for "year" "confirmed"


@dataclass(frozen=True)
class ImportPlan:
    chapters: tuple  # reading.report.Chapter, each with the tier to write
    ratings: tuple  # ((country id, year), {field: value}) per chapter
    create: tuple = ()  # NewRecommendation
    update: tuple = ()  # RecommendationUpdate
    delete: tuple = ()  # ids
    counts: tuple = ()  # ((("recommendation", what), rows), ...) sorted
    existing_ids: frozenset = frozenset()
    unchanged_ids: frozenset = frozenset()
    touched_ids: frozenset = frozenset()
    warnings: tuple = ()  # Problem
    previews: tuple = ()  # one dict per chapter
    questions: tuple = ()  # Question, unanswered
    decisions: tuple = ()  # the choices made, said
    overwrites: tuple = ()  # each value on record the import would change, said

    def as_data(self):
        """The preview as JSON-able data (kept with a web import job, compared on apply)."""
        return {
            "chapters": list(self.previews),
            "warnings": [short(warning) for warning in self.warnings],
            "questions": [question_data(question) for question in self.questions],
            "overwrites": list(self.overwrites),
            "decisions": list(self.decisions),
        }

    def as_text(self):
        return preview_text(self.as_data())

    def refusal(self, *, overwrite):
        """The problems that stop this plan's writes: every unanswered question, and the
        overwrites unless confirmed (overwrite). Empty when it may be written."""
        problems = [question.problem for question in self.questions]
        if self.overwrites and not overwrite:
            chapter = self.chapters[0]
            problems.append(
                Problem(
                    chapter.label,
                    chapter.tier_line,
                    f"this import would change {len(self.overwrites)} value(s) on record (listed "
                    "first in the preview); confirm them to apply (--overwrite on the command "
                    "line)",
                )
            )
        return problems


def question_data(question):
    return {
        "key": question.key,
        "kind": question.kind,
        "message": short(question.problem),
        "options": [list(option) for option in question.options],
    }


def plan_import(chapters, on_record, *, warnings=(), choices=None):
    """The ImportPlan of these chapters against what is on record (see the module docstring)."""
    choices = choices or NO_CHOICES
    warnings = list(warnings)
    questions, decisions, settled = [], [], []
    for chapter in chapters:
        tier, asked, said = _settled_tier(chapter, on_record, choices)
        questions += asked
        decisions += said
        settled.append(_with_tier(chapter, tier))
    rows = _Rows()
    previews, overwrites = [], []
    for chapter in settled:
        stored = on_record.recommendations.get((chapter.country.pk, chapter.year), [])
        outcome = rows.plan_chapter(chapter, stored, warnings)
        preview = chapter_preview(chapter, outcome, on_record)
        preview["questions"] = [
            question_data(q) for q in questions if q.key == chapter_key(chapter)
        ]
        preview["decisions"] = [said for key, said in decisions if key == chapter_key(chapter)]
        previews.append(preview)
        overwrites += preview["overwrites"]
    return ImportPlan(
        chapters=tuple(settled),
        ratings=tuple(
            (
                (chapter.country.pk, chapter.year),
                {
                    "tier": chapter.tier,
                    "summary": chapter.summary,
                    "source": chapter.source,
                    "basis": "",  # the chapter states the tier itself
                },
            )
            for chapter in settled
        ),
        create=tuple(rows.create),
        update=tuple(rows.update),
        delete=tuple(rows.delete),
        counts=tuple(sorted(rows.counts.items())),
        existing_ids=frozenset(rows.existing_ids),
        unchanged_ids=frozenset(rows.unchanged_ids),
        touched_ids=frozenset(rows.touched_ids),
        warnings=tuple(warnings),
        previews=tuple(previews),
        questions=tuple(questions),
        decisions=tuple(said for _, said in decisions),
        overwrites=tuple(overwrites),
    )


def chapter_key(chapter):
    return f"{chapter.country.iso3}-{chapter.year}"


def _with_tier(chapter, tier):
    if tier == chapter.tier:
        return chapter
    values = {name: getattr(chapter, name) for name in chapter.__dataclass_fields__}
    return type(chapter)(**{**values, "tier": tier})


def _settled_tier(chapter, on_record, choices):
    """(the tier to write, [Question] still open, [(key, decision said)]) for one chapter."""
    key = chapter_key(chapter)
    tiers = choices.get("tiers", {})
    chosen_label = tiers.get(key) or tiers.get(chapter.country.iso3)
    chosen = parse_tier(chosen_label) if chosen_label else None
    heading = Tier(chapter.tier).label
    said = {tier for tier, _ in chapter.summary_tiers}
    words = "; ".join(f"'{text}'" for _, text in chapter.summary_tiers)
    questions, decisions, tier = [], [], chapter.tier
    if said and chapter.tier not in said:
        message = (
            f"{chapter.name}: the heading says {heading} but the summary says {words}; choose "
            f"the tier (--tier {chapter.country.iso3}=TIER on the command line)"
        )
        if chosen is None:
            options = [chapter.tier, *sorted(said - {chapter.tier})]
            questions.append(
                Question(
                    key=key,
                    kind="tier",
                    problem=Problem(chapter.label, chapter.tier_line, message),
                    options=tuple((option, Tier(option).label) for option in options),
                )
            )
        else:
            tier = chosen
            decisions.append(
                (
                    key,
                    f"{chapter.name}: {Tier(chosen).label} chosen by the admin (the heading says "
                    f"{heading}, the summary {words})",
                )
            )
    elif chosen is not None and chosen != chapter.tier:
        tier = chosen
        decisions.append(
            (
                key,
                f"{chapter.name}: {Tier(chosen).label} chosen by the admin (the heading says "
                f"{heading})",
            )
        )
    if run_problem := _watch_list_run_problem(chapter, tier, on_record):
        if {key, chapter.country.iso3} & set(choices.get("years", [])):
            decisions.append((key, f"{chapter.name}: the report year confirmed by the admin"))
        else:
            questions.append(
                Question(
                    key=key,
                    kind="year",
                    problem=Problem(
                        chapter.label,
                        chapter.tier_line,
                        f"{chapter.name}: {run_problem}; is {chapter.year} the right report "
                        f"year? (--confirm-year {chapter.country.iso3} on the command line)",
                    ),
                    options=(("confirmed", f"{chapter.year} is right"),),
                )
            )
    return tier, questions, decisions


def _watch_list_run_problem(chapter, tier, on_record):
    """Why "for the Nth consecutive year" on the Watch List does not fit the ratings on
    record, or None (also when it cannot be checked: a year before is not on record)."""
    stated, words = chapter.watch_list_run
    if stated is None or tier != Tier.WATCH_LIST:
        return None
    ratings = on_record.ratings.get(chapter.country.pk, {})
    run = 0
    while (before := ratings.get(chapter.year - run - 1)) and before.tier == Tier.WATCH_LIST:
        run += 1
    stop_on_record = chapter.year - run - 1 in ratings
    if run + 1 == stated or (run + 1 < stated and not stop_on_record):
        return None
    years = [str(chapter.year - back) for back in range(run, 0, -1)]
    on_record_said = (
        f"the Watch List years on record before it are {', '.join(years)}"
        if years
        else f"{chapter.year - 1} on record is not Tier 2 Watch List"
    )
    return (
        f"the summary says '{words}', but {on_record_said}, which makes {chapter.year} Watch "
        f"List year {run + 1}"
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


@dataclass(frozen=True)
class ChapterRows:
    """What one chapter does to the recommendations of its year on record (for the preview)."""

    counts: Counter  # ("recommendation", created/updated/unchanged/deleted) -> rows
    in_report: list  # (text, the StoredRecommendation it updates or None), in the new order
    no_longer: list  # (StoredRecommendation, "deleted" or "kept, marked removed from the report")


@dataclass
class _Rows:
    """The recommendation rows of a run, gathered chapter by chapter while planning."""

    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    delete: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    existing_ids: set = field(default_factory=set)
    unchanged_ids: set = field(default_factory=set)
    touched_ids: set = field(default_factory=set)

    def plan_chapter(self, chapter, existing, warnings):
        """Plan one chapter's rows (warnings: the run's list, added to); its ChapterRows."""
        before = Counter(self.counts)
        self.existing_ids.update(rec.pk for rec in existing)
        if chapter.recommendations is None:
            # No section found: what is on record stays as it is (the warning says so).
            self.counts["recommendation", "unchanged"] += len(existing)
            self.unchanged_ids.update(rec.pk for rec in existing)
            kept = [(rec.text, rec) for rec in existing if not rec.removed_from_report]
            return ChapterRows(counts=self.counts - before, in_report=kept, no_longer=[])
        in_report, no_longer = self._plan_section(chapter, existing, warnings)
        return ChapterRows(counts=self.counts - before, in_report=in_report, no_longer=no_longer)

    def _plan_section(self, chapter, existing, warnings):
        """Plan the section's asks against those on record: matched ones keep their row (and
        history), new ones are created, the rest are kept as removed or deleted."""
        texts = [item.text for item in chapter.recommendations]
        matches = match_recommendations([rec.text for rec in existing], texts)
        final = self._place_asks(chapter, existing, matches)
        no_longer = self._place_dropped(
            chapter, existing, set(matches.values()), final, len(texts) + 1, warnings
        )
        self._plan_updates(chapter, final, warnings)
        in_report = [
            (item.text, existing[matches[index]] if index in matches else None)
            for index, item in enumerate(chapter.recommendations)
        ]
        return in_report, no_longer

    def _place_asks(self, chapter, existing, matches):
        """Each ask of the chapter at its position: a matched row keeps its place in `final`
        (existing rec -> (position, text, removed_from_report)); any other ask is created."""
        final = {}
        for new_index, item in enumerate(chapter.recommendations):
            position = new_index + 1
            if new_index in matches:
                final[existing[matches[new_index]]] = (position, item.text, False)
                continue
            self.create.append(
                NewRecommendation(
                    country_id=chapter.country.pk,
                    year=chapter.year,
                    position=position,
                    text=item.text,
                    pillar=classify_pillar(item.text),
                    source=chapter.source,
                )
            )
            self.counts["recommendation", "created"] += 1
        return final

    def _place_dropped(self, chapter, existing, matched_old, final, next_position, warnings):
        """The rows on record the chapter no longer holds: kept after its asks, marked removed
        from the report, when an admin worked on them; else deleted. Returns (rec, what)."""
        no_longer = []
        for index, rec in enumerate(existing):
            if index in matched_old:
                continue
            described = f"{chapter.name}: recommendation #{rec.position} ({_cut(rec.text)})"
            # An admin's work on it (statuses, what it is carried over from, its themes) is kept,
            # never deleted.
            if (
                rec.has_history
                or rec.has_confirmed_repeat
                or rec.carried_over_confirmed
                or rec.themes_corrected
            ):
                final[rec] = (next_position, rec.text, True)
                next_position += 1
                if not rec.removed_from_report:
                    no_longer.append((rec, "kept, marked removed from the report"))
                    warnings.append(
                        Problem(
                            chapter.label,
                            chapter.tier_line,
                            f"{described} is no longer in the chapter; kept for its status "
                            "history, carried-over or theme corrections, marked removed from "
                            "the report",
                        )
                    )
            else:
                self.delete.append(rec.pk)
                self.counts["recommendation", "deleted"] += 1
                no_longer.append((rec, "deleted"))
                warnings.append(
                    Problem(
                        chapter.label,
                        chapter.tier_line,
                        f"{described} is no longer in the chapter and had no status history; "
                        "deleted",
                    )
                )
        return no_longer

    def _plan_updates(self, chapter, final, warnings):
        """An update for each kept row whose position, text or removal changes; the others are
        counted unchanged."""
        for rec, (position, text, removed) in final.items():
            if (rec.position, rec.text, rec.removed_from_report) == (position, text, removed):
                self.counts["recommendation", "unchanged"] += 1
                self.unchanged_ids.add(rec.pk)
                continue
            if rec.text != text and not removed:
                line = chapter.recommendations[position - 1].line
                warnings.append(
                    Problem(
                        chapter.label,
                        line,
                        f"{chapter.name}: recommendation #{rec.position} reworded slightly; "
                        "kept with its status history under the new wording",
                    )
                )
            self.update.append(
                RecommendationUpdate(
                    pk=rec.pk,
                    old_position=rec.position,
                    position=position,
                    text=text,
                    removed_from_report=removed,
                    source=chapter.source,
                )
            )
            self.touched_ids.add(rec.pk)
            self.counts["recommendation", "updated"] += 1


def carried_over_counts(plan, matched, keys):
    """How the counts change once carried_over_from is matched again after the writes
    (services.write_import_plan): rows whose carried_over_from changed count as updated,
    unless created now. A Counter to add to the plan's."""
    delta = Counter()
    for rec in matched:
        created_now = (rec.country_id, rec.year) in keys and rec.pk not in plan.existing_ids
        if rec.pk in plan.unchanged_ids:
            delta["recommendation", "unchanged"] -= 1
            delta["recommendation", "updated"] += 1
        elif not created_now and rec.pk not in plan.touched_ids:
            delta["recommendation", "updated"] += 1  # a later year, matched again here
    return delta


def _cut(text, length=60):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
