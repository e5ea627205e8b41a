from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FilteredRelation,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import reverse

from countries.collation import SORT_KEY_LENGTH, sort_key
from countries.tiers import AUTO_DOWNGRADE_FIRST_YEAR, TIER_SCORE, Movement, Tier
from tipwatch.core.parsing import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR


class Region(models.TextChoices):
    AF = "AF", "Africa"
    EAP = "EAP", "East Asia and Pacific"
    EUR = "EUR", "Europe"
    NEA = "NEA", "Near East"
    SCA = "SCA", "South and Central Asia"
    WHA = "WHA", "Western Hemisphere"


class CountryQuerySet(models.QuerySet):
    def existing_in(self, year):
        """The countries that existed in report year `year` (see Country.first_year); every
        country when there is no year (nothing is on record yet)."""
        if year is None:
            return self
        return self.filter(
            Q(first_year__isnull=True) | Q(first_year__lte=year),
            Q(last_year__isnull=True) | Q(last_year__gte=year),
        )

    def with_latest_tier(self):
        """Annotate latest_year and latest_tier (the newest rating on record, if any): the API's
        countries list."""
        newest = TierRating.objects.filter(country=OuterRef("pk")).order_by("-year")
        return self.annotate(
            latest_year=Subquery(newest.values("year")[:1]),
            latest_tier=Subquery(newest.values("tier")[:1]),
        )

    def in_year(self, year):
        """Every country that existed that year, annotated with its rating of `year` (None
        fields when not assessed)."""
        return self.existing_in(year).annotate(
            rating=FilteredRelation("ratings", condition=Q(ratings__year=year)),
            tier=F("rating__tier"),
            movement=F("rating__movement"),
            previous_tier=F("rating__previous_tier"),
            watch_list_years=F("rating__watch_list_years"),
            at_risk=F("rating__at_risk"),
            auto_downgrade=F("rating__auto_downgrade"),
            waiver=F("rating__waiver"),
            waiver_granted=F("rating__waiver_granted"),
            waivers_used=F("rating__waivers_used"),
        )

    def on_special_watch_list(self):
        """Of countries annotated by in_year: the year's Special Watch List, every Tier 2 Watch
        List country plus every country upgraded that year."""
        return self.filter(Q(tier=Tier.WATCH_LIST) | Q(movement=Movement.UP))

    def year_overview(self, year):
        """One query: every country with that year's tier (None when not assessed), as dicts."""
        return list(
            self.in_year(year)
            .order_by("sort_name", "name")
            .values(
                "iso3",
                "name",
                "slug",
                "region",
                "tier",
                "movement",
                "previous_tier",
                "watch_list_years",
                "at_risk",
                "waiver",
                "waiver_granted",
                "waivers_used",
            )
        )

    def with_slugs(self, slugs):
        return self.filter(slug__in=slugs)

    def csv_rows(self):
        """Of countries annotated by in_year: the columns of the countries CSV, as tuples."""
        return self.values_list(
            "iso3",
            "name",
            "region",
            "tier",
            "movement",
            "previous_tier",
            "watch_list_years",
            "at_risk",
            "waivers_used",
            "waiver_granted",
        )

    def picker_choices(self):
        """One query: (slug, name) of every country, for pickers."""
        return list(self.order_by("sort_name", "name").values_list("slug", "name"))

    def name_index(self):
        """Map every known name, alias and ISO code (normalised) to its country."""
        index = {}
        for country in self:
            for known in country.all_names():
                index.setdefault(normalise_name(known), country)
        return index


