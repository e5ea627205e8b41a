import datetime
from collections import defaultdict

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import ExtractYear, Lag, Length, TruncMonth, TruncYear
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from countries.models import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR, Country
from recommendations.vocabulary import OPEN_STATUSES, Pillar, Status
from tipwatch.limits import MAX_NOTE_LENGTH, MAX_URL_LENGTH

__all__ = ["OPEN_STATUSES", "Pillar", "Recommendation", "Status", "StatusChange"]


class RecommendationQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def report_years(self):
        """One query: the report years that have recommendations, newest first."""
        return list(self.order_by("-year").values_list("year", flat=True).distinct())

    def in_report(self):
        """What the chapter, as last imported, lists (not those a re-import dropped)."""
        return self.filter(removed_from_report=False)

    def with_country(self):
        return self.select_related("country")

    def in_list_order(self):
        """Newest year first, then country and priority: the order of the rec_list_order index."""
        return self.order_by("-year", "country_id", "position")

    def in_page_order(self):
        """Newest year first, then priority: a country's recommendations as its page lists them."""
        return self.order_by("-year", "position")

    def up_to(self, year):
        return self.filter(year__lte=year)

    def recurring(self, min_years):
        """Recommendations repeated in at least min_years consecutive reports (chain length)."""
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

    def status_at_year_ends(self, years, region=""):
        """[(year, {status: count})] of the recommendations in their report at each year's end,
        from the first report year to the last of `years` (else of the tally): one GROUP BY over
        the status tally's yearly rows (a few per country and year, however many changes)."""
        from recommendations.charts import counts_from_steps

        tally = StatusTally.objects.filter(yearly=True)
        if region:
            tally = tally.filter(country__region=region)
        steps = list(
            tally.annotate(year=ExtractYear("month"))
            .values_list("year", "status")
            .annotate(n=models.Sum("delta"))
            .order_by("year")
        )
        if not steps:
            return []
        first, last = steps[0][0], max(years) if years else steps[-1][0]
        points = list(range(first, last + 1))
        return counts_from_steps(steps, points)

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

    def chain_links(self):
        """(id, year, carried_over_from_id) of each row, to walk recurrence chains in Python."""
        return self.order_by().values_list("id", "year", "carried_over_from_id")

    def years_by_country(self, country_ids):
        """One query: {country id: set of the report years it has recommendations in}."""
        years = defaultdict(set)
        rows = self.filter(country_id__in=country_ids).values_list("country_id", "year")
        for country_id, year in rows.order_by().distinct():
            years[country_id].add(year)
        return years

    def linking_rows(self, *, country_ids, years):
        """One query: {(country id, year): recommendations in priority order}, with only what
        recurrence links read and write."""
        rows = defaultdict(list)
        fields = ["country_id", "year", "position", "text", "carried_over_from"]
        fields += ["link_similarity", "link_confirmed"]
        chosen = self.filter(country_id__in=country_ids, year__in=years)
        for rec in chosen.only(*fields).order_by("position"):
            rows[rec.country_id, rec.year].append(rec)
        return rows

    def link_candidates(self, recommendation):
        """What recommendation may repeat: its country's recommendations of the nearest earlier
        report year on record, in priority order (one query)."""
        earlier = self.in_report().filter(
            country_id=recommendation.country_id, year__lt=recommendation.year
        )
        nearest = earlier.order_by("-year").values("year")[:1]
        return earlier.filter(year=Subquery(nearest)).order_by("position")

    def repeating(self, target, *, year, besides):
        """The recommendation of `year` (other than `besides`) linked to target, or None
        (one query)."""
        return self.filter(carried_over_from=target, year=year).exclude(pk=besides.pk).first()

    def find(self, pk):
        """The recommendation with this id, or None (one query)."""
        return self.filter(pk=pk).first()

    def stored_link_id(self, pk):
        """The link on record for recommendation pk (one query)."""
        return self.filter(pk=pk).values_list("carried_over_from_id", flat=True).first()

    def dropped(self):
        """Every recommendation the country's next report year on record does not repeat,
        annotated with dropped_in (that year), newest first. One query, whatever the size."""
        listed = self.in_report()
        next_year = (
            listed.filter(country=OuterRef("country"), year__gt=OuterRef("year"))
            .order_by("year")
            .values("year")[:1]
        )
        repeated = listed.filter(carried_over_from=OuterRef("pk"), year=OuterRef("dropped_in"))
        return (
            listed.with_country()
            .annotate(dropped_in=Subquery(next_year))
            .filter(dropped_in__isnull=False)
            .filter(~Exists(repeated))
            .order_by("-dropped_in", "country__name", "position")
        )

    def in_id_order(self):
        """By id: the order many rows are locked and written in, the same in every request."""
        return self.order_by("pk")

    def preview(self, size):
        """The first `size`, newest year first, then country and priority, with countries."""
        return self.with_country().order_by("-year", "country__name", "position")[:size]

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
    link_similarity = models.FloatField(
        null=True, blank=True, editable=False, help_text="0-100 similarity of the linked text."
    )
    link_confirmed = models.BooleanField(
        default=False, help_text="An admin confirmed or set the link by hand."
    )
    recurrence_years = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Length of the chain ending here, in report years."
    )

    removed_from_report = models.BooleanField(
        default=False,
        help_text="A later import of the same chapter no longer lists it; kept for its history.",
    )
    source = models.CharField(max_length=500, blank=True)
    is_synthetic = models.BooleanField(default=False, help_text="Made by generate_demo_data.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "country__name", "position"]
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
        ]

    def __str__(self):
        return f"{self.country} {self.year} #{self.position}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])


