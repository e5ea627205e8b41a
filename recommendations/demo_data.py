"""Synthetic data at a chosen scale, for benchmarks and load tests (generate_demo_data).

A service module: generate() is its one write, keyword-only and atomic (all or nothing).

Scale 1 is the size the design plans for: every country of the catalogue, report years
2001-2025, 10 recommendations per rated country-year and 10 status changes per
recommendation. A scale below 1 keeps that shape for a seeded sample of the countries
(0.1 = 10% of them); a scale above 1 keeps every country and multiplies the recommendations
per country-year (10 = 100 recommendations, so 10x the recommendations and status changes).

generate_asks() instead writes synthetic recommendations only, beside the tier ratings on
record (the real, bundled ones): `python3 dev.py start --demo`.

Every row is marked is_synthetic; each recommendation has the themes the rules
(recommendations/themes.py) give its wording. Generation is deterministic for a seed and a `today`.
The rows are written straight into the tables in batches (COPY on PostgreSQL), with their
ids assigned here so that recurrence chains and histories need no round trip; the denormalised
fields (tier facts, a recommendation's current status) are computed here with the same rules the
services apply: countries.tiers.derive_history, and the latest change by (as_of, id).
"""

import datetime
import random
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from countries.models import Country, TierRating
from countries.services import DERIVED_FIELDS
from countries.tiers import Tier, derive_history
from recommendations.demo_text import (
    recommendation_text,
    recommendation_themes,
    status_note,
    tier_summary,
)
from recommendations.models import (
    Recommendation,
    Status,
    StatusChange,
    Theme,
    ThemeCorrection,
    emptying_history,
)
from recommendations.services.carried_over import refresh_recurrence
from recommendations.services.wording_groups import refresh_wording_groups
from tipwatch.core.limits import MAX_DEMO_SCALE
from tipwatch.core.versions import changed

FIRST_YEAR = 2001
LAST_YEAR = 2025
RECOMMENDATIONS_PER_YEAR = 10
CHANGES_PER_RECOMMENDATION = 10
SOURCE = "Synthetic: generate_demo_data"
BATCH_SIZE = 20_000
FIRST_ASKS_YEAR = 2010  # generate_asks: about when chapters began to list numbered asks
ASKS_CHANGES_PER_RECOMMENDATION = 3  # generate_asks: enough history to show, quick to write
THEME_LINK = Recommendation.themes.through  # a recommendation's themes, by the rules

# The statuses a recorded change can take, in order of progress.
PROGRESS = [Status.NO_PROGRESS, Status.IN_PROGRESS, Status.PARTIAL, Status.IMPLEMENTED]
# Where a fresh history starts on the PROGRESS scale, with weights.
START_WEIGHTS = [5, 4, 1, 0]
# A later change goes back, stays or moves on, with weights.
STEP_WEIGHTS = {-1: 15, 0: 55, 1: 30}
# Starting tiers by region: richer regions start higher, with weights for 1, 2, 2WL, 3.
START_TIERS = [Tier.TIER_1, Tier.TIER_2, Tier.WATCH_LIST, Tier.TIER_3]
REGION_START_WEIGHTS = {
    "EUR": [35, 45, 15, 5],
    "WHA": [10, 50, 30, 10],
    "EAP": [10, 40, 30, 20],
}
DEFAULT_START_WEIGHTS = [3, 42, 35, 20]
# Countries the report has long treated as Special Cases in some years.
USUAL_SPECIAL_CASES = {"LBY", "SOM", "YEM", "HTI"}


class RealDataError(Exception):
    """The database holds rows not made by this generator."""


class SyntheticDataExists(Exception):
    """generate_asks found synthetic recommendations already there."""


@dataclass(frozen=True)
class DemoSize:
    countries: list
    recommendations_per_year: int
    changes_per_recommendation: int = CHANGES_PER_RECOMMENDATION
    years: range = range(FIRST_YEAR, LAST_YEAR + 1)