class Country(models.Model):
    name = models.CharField(max_length=100, unique=True)
    sort_name = models.CharField(
        max_length=SORT_KEY_LENGTH,
        db_index=True,
        editable=False,
        help_text="The name's collation key (countries/collation.py), set on save.",
    )
    slug = models.SlugField(max_length=100, unique=True)
    iso3 = models.CharField("ISO 3166 alpha-3", max_length=3, unique=True)
    iso2 = models.CharField("ISO 3166 alpha-2", max_length=2, blank=True)
    region = models.CharField(max_length=3, choices=Region.choices, db_index=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names the report and lists use."
    )
    first_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First report year it could be ranked in (empty: 2001)."
    )
    last_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Last report year before it ended (empty: it still exists).",
    )
    cache_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Bumped by every write to this country's data (tipwatch/core/pagecache.py).",
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "countries"
        permissions = [("trends_home", "Starts on the trends page after login (managers)")]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__in=Region.values), name="country_region_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_name = sort_key(self.name)
        # cache_version only ever grows, by SQL (tipwatch.core.pagecache): a save of a copy read
        # earlier must not write an older version back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "cache_version"
            ]
        elif "name" in (kwargs.get("update_fields") or ()):
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_name"}  # they go together
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("countries:detail", args=[self.slug])

    def all_names(self):
        return [self.name, self.iso3, *self.aliases]

    def existed_in(self, year):
        return (self.first_year or year) <= year <= (self.last_year or year)

    def years_within(self, first, last):
        """The report years from first to last (None: none) that the country existed in."""
        if first is None:
            return []
        return [year for year in range(first, last + 1) if self.existed_in(year)]

    def years_label(self):
        """The years it existed, as "2003–2006", "from 2012" or "to 2010" ("" for all)."""
        if self.first_year and self.last_year:
            return f"{self.first_year}–{self.last_year}"
        if self.first_year:
            return f"from {self.first_year}"
        return f"to {self.last_year}" if self.last_year else ""

    def year_problem(self, year):
        """Why `year` cannot hold a rating of this country, or None when it can."""
        if self.existed_in(year):
            return None
        return f"{self.name} did not exist in the {year} report (report years {self.years_label()})"


def normalise_name(name):
    """Fold case, curly apostrophes and spacing so that report spellings compare equal."""
    folded = str(name).replace("\u2019", "'").replace("\u00a0", " ").casefold()
    return " ".join(folded.split())


class TierRatingQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-year")

    def on_watch_list(self):
        """Tier 2 Watch List years: those that can carry a waiver."""
        return self.filter(tier=Tier.WATCH_LIST)

    def waivable(self):
        """Watch List years from the 2009 report: those a waiver can be recorded for."""
        return self.on_watch_list().filter(year__gte=AUTO_DOWNGRADE_FIRST_YEAR)

    def rated(self):
        """Ratings on the tier scale (Special Case excluded)."""
        return self.exclude(tier=Tier.SPECIAL_CASE)

    def tier_distribution(self, region=""):
        """One query: (year, tier, count) over all years, optionally for one region."""
        ratings = self.filter(country__region=region) if region else self
        rows = ratings.values("year", "tier").annotate(n=Count("id")).order_by("year", "tier")
        return [(row["year"], row["tier"], row["n"]) for row in rows]

    def region_scores(self):
        """One query: (year, region, average tier score, countries averaged) over the countries
        on record that year; Special Case excluded, in SQL."""
        score = Case(
            *(When(tier=tier, then=Value(value)) for tier, value in TIER_SCORE.items()),
            output_field=FloatField(),
        )
        rows = (
            self.rated()
            .values("year", "country__region")
            .annotate(score=Avg(score), n=Count("id"))
            .order_by("year", "country__region")
        )
        return [(row["year"], row["country__region"], row["score"], row["n"]) for row in rows]

    def on_record_per_year(self):
        """One query: {year: countries on record} (every tier, Special Case included)."""
        rows = self.values("year").annotate(n=Count("id")).order_by("year")
        return {row["year"]: row["n"] for row in rows}

    def moves_per_year(self, region=""):
        """One query: (year, movement, count) of the upgrades and downgrades, each against the
        country's previous rating on record."""
        ratings = self.filter(country__region=region) if region else self
        rows = (
            ratings.filter(movement__in=[Movement.UP, Movement.DOWN])
            .values("year", "movement")
            .annotate(n=Count("id"))
            .order_by("year", "movement")
        )
        return [(row["year"], row["movement"], row["n"]) for row in rows]

    def years_on(self, tiers, region=""):
        """One query: (tier, country name, country slug, year) of every rating on `tiers`."""
        ratings = self.filter(tier__in=tiers)
        if region:
            ratings = ratings.filter(country__region=region)
        return list(
            ratings.order_by().values_list("tier", "country__name", "country__slug", "year")
        )

    def trajectories(self, countries):
        """One query: (country name, year, tier) for the chosen countries."""
        rows = (
            self.filter(country__in=countries)
            .order_by("country__sort_name", "country__name", "year")
            .values_list("country__name", "year", "tier")
        )
        return list(rows)

    def histories(self, country_ids):
        """One query: {country id: its ratings, oldest first} for these countries."""
        histories = {}
        for rating in self.filter(country_id__in=set(country_ids)).order_by("year"):
            histories.setdefault(rating.country_id, []).append(rating)
        return histories

    def years(self):
        return list(self.order_by("-year").values_list("year", flat=True).distinct())

    def span(self):
        """One query: (first, last) report year on record, (None, None) when there is none."""
        span = self.aggregate(first=Min("year"), last=Max("year"))
        return span["first"], span["last"]


