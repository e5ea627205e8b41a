"""Reads of the analysis pages (tipwatch/views/analysis.py): the asks counted by theme, region,
year, status and wording group, each one GROUP BY query over the recommendations still in
their report. A RecommendationQuerySet mixin: `Recommendation.objects.in_report()...`."""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from countries.models import TierRating
from recommendations.upgrades import DONE, UPGRADED


class AnalysisQuerySet(models.QuerySet):
    # -- themes ------------------------------------------------------------------------------

    def theme_region_countries(self):
        """One query: {(theme slug, region): countries asked at least once in that theme}."""
        rows = (
            self.filter(themes__isnull=False)
            .order_by()
            .values_list("themes__slug", "country__region")
            .annotate(n=Count("country", distinct=True))
        )
        return {(slug, region): n for slug, region, n in rows}

    def region_countries(self):
        """One query: {region: countries asked anything}."""
        rows = (
            self.order_by()
            .values_list("country__region")
            .annotate(n=Count("country", distinct=True))
        )
        return dict(rows)

    def theme_counts_by_year(self):
        """One query: {(year, theme slug): asks in that theme}."""
        rows = (
            self.filter(themes__isnull=False)
            .order_by()
            .values_list("year", "themes__slug")
            .annotate(n=Count("id"))
        )
        return {(year, slug): n for year, slug, n in rows}

    def counts_by_year(self):
        """One query: {year: asks}."""
        return dict(self.order_by().values_list("year").annotate(n=Count("id")))

    def countries_by_year(self):
        """One query: {year: countries asked}."""
        rows = self.order_by().values_list("year").annotate(n=Count("country", distinct=True))
        return dict(rows)

    def year_status_counts(self):
        """One query: {(year, status): asks} (their current status)."""
        rows = self.order_by().values_list("year", "status").annotate(n=Count("id"))
        return {(year, status): n for year, status, n in rows}

    def longest_running(self, limit):
        """The `limit` longest recurrence chains, by their last ask (one not repeated by a later
        one), longest and newest first, with the country (one query)."""
        repeated = self.model.objects.filter(carried_over_from=OuterRef("pk"))
        return (
            self.filter(~Exists(repeated))
            .with_country()
            .order_by("-recurrence_years", "-year", "country__name", "position")[:limit]
        )

    def theme_counts_beside(self, country):
        """One query over a region's asks of a year: {theme slug: (country's asks, region's
        asks)} in each theme."""
        rows = (
            self.filter(themes__isnull=False)
            .order_by()
            .values_list("themes__slug")
            .annotate(mine=Count("id", filter=Q(country=country)), all=Count("id"))
        )
        return {slug: (mine, total) for slug, mine, total in rows}

    def totals_beside(self, country):
        """One query: (country's asks, region's asks, countries of the region asked)."""
        found = self.aggregate(
            mine=Count("id", filter=Q(country=country)),
            all=Count("id"),
            countries=Count("country", distinct=True),
        )
        return found["mine"], found["all"], found["countries"]

    # -- asks repeated across countries ------------------------------------------------------

    def wording_rows(self):
        """(id, country id, year, text, wording group, still in the report) of each ask, for
        services.refresh_wording_groups (one query)."""
        return self.order_by("year", "id").values_list(
            "id", "country_id", "year", "text", "wording_group", "removed_from_report"
        )

    def group_leaders(self, year):
        """One query: [(first wording, key)] of the wording groups of `year`."""
        leaders = {}
        rows = self.filter(year=year, wording_group__isnull=False).order_by("wording_group", "id")
        for key, text in rows.values_list("wording_group", "text"):
            leaders.setdefault(key, text)
        return [(text, key) for key, text in leaders.items()]

    def grouped(self):
        """These asks that belong to a wording group, with their country, group by group."""
        return (
            self.filter(wording_group__isnull=False)
            .with_country()
            .only("id", "year", "text", "wording_group", "country__name", "country__slug")
            .order_by("wording_group", "country__name", "position")
        )

    def group_years(self, keys, up_to):
        """One query: {key: report years up to `up_to` in which the group was asked}."""
        rows = (
            self.filter(wording_group__in=keys, year__lte=up_to)
            .order_by()
            .values_list("wording_group", "year")
            .distinct()
        )
        years = {}
        for key, year in rows:
            years.setdefault(key, set()).add(year)
        return years

    def similar_countries(self, recommendation):
        """One query: how many other countries were asked the same (wording group) that year."""
        if recommendation.wording_group is None:
            return 0
        return (
            self.filter(year=recommendation.year, wording_group=recommendation.wording_group)
            .exclude(country_id=recommendation.country_id)
            .values("country_id")
            .distinct()
            .count()
        )

    # -- what preceded upgrades --------------------------------------------------------------

    def before_next_report(self):
        """The asks whose next report is compared (recommendations/upgrades.py): their
        next_report_group and status_at_next_cutoff are kept at write time."""
        return self.exclude(next_report_group="")

    def _done_of_asks(self, *fields):
        return list(
            self.before_next_report()
            .order_by()
            .values_list(*fields)
            .annotate(done=Count("id", filter=Q(status_at_next_cutoff__in=DONE)), asks=Count("id"))
        )

    def done_before_by_theme(self):
        """One query: [(theme slug or None, group, done, asks)]: asks implemented or partly by
        the next cut-off, of how many, per theme and next-report group."""
        return self._done_of_asks("themes__slug", "next_report_group")

    def done_before(self):
        """One query: [(group, done, asks)], whatever the themes."""
        return self._done_of_asks("next_report_group")

    def done_before_upgrades(self):
        """One query: [(country name, slug, year asked, tier before, tier after, done, asks)]
        for each upgrade, from the next report's rating."""
        upgrade = TierRating.objects.filter(
            country=OuterRef("country_id"), year=OuterRef("year") + 1
        )
        return list(
            self.filter(next_report_group=UPGRADED)
            .annotate(
                tier_before=Subquery(upgrade.values("previous_tier")[:1]),
                tier_after=Subquery(upgrade.values("tier")[:1]),
            )
            .order_by()
            .values_list("country__name", "country__slug", "year", "tier_before", "tier_after")
            .annotate(done=Count("id", filter=Q(status_at_next_cutoff__in=DONE)), asks=Count("id"))
        )