def size_for_scale(scale, rng):
    """Which countries and how many recommendations per country-year a scale means."""
    if not 0 < scale <= MAX_DEMO_SCALE:
        raise ValueError(
            f"The scale must be a positive number up to {MAX_DEMO_SCALE}, e.g. 0.1, 1 or 10."
        )
    countries = list(Country.objects.order_by("iso3"))
    if not countries:
        raise ValueError("There are no countries: run `python manage.py migrate` first.")
    if scale < 1:
        count = max(1, round(len(countries) * scale))
        countries = sorted(rng.sample(countries, count), key=lambda c: c.iso3)
        per_year = RECOMMENDATIONS_PER_YEAR
    else:
        per_year = max(1, round(RECOMMENDATIONS_PER_YEAR * scale))
    return DemoSize(countries=countries, recommendations_per_year=per_year)


def real_data_counts():
    """Rows that generate_demo_data did not make, per model label (only those with any)."""
    counts = {
        "tier ratings": TierRating.objects.filter(is_synthetic=False).count(),
        "recommendations": Recommendation.objects.filter(is_synthetic=False).count(),
        "status changes": StatusChange.objects.filter(is_synthetic=False).count(),
    }
    return {label: n for label, n in counts.items() if n}


def generate(*, scale=1.0, seed=0, force=False, today=None, progress=None):
    """Replace all ratings, recommendations and status history with synthetic ones.

    Refuses with RealDataError when real rows exist, unless force (which deletes them too).
    Returns the number of rows written per model. One transaction: all or nothing.
    """
    today = today or timezone.localdate()
    rng = random.Random(seed)
    size = size_for_scale(scale, rng)
    with transaction.atomic():
        real = real_data_counts()
        if real and not force:
            found = ", ".join(f"{n} {label}" for label, n in real.items())
            raise RealDataError(
                f"The database holds real data ({found}). generate_demo_data replaces every "
                "rating, recommendation and status change; rerun with --force to delete "
                "them, or use another database (DATABASE_URL)."
            )
        _delete_all()
        written = _write(size, rng, today, progress)
        _reset_sequences()
        refresh_wording_groups()
        # Every page; the status tally of every country is rebuilt.
        changed(site=True, scopes=Country.objects.values_list("pk", flat=True))
    _analyze()
    return written


