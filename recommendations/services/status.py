"""Recording statuses: one recommendation's (its page, the admin, commands) or many at once
(the list's bulk update). History row and current status are written together."""

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recommendations.models import Recommendation, Status, StatusChange
from tipwatch.limits import MAX_NOTE_LENGTH, MAX_URL_LENGTH
from tipwatch.pagecache import bump_data_version


class StaleStatusError(ValidationError):
    """The status changed since the form was made; carries the newer change."""

    def __init__(self, latest_change):
        self.latest_change = latest_change
        super().__init__(
            "Another status was recorded while you were editing: "
            f"{latest_change.get_status_display()} as of {latest_change.as_of:%Y-%m-%d}"
            f" by {latest_change.recorded_by or 'a command'}. Review it and submit again.",
            code="stale",
        )


def validate_status_input(*, year, status, as_of, note, evidence_url, today=None):
    """Raise ValidationError naming each rule the input breaks."""
    today = today or timezone.localdate()
    errors = {}
    if status not in Status.values:
        errors["status"] = f"Unknown status {status!r}."
    if not isinstance(as_of, datetime.date):
        errors["as_of"] = "Give the date the status became true."
    elif as_of > today:
        errors["as_of"] = "The as-of date cannot be in the future."
    elif as_of < datetime.date(year, 1, 1):
        errors["as_of"] = f"The as-of date cannot be before 1 January {year}, the report year."
    if status != Status.NOT_ASSESSED and not (note or "").strip():
        errors["note"] = "Say what the status is based on (a note is required)."
    elif len(note or "") > MAX_NOTE_LENGTH:
        errors["note"] = (
            f"A note may have at most {MAX_NOTE_LENGTH:,} characters (this one has {len(note):,})."
        )
    if evidence_url and urlsplit(evidence_url).scheme not in ("http", "https"):
        errors["evidence_url"] = "The evidence link must start with http:// or https://."
    elif len(evidence_url or "") > MAX_URL_LENGTH:
        errors["evidence_url"] = f"The evidence link may have at most {MAX_URL_LENGTH} characters."
    if errors:
        raise ValidationError(errors)


def _apply_latest_status(recommendation):
    """Set the denormalised status from the latest change by as-of date (then by entry)."""
    latest = recommendation.status_changes.order_by("-as_of", "-id").first()
    recommendation.status = latest.status if latest else Status.NOT_ASSESSED
    recommendation.status_as_of = latest.as_of if latest else None
    recommendation.status_version += 1
    recommendation.save(update_fields=["status", "status_as_of", "status_version"])
    bump_data_version()


@transaction.atomic
def record_status(
    *,
    recommendation,
    status,
    as_of,
    note="",
    evidence_url="",
    user=None,
    expected_version=None,
):
    """Append a status change and update the recommendation's current status, together.

    expected_version is the status_version the caller's form was made from; if another change
    was recorded since, StaleStatusError is raised and nothing is written. None skips the check
    (commands that own the data they write).
    """
    validate_status_input(
        year=recommendation.year,
        status=status,
        as_of=as_of,
        note=note,
        evidence_url=evidence_url,
    )
    # Lock the row so that two concurrent submissions are serialised and the second sees the
    # first's version.
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if expected_version is not None and locked.status_version != expected_version:
        raise StaleStatusError(locked.status_changes.order_by("-recorded_at", "-id").first())
    change = StatusChange.objects.create(
        recommendation=locked,
        status=status,
        as_of=as_of,
        note=(note or "").strip(),
        evidence_url=evidence_url or "",
        recorded_by=user,
    )
    _apply_latest_status(locked)
    recommendation.refresh_from_db(fields=["status", "status_as_of", "status_version"])
    return change


@transaction.atomic
def bulk_record_status(*, recommendations, status, as_of, note, evidence_url="", user=None):
    """Record one status for many recommendations: all of them or none."""
    recommendations = list(recommendations)
    if not recommendations:
        raise ValidationError("Select at least one recommendation.")
    changes = []
    for recommendation in recommendations:
        changes.append(
            record_status(
                recommendation=recommendation,
                status=status,
                as_of=as_of,
                note=note,
                evidence_url=evidence_url,
                user=user,
            )
        )
    return changes
