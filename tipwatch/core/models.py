"""Site machinery both apps use: the data version behind the page cache, the import log, and
personal API tokens.

Both models began in the apps (countries.DataVersion, recommendations.ImportRun) and keep their
tables; the move was state-only (tipwatch/core/migrations/0001_moved_models.py).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_identity():
    return secrets.token_hex(16)


class DataVersion(models.Model):
    """The one row of site-wide cache versions (the countries carry their own, see
    tipwatch/core/versions.py): part of every page-cache key, so a change shows at once on every
    worker and host, whatever cache backend they use.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(
        default=0, help_text="Bumped by what changes every page (a user renamed, a migration)."
    )
    permissions_version = models.PositiveBigIntegerField(
        default=0, help_text="Bumped by any change of who holds which permission."
    )
    sessions_version = models.PositiveBigIntegerField(
        default=0,
        help_text="Bumped by every logout: a session copy the cache kept from before is checked "
        "against the database before it is trusted (tipwatch/core/sessions.py).",
    )
    identity = models.CharField(
        max_length=32,
        default=new_identity,
        help_text="Random, made at migrate time and renewed by a restore: cache keys of one "
        "database never match another's.",
    )

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
    decisions = models.JSONField(
        default=list, blank=True, help_text="What the admin chose for the import, said."
    )
    succeeded = models.BooleanField(default=False)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        db_table = "recommendations_importrun"
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.command} at {self.started_at:%Y-%m-%d %H:%M}"


class ImportJobQuerySet(models.QuerySet):
    def for_log(self):
        """Newest first, with who started each and its files (two queries per page)."""
        return (
            self.select_related("created_by", "import_run")
            .prefetch_related("files")
            .order_by("-created_at", "-id")
        )

    def running(self):
        return self.filter(state__in=ImportJob.RUNNING)


class ImportJob(models.Model):
    """An import from the web: uploaded files, previewed in the background, then applied or
    discarded. The preview is kept (JSON) and shown; applying redoes the same plan."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker to read the files"
        READING = "reading", "Reading the files"
        PREVIEWED = "previewed", "Previewed: apply or discard"
        REFUSED = "refused", "Refused: problems found, nothing written"
        APPLY_QUEUED = "apply_queued", "Waiting for a worker to apply"
        APPLYING = "applying", "Applying"
        APPLIED = "applied", "Applied"
        DISCARDED = "discarded", "Discarded, nothing written"
        FAILED = "failed", "Failed, nothing written"

    # States a worker is in the middle of (a worker that stops leaves the job here).
    RUNNING = (State.READING, State.APPLYING)
    # States that end with no more work coming: the page stops refreshing.
    WAITING = (State.QUEUED, State.READING, State.APPLY_QUEUED, State.APPLYING)

    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, help_text="Last sign of progress.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who applied or discarded the preview.",
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Report year of chapters whose text states none."
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    page_done = models.PositiveIntegerField(default=0, help_text="Pages of the PDF being read.")
    page_total = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, help_text="host:pid running it.")
    preview = models.JSONField(default=dict, blank=True)
    choices = models.JSONField(
        default=dict,
        blank=True,
        help_text="The admin's answers on applying: tiers chosen, years confirmed, overwrites "
        "confirmed.",
    )
    problems = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True, help_text="Why the job failed.")
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        return f"import job {self.pk} ({self.get_state_display()})"

    @property
    def waiting(self):
        return self.state in self.WAITING


class UploadedFile(models.Model):
    """A file uploaded for an import, kept for audit in the database with its job, so that a
    worker on any host reads it (never in the static or public folders)."""

    job = models.ForeignKey(ImportJob, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=255, help_text="The file's name as uploaded (cleaned).")
    content = models.BinaryField(default=b"", help_text="The file itself.")
    stored_as = models.CharField(
        max_length=300,
        blank=True,
        help_text="Path under IMPORT_UPLOAD_ROOT, for files uploaded before they were kept in "
        "the database; empty since.",
    )
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} ({self.sha256[:12]})"


class PeriodicRun(models.Model):
    """When each periodic task of tipwatch/core/schedule.py was last queued (by any worker)."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} last queued {self.last_enqueued_at:%Y-%m-%d %H:%M}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def of(self, user):
        """A user's tokens, newest first (revoked ones too: the account page lists them)."""
        return self.filter(user=user).order_by("-created_at", "-id")


class ApiToken(models.Model):
    """A personal token for scripts: `tw_<prefix>_<secret>`, shown once, stored as a hash.

    The prefix finds the row; the SHA-256 of the whole token proves it. The token acts as its
    user, with exactly that user's permissions at the time of each request.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the token.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="token_by_user")]

    def __str__(self):
        return f"{self.name} (tw_{self.prefix}_…)"

    @property
    def is_active(self):
        return self.revoked_at is None


class Submission(models.Model):
    """A write made at most once under its key (tipwatch/submissions.py): a status form's
    one-time token, or an API call's Idempotency-Key with the first answer, kept to be given
    again. The key is unique: a second submission, even a concurrent one on another host,
    fails to insert it inside its own transaction, so nothing of it is written."""

    key = models.CharField(max_length=320, unique=True)
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="API calls: SHA-256 of what was asked."
    )
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    made_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.key} at {self.made_at:%Y-%m-%d %H:%M}"
