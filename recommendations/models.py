from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from countries.models import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR, Country


class Status(models.TextChoices):
    """Implementation status, in order of progress."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    NO_PROGRESS = "no_progress", "No progress"
    IN_PROGRESS = "in_progress", "In progress"
    PARTIAL = "partial", "Partially implemented"
    IMPLEMENTED = "implemented", "Implemented"


OPEN_STATUSES = [Status.NOT_ASSESSED, Status.NO_PROGRESS, Status.IN_PROGRESS, Status.PARTIAL]


class Pillar(models.TextChoices):
    PROSECUTION = "prosecution", "Prosecution"
    PROTECTION = "protection", "Protection"
    PREVENTION = "prevention", "Prevention"
    PARTNERSHIP = "partnership", "Partnership"
    GENERAL = "general", "General"


class RecommendationQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def open(self):
        """Recommendations not (yet) implemented."""
        return self.filter(status__in=OPEN_STATUSES)

    def in_report(self):
        """What the chapter, as last imported, lists (not those a re-import dropped)."""
        return self.filter(removed_from_report=False)

    def with_country(self):
        return self.select_related("country")


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
        ]

    def __str__(self):
        return f"{self.country} {self.year} #{self.position}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])


class StatusChange(models.Model):
    """One recorded status of a recommendation. Append-only: never updated, never deleted."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="status_changes"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    as_of = models.DateField(help_text="When the status became true.")
    note = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
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

    class Meta:
        ordering = ["-recorded_at", "-id"]
        get_latest_by = ["as_of", "id"]
        constraints = [
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


class ImportRun(models.Model):
    """One run of import_report or import_tiers, kept whether it succeeded or not."""

    command = models.CharField(max_length=40)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    invoked_as = models.CharField(max_length=200, blank=True, help_text="User or command line.")
    files = models.JSONField(default=list)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.command} at {self.started_at:%Y-%m-%d %H:%M}"
