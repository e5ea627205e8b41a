"""Recommendations: one report year's asks of one country, in priority order, with their
current status and recurrence_years denormalised for fast lists; the reads as QuerySet
methods."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import connection, models
from django.db.models import Case, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from countries.models import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR, Country
from recommendations.models.analysis import AnalysisQuerySet
from recommendations.vocabulary import OPEN_STATUSES, Pillar, Status


class RecommendationQuerySet(AnalysisQuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def report_years(self):
        """One query: the report years that have recommendations, newest first.

        Of every recommendation (not of a filtered set), by a loose index scan: a recursive
        query asks the year index for the next lower year, one probe per year, where DISTINCT
        would read every row (a tenth of a second at 450,000 recommendations).
        """
        if self.query.has_filters():
            raise TypeError("report_years() reads every recommendation; call it unfiltered.")
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH RECURSIVE years(year) AS (
                    SELECT MAX(year) FROM {table}
                    UNION ALL
                    SELECT (SELECT MAX(year) FROM {table} WHERE year < years.year)
                    FROM years WHERE years.year IS NOT NULL
                ) SELECT year FROM years WHERE year IS NOT NULL"""
            )
            return [year for (year,) in cursor.fetchall()]

    def in_report(self):
        """What the chapter, as last imported, lists (not those a re-import dropped)."""
        return self.filter(removed_from_report=False)

    def with_country(self):
        return self.select_related("country")

    def with_themes(self):
        """With each one's themes in DESIGN.md's order, in one more query for all of them."""
        return self.prefetch_related("themes")

    def with_theme(self, slugs):
        """Those with at least one of the themes named by slugs."""
        return self.filter(
            pk__in=self.model.themes.through.objects.filter(theme__slug__in=slugs).values(
                "recommendation_id"
            )
        )

    def in_list_order(self):
        """Newest year first, then country and priority: the order of the rec_list_order index."""
        return self.order_by("-year", "country_id", "position")

    def in_page_order(self):
        """Newest year first, then priority: a country's recommendations as its page lists them."""
        return self.order_by("-year", "position")

    def up_to(self, year):
        return self.filter(year__lte=year)

    def from_year(self, year):
        return self.filter(year__gte=year)

    def year_tally(self):
        """One query: (year, pillar, status, removed_from_report, count) rows, oldest year
        first: what the country page counts and charts of every year without loading them."""
        fields = ("year", "pillar", "status", "removed_from_report")
        return self.order_by().values_list(*fields).annotate(n=models.Count("id")).order_by(*fields)

    def recurring(self, min_years):
        """Recommendations repeated in at least min_years consecutive reports (recurrence_years)."""
        return self.filter(recurrence_years__gte=min_years)

    def matching(self, words):
        """Recommendations whose text contains every word of the query (case-insensitive).

        On PostgreSQL a full-text match (English, over the rec_text_search GIN index) finds the
        candidates fast and the contains test then drops what only stemming matched (a search
        for "shelters" must not find "shelter"), so both databases return the same rows for
        whole words. A query of English stop words only ("the") finds nothing on PostgreSQL.
        """
        terms = words.split()
        if not terms:
            return self
        contains_every_word = Q()
        for term in terms:
            contains_every_word &= Q(text__icontains=term)
        if connection.vendor != "postgresql":
            return self.filter(contains_every_word)
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # Must be the indexed expression exactly (migration 0004) for the index to apply.
        vector = SearchVector("text", config="english")
        query = SearchQuery(" ".join(terms), config="english", search_type="plain")
        return self.alias(search_vector=vector).filter(contains_every_word, search_vector=query)

    def with_status_rank(self):
        """Annotate status_rank: 0 (not assessed) to 4 (implemented), to sort by progress."""
        return self.annotate(
            status_rank=Case(
                *(When(status=code, then=Value(rank)) for rank, code in enumerate(Status.values)),
                output_field=models.IntegerField(),
            )
        )

    def status_counts(self):
        """{status: count} over these recommendations, in one GROUP BY query."""
        rows = self.order_by().values_list("status").annotate(n=models.Count("id"))
        return dict(rows)

    def pillar_status_counts(self):
        """{(pillar, status): count} over these recommendations, in one GROUP BY query."""
        rows = self.order_by().values_list("pillar", "status").annotate(n=models.Count("id"))
        return {(pillar, status): n for pillar, status, n in rows}

    def due_for_review(self, today=None, days=None):
        """Open recommendations, still in the report, whose current status is at least `days`
        (REVIEW_AFTER_DAYS) old on `today`, oldest first.

        A status's age runs from its as-of date (status_as_of, the current status's); a
        recommendation never assessed counts from its report's publication, taken as 30 June
        of the report year (REPORT_PUBLISHED). Exactly `days` old is due.
        """
        today = today or timezone.localdate()
        days = settings.REVIEW_AFTER_DAYS if days is None else days
        cutoff = today - datetime.timedelta(days=days)
        # The newest report year whose publication date is on or before the cutoff.
        last_due_year = cutoff.year if cutoff >= report_published(cutoff.year) else cutoff.year - 1
        return (
            self.in_report()
            .filter(status__in=OPEN_STATUSES)
            .filter(
                Q(status_as_of__lte=cutoff) | Q(status_as_of__isnull=True, year__lte=last_due_year)
            )
            .order_by(
                models.F("status_as_of").asc(nulls_first=True), "year", "country_id", "position"
            )
        )

    def recurrence_rows(self):
        """(id, year, carried_over_from_id) of each row, to walk recurrence chains in Python
        (recurrence.recurrence_chain)."""
        return self.order_by().values_list("id", "year", "carried_over_from_id")

    def years_by_country(self, country_ids):
        """One query: {country id: set of the report years it has recommendations in}."""
        years = defaultdict(set)
        rows = self.filter(country_id__in=country_ids).values_list("country_id", "year")
        for country_id, year in rows.order_by().distinct():
            years[country_id].add(year)
        return years

    def carried_over_rows(self, *, country_ids, years):
        """One query: {(country id, year): recommendations in priority order}, with only what
        services.match_carried_over reads and writes."""
        rows = defaultdict(list)
        fields = ["country_id", "year", "position", "text", "carried_over_from"]
        fields += ["carried_over_similarity", "carried_over_confirmed"]
        chosen = self.filter(country_id__in=country_ids, year__in=years)
        for rec in chosen.only(*fields).order_by("position"):
            rows[rec.country_id, rec.year].append(rec)
        return rows

    def carried_over_candidates(self, recommendation):
        """What recommendation may repeat: its country's recommendations of the nearest earlier
        report year on record, in priority order (one query)."""
        earlier = self.in_report().filter(
            country_id=recommendation.country_id, year__lt=recommendation.year
        )
        nearest = earlier.order_by("-year").values("year")[:1]
        return earlier.filter(year=Subquery(nearest)).order_by("position")

    def repeating(self, target, *, year, besides):
        """The recommendation of `year` (other than `besides`) carried over from target, or
        None (one query)."""
        return self.filter(carried_over_from=target, year=year).exclude(pk=besides.pk).first()

    def find(self, pk):
        """The recommendation with this id, or None (one query)."""
        return self.filter(pk=pk).first()

    def stored(self, pk, *fields):
        """The values of fields on record for recommendation pk, as a tuple (one query); Nones
        when there is no such row."""
        return self.filter(pk=pk).values_list(*fields).first() or (None,) * len(fields)

    def dropped(self):
        """Every recommendation the country's next report year on record does not repeat (its
        dropped_in, kept by services.refresh_dropped, None for one no longer in its report),
        newest first, with its country. Reads the rec_dropped partial index alone."""
        return (
            self.filter(dropped_in__isnull=False)
            .with_country()
            .order_by("-dropped_in", "country__sort_name", "position")
        )

    def in_id_order(self):
        """By id: the order many rows are locked and written in, the same in every request."""
        return self.order_by("pk")

    def preview(self, size):
        """The first `size`, newest year first, then country and priority, with countries."""
        return self.with_country().order_by("-year", "country__sort_name", "position")[:size]

    def selection_summary(self):
        """One query: how many these are and their latest report year."""
        summary = self.aggregate(count=models.Count("pk"), latest_year=models.Max("year"))
        return summary["count"], summary["latest_year"]