def _analyze():
    """Fresh planner statistics for the tables just filled in bulk, as autovacuum would make
    them later: until then PostgreSQL plans on the empty tables' figures (e.g. a sequential
    scan of the whole status tally where its index finds the yearly rows)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _delete_all():
    cleared = (ThemeCorrection, THEME_LINK, StatusChange, Recommendation, TierRating)
    tables = [m._meta.db_table for m in cleared]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The history's trigger lets TRUNCATE through only here (emptying_history). It
            # refuses tables with deferred foreign-key checks still pending in this
            # transaction (an earlier write in it), so run those checks first.
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with emptying_history(connection):
                cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def _reset_sequences():
    statements = connection.ops.sequence_reset_sql(
        no_style(), [TierRating, Recommendation, StatusChange, THEME_LINK]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@transaction.atomic
def generate_asks(*, seed=0, first_year=FIRST_ASKS_YEAR, today=None, progress=None):
    """Synthetic recommendations (with ASKS_CHANGES_PER_RECOMMENDATION status changes each and
    the rules' themes) beside the
    tier ratings on record, real ones included: RECOMMENDATIONS_PER_YEAR for each rated
    country-year from first_year (Special Cases have none) that holds no real recommendation.
    Ratings and real recommendations are kept. Refuses with SyntheticDataExists when synthetic
    recommendations are already there (a database holds one generation). All or nothing.
    """
    today = today or timezone.localdate()
    if Recommendation.objects.filter(is_synthetic=True).exists():
        raise SyntheticDataExists("The database already holds synthetic recommendations.")
    rng = random.Random(seed)
    real = set(
        Recommendation.objects.filter(is_synthetic=False)
        .values_list("country_id", "year")
        .distinct()
    )
    rated = (
        TierRating.objects.filter(year__gte=first_year)
        .exclude(tier=Tier.SPECIAL_CASE)
        .values_list("country_id", "year")
    )
    years_of = {}
    for country_id, year in rated.order_by("country_id", "year"):
        if (country_id, year) not in real:
            years_of.setdefault(country_id, []).append(year)
    size = DemoSize(
        countries=list(Country.objects.filter(pk__in=years_of).order_by("iso3")),
        recommendations_per_year=RECOMMENDATIONS_PER_YEAR,
        changes_per_recommendation=ASKS_CHANGES_PER_RECOMMENDATION,
    )
    ids = {
        "rec": Recommendation.objects.aggregate(top=models.Max("pk"))["top"] or 0,
        "change": StatusChange.objects.aggregate(top=models.Max("pk"))["top"] or 0,
    }
    written = _write(size, rng, today, progress, years_of=years_of, ids=ids)
    _reset_sequences()
    # What the next real year on record dropped of the synthetic years before it.
    refresh_recurrence(country_ids=[country.pk for country in size.countries])
    refresh_wording_groups()
    changed(scopes=[country.pk for country in size.countries])
    return written


def _write(size, rng, today, progress, years_of=None, ids=None):
    """Write the rows of this size; with years_of ({country id: [year]}) only recommendations for
    those years, beside the ratings on record, with ids after those in ids."""
    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    writers = {
        TierRating: TableWriter(TierRating, RATING_FIELDS),
        Recommendation: TableWriter(Recommendation, RECOMMENDATION_FIELDS),
        StatusChange: TableWriter(StatusChange, CHANGE_FIELDS),
        THEME_LINK: TableWriter(THEME_LINK, ["recommendation", "theme"]),
    }
    theme_ids = dict(Theme.objects.values_list("slug", "id"))
    ids = ids or {"rec": 0, "change": 0}
    for country in size.countries:
        if years_of is None:
            tiers = tier_history(country, size.years, rng)
            for fact in derive_history(tiers.items()):
                writers[TierRating].add(_rating_row(country, fact))
            years = sorted(tiers)
        else:
            years = years_of[country.pk]
        previous_year = []
        for year in years:
            recs = _recommendations(country, year, previous_year, size, rng, ids, now)
            # A year's list is written once the next is made: that tells what it dropped.
            repeated = {rec.carried_over_from for rec in recs}
            for rec in previous_year:
                rec.dropped_in = None if rec.id in repeated else year
            _add_recommendations(writers, previous_year, theme_ids)
            previous_year = recs
        _add_recommendations(writers, previous_year, theme_ids)
        if progress:
            progress(country)
    return {_label(model): writer.close() for model, writer in writers.items()}


def _label(model):
    return "theme links" if model is THEME_LINK else model._meta.verbose_name_plural


def _add_recommendations(writers, recs, theme_ids):
    for rec in recs:
        writers[Recommendation].add(rec.row())
        for change in rec.changes:
            writers[StatusChange].add(change)
        for slug in rec.themes:
            writers[THEME_LINK].add((rec.id, theme_ids[slug]))


def tier_history(country, years, rng):
    """A plausible {year: tier} history: mostly stable, one-step moves, Watch List runs, within
    the years the country existed (Serbia and Montenegro 2003-2006, South Sudan from 2012)."""
    years = range(
        max(years.start, country.first_year or years.start),
        min(years.stop, (country.last_year or years.stop) + 1),
    )
    if not years:
        return {}
    first = years.start if rng.random() < 0.85 else rng.randint(years.start + 1, years.start + 5)
    weights = REGION_START_WEIGHTS.get(country.region, DEFAULT_START_WEIGHTS)
    tier = rng.choices(START_TIERS, weights)[0]
    special = country.iso3 in USUAL_SPECIAL_CASES or rng.random() < 0.02
    history, streak = {}, 0
    for year in range(first, years.stop):
        if year > first:
            tier = _next_tier(tier, streak, year, rng)
        if special and tier != Tier.SPECIAL_CASE and rng.random() < 0.12:
            tier = Tier.SPECIAL_CASE
        elif tier == Tier.SPECIAL_CASE and rng.random() < 0.35:
            tier = rng.choice([Tier.WATCH_LIST, Tier.TIER_3])
        streak = streak + 1 if tier == Tier.WATCH_LIST else 0
        if year > first and rng.random() < 0.02:
            streak = 0  # not assessed this year: a gap breaks the Watch List streak
            continue
        history[year] = tier
    return history


def _next_tier(tier, streak, year, rng):
    if tier == Tier.SPECIAL_CASE:
        return tier
    if tier == Tier.WATCH_LIST:
        if streak >= 2 and year >= 2010:
            # At risk: automatic downgrade, upgrade, or a waiver (at most two).
            options = [Tier.TIER_3, Tier.TIER_2] + ([Tier.WATCH_LIST] if streak < 4 else [])
            return rng.choices(options, [45, 35, 20][: len(options)])[0]
        return rng.choices([Tier.WATCH_LIST, Tier.TIER_2, Tier.TIER_3], [55, 30, 15])[0]
    if rng.random() < 0.85:
        return tier
    step = {
        Tier.TIER_1: [Tier.TIER_2],
        Tier.TIER_2: [Tier.TIER_1, Tier.WATCH_LIST],
        Tier.TIER_3: [Tier.WATCH_LIST],
    }[tier]
    return rng.choice(step)


def _rating_row(country, fact):
    return (
        country.pk,
        fact.year,
        fact.tier,
        tier_summary(country.name, fact.tier, fact.movement),
        SOURCE,
        "",
        fact.tier == Tier.WATCH_LIST and fact.watch_list_years >= 3,  # waived year
        True,
        *(getattr(fact, field) for field in DERIVED_FIELDS),
    )


RATING_FIELDS = [
    "country",
    "year",
    "tier",
    "summary",
    "source",
    "basis",
    "waiver",
    "is_synthetic",
    *DERIVED_FIELDS,
]


@dataclass
class SyntheticRecommendation:
    id: int
    country_id: int
    year: int
    position: int
    text: str
    pillar: str
    topic: int
    carried_over_from: int | None
    carried_over_similarity: float | None
    recurrence_years: int
    created_at: datetime.datetime
    changes: list
    themes: list  # slugs, by the rules
    dropped_in: int | None = None

    @property
    def final_status(self):
        return self.changes[-1][CHANGE_STATUS] if self.changes else Status.NOT_ASSESSED

    def row(self):
        # Latest change by (as_of, id): the dates increase with the ids, so it is the last one.
        last = self.changes[-1] if self.changes else None
        return (
            self.id,
            self.country_id,
            self.year,
            self.position,
            self.text,
            self.pillar,
            last[CHANGE_STATUS] if last else Status.NOT_ASSESSED,
            last[CHANGE_AS_OF] if last else None,
            len(self.changes),
            self.carried_over_from,
            self.carried_over_similarity,
            False,  # carried_over_confirmed: no admin looked at synthetic data
            self.recurrence_years,
            self.dropped_in,
            False,
            False,  # themes_corrected: no admin corrected synthetic themes
            SOURCE,
            True,
            self.created_at,
            "",  # next_report_group and status_at_next_cutoff: derived per country after the
            Status.NOT_ASSESSED,  # write (services/upgrades.py, run by changed())
        )


RECOMMENDATION_FIELDS = [
    "id",
    "country",
    "year",
    "position",
    "text",
    "pillar",
    "status",
    "status_as_of",
    "status_version",
    "carried_over_from",
    "carried_over_similarity",
    "carried_over_confirmed",
    "recurrence_years",
    "dropped_in",
    "removed_from_report",
    "themes_corrected",
    "source",
    "is_synthetic",
    "created_at",
    "next_report_group",
    "status_at_next_cutoff",
]
CHANGE_FIELDS = [
    "id",
    "recommendation",
    "status",
    "as_of",
    "note",
    "evidence_url",
    "recorded_by",
    "recorded_at",
    "is_synthetic",
]
CHANGE_STATUS = CHANGE_FIELDS.index("status")
CHANGE_AS_OF = CHANGE_FIELDS.index("as_of")


def _recommendations(country, year, previous_year, size, rng, ids, now):
    """One country-year's list; about half repeat an open recommendation of the last list."""
    repeatable = [r for r in previous_year if r.final_status != Status.IMPLEMENTED]
    rng.shuffle(repeatable)
    created_at = min(now, datetime.datetime(year, 6, 20, 12, tzinfo=datetime.UTC))
    recs = []
    for position in range(1, size.recommendations_per_year + 1):
        origin = repeatable.pop() if repeatable and rng.random() < 0.5 else None
        topic = origin.topic if origin else rng.randrange(1_000_000)
        wording = rng.randrange(4)
        text, pillar = recommendation_text(topic, wording=wording, country=country.name)
        ids["rec"] += 1
        rec = SyntheticRecommendation(
            id=ids["rec"],
            country_id=country.pk,
            year=year,
            position=position,
            text=text,
            pillar=pillar,
            topic=topic,
            carried_over_from=origin.id if origin else None,
            carried_over_similarity=round(rng.uniform(78, 99), 1) if origin else None,
            recurrence_years=origin.recurrence_years + 1 if origin else 1,
            created_at=created_at,
            changes=[],
            themes=recommendation_themes(topic, wording=wording),
        )
        rec.changes = _status_history(rec.id, year, size.changes_per_recommendation, rng, ids, now)
        recs.append(rec)
    return recs


def _status_history(rec_id, year, count, rng, ids, now):
    """count changes with strictly increasing as-of dates in [1 January of year, today]."""
    start = datetime.date(year, 1, 1)
    days = (now.date() - start).days + 1
    offsets = sorted(rng.sample(range(days), min(count, days)))
    level = rng.choices(range(len(PROGRESS)), START_WEIGHTS)[0]
    changes = []
    for offset in offsets:
        if changes:
            step = rng.choices(list(STEP_WEIGHTS), list(STEP_WEIGHTS.values()))[0]
            level = min(max(level + step, 0), len(PROGRESS) - 1)
        as_of = start + datetime.timedelta(days=offset)
        recorded_at = min(
            now,
            datetime.datetime.combine(as_of, datetime.time(9), tzinfo=datetime.UTC)
            + datetime.timedelta(days=rng.randrange(30), minutes=rng.randrange(600)),
        )
        ids["change"] += 1
        status = PROGRESS[level]
        changes.append(
            (
                ids["change"],
                rec_id,
                status,
                as_of,
                status_note(status, rng),
                "",
                None,
                recorded_at,
                True,
            )
        )
    return changes


class TableWriter:
    """Buffers rows of one model's table and writes them in batches."""

    def __init__(self, model, field_names):
        fields = [model._meta.get_field(name) for name in field_names]
        self.table = model._meta.db_table
        self.columns = [field.column for field in fields]
        self.adapters = [_adapter(field) for field in fields]
        self.rows = []
        self.written = 0

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        rows = self.rows
        if any(self.adapters):
            rows = [
                tuple(
                    a(v) if a and v is not None else v
                    for a, v in zip(self.adapters, row, strict=True)
                )
                for row in rows
            ]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {quote(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                sql = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})"
                cursor.executemany(sql, rows)
        self.written += len(self.rows)
        self.rows = []

    def close(self):
        self.flush()
        return self.written


def _adapter(field):
    """How a value of this field goes to the database, where the driver needs help."""
    if connection.vendor == "postgresql":
        return None  # psycopg adapts dates and aware datetimes itself
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return None