class StatusChangeQuerySet(models.QuerySet):
    def newest_first(self):
        """Latest recorded first, the order of the change_newest index."""
        return self.order_by("-recorded_at", "-id")

    def with_context(self):
        """With the recommendation, its country and the recorder, for lists (one query)."""
        return self.select_related("recommendation__country", "recorded_by")

    def for_country(self, country):
        return self.filter(recommendation__country=country)

    def timeline(self):
        """A recommendation's history, newest as-of date first, with who recorded each."""
        return self.select_related("recorded_by").order_by("-as_of", "-id")


class StatusChange(models.Model):
    """One recorded status of a recommendation. Append-only: never updated, never deleted."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="status_changes"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    as_of = models.DateField(help_text="When the status became true.")
    note = models.TextField(
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH)],
    )
    evidence_url = models.URLField(max_length=MAX_URL_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_changes",
        help_text="Empty when a command recorded it.",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    is_synthetic = models.BooleanField(default=False, help_text="Made by generate_demo_data.")

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        get_latest_by = ["as_of", "id"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), MAX_NOTE_LENGTH),
                name="status_note_length_bounded",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="status_change_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["recommendation", "as_of", "id"], name="change_rec_as_of"),
            models.Index(fields=["-recorded_at", "-id"], name="change_newest"),
            models.Index(fields=["recorded_by", "-recorded_at"], name="change_by_user"),
            models.Index(fields=["as_of"], name="change_as_of"),
        ]

    def __str__(self):
        return f"{self.recommendation}: {self.get_status_display()} as of {self.as_of}"


class StatusTallyQuerySet(models.QuerySet):
    def monthly(self):
        """[(month, status, sum of deltas)] in month order: one GROUP BY."""
        rows = self.filter(yearly=False).values_list("month", "status")
        rows = rows.annotate(n=models.Sum("delta"))
        return list(rows.order_by("month"))

    def rebuild(self, country_ids):
        """Recompute the tally of these countries (see rebuild_tally)."""
        rebuild_tally(
            country_ids, tally=self.model, changes=StatusChange, recommendations=Recommendation
        )


def rebuild_tally(country_ids, *, tally, changes, recommendations):
    """Recompute the tally of these countries from their recommendations and history; the
    models are given so that a migration can pass its own.

    Called with the countries' rows locked (tipwatch.pagecache runs it after bumping their
    versions), so two writers never rebuild one country at once. Five queries: delete; insert
    the changes' steps, grouped, in SQL; read and insert the report years' new
    recommendations; insert the yearly sums.
    """
    ids = sorted(set(country_ids))
    if not ids:
        return
    tally.objects.filter(country_id__in=ids).delete()
    listed = {"country_id__in": ids, "removed_from_report": False}
    steps = (
        changes.objects.filter(**{f"recommendation__{k}": v for k, v in listed.items()})
        .annotate(
            country=F("recommendation__country_id"),
            month=TruncMonth("as_of"),
            previous=Window(
                Lag("status"),
                partition_by=[F("recommendation_id")],
                order_by=[F("as_of").asc(), F("id").asc()],
            ),
        )
        .values_list("country", "month", "status", "previous")
    )
    steps_sql, params = steps.query.sql_with_params()
    table = connection.ops.quote_name(tally._meta.db_table)
    # Each step counts twice: +1 in its status, -1 in the one before (Not assessed first).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (country_id, month, status, delta, yearly) "
            "SELECT country, month, "
            "CASE WHEN sign = 1 THEN status ELSE COALESCE(previous, %s) END, SUM(sign), %s "
            f"FROM ({steps_sql}) steps, (SELECT 1 AS sign UNION ALL SELECT -1) signs "
            "GROUP BY 1, 2, 3 HAVING SUM(sign) <> 0",
            [Status.NOT_ASSESSED, False, *params],
        )
    published = (
        recommendations.objects.filter(**listed)
        .values_list("country_id", "year")
        .annotate(n=models.Count("id"))
        .order_by()
    )
    tally.objects.bulk_create(
        tally(
            country_id=country_id,
            month=datetime.date(year, 1, 1),
            status=Status.NOT_ASSESSED,
            delta=n,
        )
        for country_id, year, n in published
    )
    # The same summed by year, for pages across countries (a twelfth of the rows).
    years = (
        tally.objects.filter(country_id__in=ids, yearly=False)
        .annotate(year=TruncYear("month"))
        .values_list("country_id", "year", "status")
        .annotate(n=models.Sum("delta"))
        .order_by()
    )
    years_sql, params = years.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (country_id, month, status, delta, yearly) "
            f"SELECT country_id, year, status, n, %s FROM ({years_sql}) years",
            [True, *params],
        )


def tally_rows(country_id, moves):
    """StatusTally rows (a monthly and a yearly one each) for moves [(date, status, +1/-1)]."""
    rows = []
    for day, status, delta in moves:
        for month, yearly in ((day.replace(day=1), False), (datetime.date(day.year, 1, 1), True)):
            rows.append(
                StatusTally(
                    country_id=country_id, month=month, status=status, delta=delta, yearly=yearly
                )
            )
    return rows


class StatusTally(models.Model):
    """How many of a country's recommendations (those in their report) enter (+) or leave (-)
    each status in each month: a recommendation enters Not assessed on 1 January of its report
    year, then each change moves it from its previous status to the new one. The count in a
    status at a date is the sum of the deltas up to it, so status over time is a GROUP BY over
    a few rows per country and month. Derived data: rebuilt for every country a write changes
    (recommendations.apps connects `rebuild` to tipwatch.pagecache)."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month (of the year if yearly).")
    status = models.CharField(max_length=12, choices=Status.choices)
    delta = models.IntegerField()
    yearly = models.BooleanField(default=False, help_text="A year's sum of the monthly rows.")

    objects = StatusTallyQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["country", "yearly", "month"], name="tally_country_month"),
            models.Index(fields=["yearly", "month"], name="tally_yearly"),
        ]

    def __str__(self):
        return f"{self.country_id} {self.month:%Y-%m} {self.status} {self.delta:+d}"