REPORT_PUBLISHED = (6, 30)  # month, day: when a report year's edition counts as published


def report_published(year):
    return datetime.date(year, *REPORT_PUBLISHED)


class Recommendation(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="recommendations")
    year = models.PositiveSmallIntegerField(help_text="Report edition that made it.")
    position = models.PositiveSmallIntegerField(help_text="1 = highest priority.")
    text = models.TextField()
    pillar = models.CharField(max_length=12, choices=Pillar.choices, default=Pillar.GENERAL)

    # Denormalised from the latest StatusChange (by as_of) for fast lists; written only by
    # recommendations.services.record_status.
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NOT_ASSESSED, editable=False
    )
    status_as_of = models.DateField(null=True, blank=True, editable=False)
    status_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many status changes are recorded."
    )

    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        help_text="The similar recommendation of an earlier year that this one repeats.",
    )
    carried_over_similarity = models.FloatField(
        null=True,
        blank=True,
        editable=False,
        help_text="0-100 similarity to the text it is carried over from.",
    )
    carried_over_confirmed = models.BooleanField(
        default=False, help_text="An admin confirmed or set carried_over_from by hand."
    )
    recurrence_years = models.PositiveSmallIntegerField(
        default=1,
        editable=False,
        help_text="Length of the recurrence chain ending here, in report years.",
    )

    dropped_in = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The country's next report year on record, when it does not repeat this one "
        "(services.refresh_dropped keeps it).",
    )
    removed_from_report = models.BooleanField(
        default=False,
        help_text="A later import of the same chapter no longer lists it; kept for its history.",
    )
    themes = models.ManyToManyField(
        "recommendations.Theme",
        blank=True,
        related_name="recommendations",
        help_text="Proposed by recommendations/themes.py from the wording; admins correct them.",
    )
    themes_corrected = models.BooleanField(
        default=False,
        editable=False,
        help_text="An admin corrected the themes: apply_theme_rules leaves them alone.",
    )
    # What preceded upgrades (recommendations/upgrades.py), derived per country after every
    # write to its ratings or statuses (services/upgrades.py).
    next_report_group = models.CharField(
        max_length=5,
        blank=True,
        editable=False,
        help_text="up: the next report upgraded the country; other: it could have and did not.",
    )
    status_at_next_cutoff = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.NOT_ASSESSED,
        editable=False,
        help_text="The status as of the next report's cut-off (31 March of the next year).",
    )
    wording_group = models.BigIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Asks of the same year in near-identical words share it (two countries or "
        "more; recommendations/wording_groups.py), kept by services.refresh_wording_groups.",
    )
    source = models.CharField(max_length=500, blank=True)
    is_synthetic = models.BooleanField(default=False, help_text="Made by generate_demo_data.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "country__sort_name", "position"]
        permissions = [
            ("change_status", "Can record the status of a recommendation"),
            ("import_data", "Can import report chapters and tier tables"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "position"], name="one_recommendation_per_position"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="position_from_one"),
            models.CheckConstraint(condition=Q(pillar__in=Pillar.values), name="pillar_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="recommendation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_REPORT_YEAR, year__lte=LAST_PLAUSIBLE_YEAR),
                name="recommendation_year_plausible",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"], name="rec_year_status"),
            models.Index(fields=["status"], name="rec_status"),
            models.Index(fields=["pillar", "year"], name="rec_pillar_year"),
            models.Index(fields=["recurrence_years"], name="rec_recurrence"),
            models.Index(fields=["-year", "country", "position"], name="rec_list_order"),
            # Due for review: oldest current status first.
            models.Index(fields=["status_as_of", "year"], name="rec_review_age"),
            models.Index(
                fields=["year", "wording_group"],
                name="rec_wording_group",
                condition=Q(wording_group__isnull=False),
            ),
            models.Index(
                fields=["-dropped_in", "country", "position"],
                name="rec_dropped",
                condition=Q(dropped_in__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.country} {self.year} #{self.position}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])
