"""The status tally: how many of a country's recommendations enter or leave each status each
month, summed for status over time (derived data, rebuilt for every country a write changes)."""

import datetime

from django.db import connection, models
from django.db.models import F, Window
from django.db.models.functions import ExtractYear, Lag, TruncMonth, TruncYear

from countries.models import Country
from recommendations.charts import counts_from_steps
from recommendations.models.recommendation import Recommendation
from recommendations.models.status import StatusChange
from recommendations.vocabulary import Status


class StatusTallyQuerySet(models.QuerySet):
    def monthly(self):
        """[(month, status, sum of deltas)] in month order: one GROUP BY."""
        rows = self.filter(yearly=False).values_list("month", "status")
        rows = rows.annotate(n=models.Sum("delta"))
        return list(rows.order_by("month"))

    def status_at_year_ends(self, years, region=""):
        """[(year, {status: count})] of the recommendations in their report at each year's end,
        from the first report year to the last of `years` (else of the tally): one GROUP BY over
        the status tally's yearly rows (a few per country and year, however many changes)."""
        tally = self.filter(yearly=True)
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

    def rebuild(self, country_ids):
        """Recompute the tally of these countries (see rebuild_tally)."""
        rebuild_tally(
            country_ids, tally=self.model, changes=StatusChange, recommendations=Recommendation
        )


def rebuild_tally(country_ids, *, tally, changes, recommendations):
    """Recompute the tally of these countries from their recommendations and history; the
    models are given so that a migration can pass its own.

    Called with the countries' rows locked (tipwatch.core.pagecache runs it after bumping their
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
    (recommendations.apps connects `rebuild` to tipwatch.core.pagecache)."""

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