class DigestFrequency(models.TextChoices):
    NEVER = "never", "No digest"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly (Mondays)"


class FollowQuerySet(models.QuerySet):
    def of(self, user):
        """The follows of user, with their countries, by country name (one query)."""
        return self.filter(user=user).select_related("country")

    def countries_of(self, user):
        """The countries user follows, by name (one query)."""
        return [follow.country for follow in self.of(user)]

    def following(self, user, country):
        """Whether user follows country (one query)."""
        return self.filter(user=user, country=country).exists()


class Follow(models.Model):
    """A user follows a country: its news goes into the user's digest.

    known_year and known_at_risk are the country's latest report year on record and its
    downgrade risk when followed: the baseline of the first digest after it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    known_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    known_at_risk = models.BooleanField(default=False, editable=False)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["country__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="one_follow_per_country")
        ]

    def __str__(self):
        return f"{self.user} follows {self.country}"


class DigestSubscriptionQuerySet(models.QuerySet):
    def frequency_of(self, user):
        """How often user gets the digest: never without a subscription (one query)."""
        subscription = self.filter(user=user).first()
        return subscription.frequency if subscription else DigestFrequency.NEVER


class DigestSubscription(models.Model):
    """How often a user wants the digest; `since` is when the first period starts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    frequency = models.CharField(
        max_length=6, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    since = models.DateTimeField(default=timezone.now)

    objects = DigestSubscriptionQuerySet.as_manager()

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class Digest(models.Model):
    """One user's digest of one period: written (content frozen) before it is sent, marked
    sent after, so a run that stops half-way is finished by the next, never repeated."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    frequency = models.CharField(max_length=6, choices=DigestFrequency.choices)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    subject = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    items = models.PositiveIntegerField(default=0, help_text="0: nothing to tell, not mailed.")
    state = models.JSONField(
        default=dict, help_text="Latest report year and risk per followed country (ISO3)."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period_end"], name="one_digest_per_period")
        ]
        indexes = [models.Index(fields=["sent_at"], name="digest_unsent")]

    def __str__(self):
        return f"{self.user} digest to {self.period_end:%Y-%m-%d}"