class TierRating(models.Model):
    """One country's tier in one report year, with the facts derived from its history.

    movement, previous_tier, watch_list_years, at_risk, auto_downgrade, waiver_granted and
    waivers_used are derived from the country's whole history by
    countries.services.refresh_derived_facts, never set by hand.
    """

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(help_text="Report edition (published about June).")
    tier = models.CharField(max_length=3, choices=Tier.choices)
    summary = models.TextField(blank=True, help_text="The chapter's justification paragraph.")
    source = models.CharField(max_length=500, blank=True, help_text="Where the fact came from.")
    basis = models.CharField(
        max_length=60,
        blank=True,
        help_text="How the source supports it, when not stated outright "
        "(e.g. 'conflicting sources').",
    )
    waiver = models.BooleanField(
        default=False, help_text="A waiver of the automatic downgrade was granted this year."
    )
    is_synthetic = models.BooleanField(default=False, help_text="Made by generate_demo_data.")
    bundled = models.BooleanField(
        default=False,
        db_default=False,  # for writers that insert rows without it (generate_demo_data)
        editable=False,
        help_text="Loaded from the project's bundled data (data/tiers/) and unchanged since: a "
        "newer bundle may correct it. Any other write (admin, chapter, another table) clears "
        "it, and the bundle never changes the rating again.",
    )

    movement = models.CharField(
        max_length=8, choices=Movement.choices, default=Movement.FIRST, editable=False
    )
    previous_tier = models.CharField(max_length=3, choices=Tier.choices, blank=True, editable=False)
    watch_list_years = models.PositiveSmallIntegerField(default=0, editable=False)
    at_risk = models.BooleanField(default=False, editable=False)
    auto_downgrade = models.BooleanField(default=False, editable=False)
    waiver_granted = models.BooleanField(
        default=False, editable=False, help_text="Waiver recorded, or implied (3rd+ WL year)."
    )
    waivers_used = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="Waivers granted in this Watch List run so far."
    )

    objects = TierRatingQuerySet.as_manager()

    class Meta:
        ordering = ["country__sort_name", "country__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="one_rating_per_country_year"),
            models.CheckConstraint(condition=Q(tier__in=Tier.values), name="rating_tier_valid"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_REPORT_YEAR, year__lte=LAST_PLAUSIBLE_YEAR),
                name="rating_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(movement__in=Movement.values), name="rating_movement_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "tier"], name="rating_year_tier"),
            models.Index(fields=["year", "movement"], name="rating_year_movement"),
            models.Index(fields=["year", "at_risk"], name="rating_year_at_risk"),
        ]

    def __str__(self):
        return f"{self.country} {self.year}: {self.get_tier_display()}"

    def clean(self):
        if self.waiver and (problem := self.waiver_problem()):
            raise ValidationError({"waiver": problem})

    def waiver_problem(self):
        """Why this rating's year cannot carry a waiver, or None when it can."""
        if self.year < AUTO_DOWNGRADE_FIRST_YEAR:
            return (
                f"Waivers apply from the {AUTO_DOWNGRADE_FIRST_YEAR} report (the TVPRA 2008 "
                f"rule); {self.year} is earlier."
            )
        if self.tier != Tier.WATCH_LIST:
            return (
                f"{self.country} is on {self.get_tier_display()} in {self.year}, not the Tier 2 "
                "Watch List: only a Watch List year can carry a waiver."
            )
        return None

    @property
    def score(self):
        """Tier score for averages (None for Special Case, which is never averaged)."""
        return TIER_SCORE.get(self.tier)
