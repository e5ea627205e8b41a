"""Site machinery both apps use: the data version behind the page cache, and the import log.

Both models began in the apps (countries.DataVersion, recommendations.ImportRun) and keep their
tables; the move was state-only (tipwatch/migrations/0001_moved_models.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class DataVersion(models.Model):
    """One counter, bumped by every write that changes what the pages show.

    It is part of every page-cache key (tipwatch/pagecache.py), so a change shows at once on
    every worker and host, whatever cache backend they use.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "countries_dataversion"

    def __str__(self):
        return f"data version {self.version}"


class ImportRunQuerySet(models.QuerySet):
    def for_log(self):
        """Newest first, with who ran each (one query per page)."""
        return self.select_related("run_by").order_by("-started_at", "-id")


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

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        db_table = "recommendations_importrun"
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.command} at {self.started_at:%Y-%m-%d %H:%M}"
