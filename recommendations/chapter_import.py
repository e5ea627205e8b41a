"""Import of report chapters (`import_report`, the web import): tier, summary and
recommendations per country and year.

Three steps, each in its own module: reading (files -> chapters, recommendations.reading),
planning (chapters + what is on record -> an immutable ImportPlan,
recommendations.chapter_planning) and writing (recommendations.services.write_import_plan).
This module runs them: it reads what is on record for the planning (a bounded number of
queries, whatever the number of chapters) and keeps the run in the import log. All or nothing
like every import (tipwatch/core/importlog.py).
"""

from collections import defaultdict

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q

from countries.models import Country, TierRating
from recommendations.chapter_planning import (
    OnRecord,
    StoredRating,
    StoredRecommendation,
    plan_import,
)
from recommendations.models import Recommendation, StatusChange
from recommendations.reading.report import read_chapters
from recommendations.services import write_import_plan
from tipwatch.core.importlog import ImportFailed, Problem, recorded_run
from tipwatch.core.models import ImportRun

COMMANDS_THAT_WRITE_RATINGS = ("import_report", "import_tiers")


def import_chapters(
    paths,
    *,
    year=None,
    user=None,
    invoked_as="",
    progress=None,
    on_page=None,
    expected=None,
    choices=None,
    overwrite=False,
    labels=None,
    then=None,
):
    """Import country chapters (see recommendations.chapters); all or nothing.

    year is used for chapters whose text states none. progress wraps the file list (a
    progress bar) when given; on_page(done, total) is called after each page of a PDF.
    expected: the preview (ImportPlan.as_data()) an admin approved; the run is refused when
    the plan made now differs from it. choices: the admin's answers to the plan's questions
    (chapter_planning); overwrite: the admin confirmed the values on record it changes.
    labels: {path: the name to show}. then(run): called with the import's log entry in the
    import's own transaction. Raises ImportFailed with every problem; returns ImportOutcome
    (its decisions: the choices applied).
    """
    paths = list(paths)

    def work():
        # In the transaction of recorded_run, which keeps the log entry with the data.
        read = _read(paths, year, labels, progress, on_page)
        on_record = read_on_record(read.chapters, for_preview=expected is not None)
        if expected is not None:
            seen = plan_import(read.chapters, on_record, warnings=read.warnings)
            if seen.as_data() != expected:
                raise ImportFailed(
                    [
                        Problem(
                            read.chapters[0].label if read.chapters else "upload",
                            1,
                            "the data on record changed since the preview; preview the "
                            "files again before applying",
                        )
                    ]
                )
        plan = plan_import(read.chapters, on_record, warnings=read.warnings, choices=choices)
        if problems := plan.refusal(overwrite=overwrite):
            raise ImportFailed(problems, plan.warnings)
        return write_import_plan(plan=plan)

    return recorded_run(
        command="import_report",
        paths=paths,
        user=user,
        invoked_as=invoked_as,
        work=work,
        then=then,
    )


def preview_chapters(paths, *, year=None, progress=None, on_page=None, labels=None, choices=None):
    """What import_chapters(paths, year=year) would write, written nowhere: an ImportPlan,
    with the questions an admin must settle and the overwrites to confirm.

    Raises ImportFailed (with every problem) when the files cannot be read.
    """
    read = _read(list(paths), year, labels, progress, on_page)
    return plan_import(
        read.chapters, read_on_record(read.chapters), warnings=read.warnings, choices=choices
    )


def _read(paths, year, labels, progress, on_page):
    read = read_chapters(
        paths,
        year=year,
        names=Country.objects.name_index(),
        labels=labels,
        progress=progress,
        on_page=on_page,
    )
    if read.problems:
        raise ImportFailed(read.problems, read.warnings)
    return read


