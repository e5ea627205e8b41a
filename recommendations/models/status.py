"""Status history: each recorded status of a recommendation, append-only."""

from contextlib import contextmanager

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from recommendations.models.recommendation import Recommendation
from recommendations.vocabulary import Status
from tipwatch.core.limits import MAX_NOTE_LENGTH, MAX_URL_LENGTH

# On PostgreSQL, triggers refuse UPDATE, DELETE (migration 0003) and TRUNCATE (0010) of the
# history; TRUNCATE only is let through in a transaction that sets this to 'on'.
EMPTY_HISTORY_SETTING = "tipwatch.empty_history"


@contextmanager
def emptying_history(connection):
    """A transaction in which TRUNCATE may empty the status history: the one documented way,
    for generate_demo_data (which replaces all data) and the test runner's flush."""
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [EMPTY_HISTORY_SETTING])
        yield
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, '', true)", [EMPTY_HISTORY_SETTING])


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
