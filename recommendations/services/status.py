"""Writes to recommendations and their status history.

Every write of more than one row is one of these atomic functions; views, the admin and the
management commands call them and never set the denormalised fields themselves.
"""

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from recommendations.models import Pillar, Recommendation, Status, StatusChange
from recommendations.recurrence import confirm_links, set_link
from tipwatch.pagecache import bump_data_version

LINK_ACTIONS = ("confirm", "set", "remove")


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
    if evidence_url and urlsplit(evidence_url).scheme not in ("http", "https"):
        errors["evidence_url"] = "The evidence link must start with http:// or https://."
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


def link_candidates(recommendation):
    """What recommendation may repeat: its country's recommendations of the nearest earlier
    report year on record, in priority order (one query)."""
    earlier = Recommendation.objects.in_report().filter(
        country_id=recommendation.country_id, year__lt=recommendation.year
    )
    nearest = earlier.order_by("-year").values("year")[:1]
    return earlier.filter(year=Subquery(nearest)).order_by("position")


@transaction.atomic
def change_link(*, recommendation, action, target=None):
    """An admin confirms the recommendation's link (or its absence), sets it to target (one of
    link_candidates) or removes it. The link is then confirmed, so imports keep it."""
    if action not in LINK_ACTIONS:
        raise ValidationError(f"Unknown action {action!r}: use confirm, set or remove.")
    if action == "confirm":
        confirm_links(recommendations=[recommendation])
    elif action == "remove":
        set_link(recommendation=recommendation, target=None)
    else:
        if target is None:
            raise ValidationError("Choose the earlier recommendation this one repeats.")
        if not link_candidates(recommendation).filter(pk=target.pk).exists():
            raise ValidationError(
                f"{target} cannot be linked: a recommendation can only repeat one of "
                f"{recommendation.country}'s nearest earlier report year on record."
            )
        set_link(recommendation=recommendation, target=target)
    bump_data_version()
    recommendation.refresh_from_db()
    return recommendation


@transaction.atomic
def set_pillar(*, recommendation, pillar):
    """An admin sets the pillar; imports never classify an existing recommendation again."""
    if pillar not in Pillar.values:
        raise ValidationError(
            f"Unknown pillar {pillar!r}: choose one of {', '.join(Pillar.labels)}."
        )
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.pillar != pillar:
        locked.pillar = pillar
        locked.save(update_fields=["pillar"])
        bump_data_version()
    recommendation.pillar = pillar
    return recommendation