def read_on_record(chapters, *, for_preview=True):
    """What the chapters' countries have on record, for chapter_planning.plan_import: their
    ratings (every year), the recommendations of the chapters' years and, for_preview, of the
    previous year with any and where each value came from (_Origins). Two queries, five
    for_preview."""
    country_ids = {chapter.country.pk for chapter in chapters}
    keys = {(chapter.country.pk, chapter.year) for chapter in chapters}
    ratings = list(
        TierRating.objects.filter(country_id__in=country_ids).only(
            "country_id", "year", "tier", "summary", "source", "basis", "bundled"
        )
    )
    rec_years = (
        Recommendation.objects.in_report().years_by_country(country_ids)
        if for_preview
        else defaultdict(set)
    )
    previous = {
        (country_id, year): max((y for y in rec_years[country_id] if y < year), default=None)
        for country_id, year in keys
    }
    wanted_years = {year for _, year in keys} | {y for y in previous.values() if y}
    wanted = keys | {(country_id, y) for (country_id, _), y in previous.items() if y}
    recs = [
        rec
        for rec in _stored_recommendations(country_ids, wanted_years)
        if (rec.country_id, rec.year) in wanted
    ]
    origins = _Origins(
        country_ids=country_ids,
        rating_ids=[rating.pk for rating in ratings if not rating.bundled],
        rec_ids=[rec.pk for rec in recs if (rec.country_id, rec.year) in keys],
        read=for_preview,
    )
    stored_ratings = defaultdict(dict)
    for rating in ratings:
        stored_ratings[rating.country_id][rating.year] = StoredRating(
            tier=rating.tier,
            summary=rating.summary,
            source=rating.source,
            basis=rating.basis,
            origin=origins.of_rating(rating),
        )
    recommendations = defaultdict(list)
    for rec in recs:
        recommendations[rec.country_id, rec.year].append(
            StoredRecommendation(
                pk=rec.pk,
                position=rec.position,
                text=rec.text,
                pillar=rec.pillar,
                removed_from_report=rec.removed_from_report,
                has_history=rec.has_history,
                has_confirmed_repeat=rec.has_confirmed_repeat,
                carried_over_confirmed=rec.carried_over_confirmed,
                carried_over_from_id=rec.carried_over_from_id,
                themes_corrected=rec.themes_corrected,
                origin=origins.of_recommendation(rec) if (rec.country_id, rec.year) in keys else "",
            )
        )
    earlier = {
        key: (year, [r for r in recommendations[key[0], year] if not r.removed_from_report])
        for key, year in previous.items()
        if year is not None
    }
    return OnRecord(
        ratings=dict(stored_ratings),
        recommendations={key: recommendations[key] for key in keys},
        earlier=earlier,
    )


def _stored_recommendations(country_ids, years):
    has_history = StatusChange.objects.filter(recommendation=OuterRef("pk"))
    has_confirmed_repeat = Recommendation.objects.filter(
        carried_over_from=OuterRef("pk"), carried_over_confirmed=True
    )
    return (
        Recommendation.objects.filter(country_id__in=country_ids, year__in=years)
        .annotate(
            has_history=Exists(has_history), has_confirmed_repeat=Exists(has_confirmed_repeat)
        )
        .order_by("country_id", "year", "position")
    )


class _Origins:
    """Where a value on record came from, said to an admin: the bundled data with its source,
    an admin's edit (the admin site's log), an earlier import run (that read its file), or else
    its source. Two queries (the content types are cached)."""

    def __init__(self, *, country_ids, rating_ids, rec_ids, read=True):
        self.runs, self.edits, self.read = {}, {}, read
        if read:
            self._read(country_ids, rating_ids, rec_ids)

    def _read(self, country_ids, rating_ids, rec_ids):
        for run in ImportRun.objects.filter(
            succeeded=True, command__in=COMMANDS_THAT_WRITE_RATINGS
        ).order_by("id"):
            for name in run.files:
                self.runs[name] = run
        types = ContentType.objects.get_for_models(TierRating, Recommendation, Country)
        self.types = {model: content_type.pk for model, content_type in types.items()}
        wanted = (
            Q(content_type_id=self.types[TierRating], object_id__in=[str(i) for i in rating_ids])
            | Q(content_type_id=self.types[Country], object_id__in=[str(i) for i in country_ids])
            | Q(content_type_id=self.types[Recommendation], object_id__in=[str(i) for i in rec_ids])
        )
        # (content type id, object id) -> the latest LogEntry
        entries = LogEntry.objects.filter(wanted, action_flag__in=(ADDITION, CHANGE))
        for entry in entries.select_related("user").order_by("action_time", "id"):
            self.edits[entry.content_type_id, entry.object_id] = entry

    def _said(self, source, edit):
        run = self.runs.get(source)
        if edit is not None and (run is None or edit.action_time > run.started_at):
            who = edit.user.get_username() if edit.user else "an admin"
            return f"an admin's edit ({who}, {edit.action_time:%Y-%m-%d})"
        if run is not None:
            return f"import run {run.pk} ({source}, {run.started_at:%Y-%m-%d})"
        return f"source {source!r}" if source else "no stated source"

    def of_rating(self, rating):
        if not self.read:
            return ""
        if rating.bundled:
            return f"the bundled data, source: {rating.source or 'none stated'}"
        edits = [
            self.edits.get((self.types[TierRating], str(rating.pk))),
            self.edits.get((self.types[Country], str(rating.country_id))),
        ]
        if edits[1] is not None and str(rating.year) not in edits[1].change_message:
            edits[1] = None  # the country's page saved, this rating untouched
        edits = [edit for edit in edits if edit is not None]
        latest = max(edits, key=lambda edit: edit.action_time) if edits else None
        return self._said(rating.source, latest)

    def of_recommendation(self, rec):
        if not self.read:
            return ""
        return self._said(rec.source, self.edits.get((self.types[Recommendation], str(rec.pk))))
