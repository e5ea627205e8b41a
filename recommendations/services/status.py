"""Recording statuses: one recommendation's (its page, the admin, commands) or many at once
(the list's bulk update). History row and current status are written together."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone

from recommendations.models import (
    Recommendation,
    Status,
    StatusChange,
    StatusTally,
    tally_rows,
)
from recommendations.upgrades import cutoff, status_at
from tipwatch.core.limits import MAX_NOTE_LENGTH
from tipwatch.core.parsing import check_link
from tipwatch.core.submissions import claim_form_token
from tipwatch.core.versions import atomic_write, changed

# How many recommendations a bulk refusal names by number.
NAMED_IN_REFUSAL = 10


class StaleStatusError(ValidationError):
    """The status changed since the form was made; carries the newer change (None when the
    version given was never the recommendation's and nothing is recorded yet)."""

    def __init__(self, latest_change):
        self.latest_change = latest_change
        if latest_change is None:  # a version no form was made from (a script's guess)
            message = (
                "The version given is not the recommendation's status version (no status is "
                "recorded yet). Read it again and submit again."
            )
        else:
            message = (
                "Another status was recorded while you were editing: "
                f"{latest_change.get_status_display()} as of {latest_change.as_of:%Y-%m-%d}"
                f" by {latest_change.recorded_by or 'a command'}. Review it and submit again."
            )
        super().__init__(message, code="stale")


class AlreadyRecorded(ValidationError):
    """The same status, as-of date, note and evidence link are already in the history of the
    recommendation (or of some of the recommendations); carries the earliest such change."""

    def __init__(self, message, change):
        self.latest_change = change
        super().__init__(message, code="already_recorded")


def recorded_twice(recommendations, *, status, as_of, note, evidence_url):
    """AlreadyRecorded (to raise) when any of the recommendations already has this very change
    in its history, else None (one query): it would add nothing but a duplicate, and history
    is never edited, so it would stay. The services check it under the rows' locks, so a
    concurrent duplicate, waiting on them, sees the first one's change."""
    same = list(
        StatusChange.objects.filter(
            recommendation__in=recommendations,
            status=status,
            as_of=as_of,
            note=(note or "").strip(),
            evidence_url=evidence_url or "",
        )
        .select_related("recorded_by")
        .order_by("id")
    )
    if not same:
        return None
    first = same[0]
    what = (
        f"“{first.get_status_display()}” as of {first.as_of:%-d %B %Y}, with the same note and "
        "evidence link"
    )
    if len(recommendations) == 1:
        when = timezone.localtime(first.recorded_at)
        return AlreadyRecorded(
            f"Already recorded: {what}, is in this recommendation's history (recorded by "
            f"{first.recorded_by or 'a command'} on {when:%-d %B %Y at %H:%M}). Nothing was "
            "recorded again.",
            first,
        )
    ids = sorted({change.recommendation_id for change in same})
    if len(ids) == len(recommendations):
        return AlreadyRecorded(
            f"Already recorded for all {len(ids)} selected recommendations: {what}, is in "
            "their history. Nothing was recorded again.",
            first,
        )
    named = ", ".join(f"#{pk}" for pk in ids[:NAMED_IN_REFUSAL])
    named += ", …" if len(ids) > NAMED_IN_REFUSAL else ""
    return AlreadyRecorded(
        f"Already recorded for {len(ids)} of the {len(recommendations)} selected recommendations "
        f"({named}): {what}, is in their history. Nothing was recorded; leave them out of "
        "the selection (or change the note) and confirm again.",
        first,
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
    if evidence_url:
        try:
            check_link(evidence_url)
        except ValueError as error:
            errors["evidence_url"] = str(error)
    if errors:
        raise ValidationError(errors)


@atomic_write
def record_status(
    *,
    recommendation,
    status,
    as_of,
    note="",
    evidence_url="",
    user=None,
    expected_version=None,
    submission=None,
):
    """Append a status change and update the recommendation's current status, together.

    expected_version is the status_version the caller's form was made from; if another change
    was recorded since, StaleStatusError is raised and nothing is written. None skips the check
    (commands that own the data they write). submission is the key of the form's one-time
    token (tipwatch.core.submissions.form_token_key): a second write under it raises
    AlreadySubmitted. The same change as one in the history raises AlreadyRecorded.
    """
    validate_status_input(
        year=recommendation.year,
        status=status,
        as_of=as_of,
        note=note,
        evidence_url=evidence_url,
    )
    if submission is not None:
        claim_form_token(submission)
    # Lock the row so that two concurrent submissions are serialised and the second sees the
    # first's version.
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if refusal := recorded_twice(
        [locked], status=status, as_of=as_of, note=note, evidence_url=evidence_url
    ):
        raise refusal
    if expected_version is not None and locked.status_version != expected_version:
        raise StaleStatusError(locked.status_changes.order_by("-recorded_at", "-id").first())
    (change,) = _append_changes([locked], status, as_of, note, evidence_url, user)
    for field in ("status", "status_as_of", "status_version"):
        setattr(recommendation, field, getattr(locked, field))
    return change


def _append_changes(locked, status, as_of, note, evidence_url, user):
    """Append one change to each recommendation (locked by the caller, in id order) and set
    their denormalised status; add the changes' moves to the status tally. Five queries however
    many: insert the changes, read their histories, update the recommendations, insert the
    tally rows, and the version bump of their countries (at the end of the caller's service).
    bulk_create and bulk_update send no signals: the countries are named here, once."""
    changes = StatusChange.objects.bulk_create(
        StatusChange(
            recommendation=rec,
            status=status,
            as_of=as_of,
            note=(note or "").strip(),
            evidence_url=evidence_url or "",
            recorded_by=user,
        )
        for rec in locked
    )
    histories = defaultdict(list)  # recommendation id -> [(as_of, id, status)], in order
    for rec_id, *row in (
        StatusChange.objects.filter(recommendation__in=locked)
        .order_by("recommendation_id", "as_of", "id")
        .values_list("recommendation_id", "as_of", "id", "status")
    ):
        histories[rec_id].append(row)
    tally = []
    for rec, change in zip(locked, changes, strict=True):
        history = histories[rec.pk]
        rec.status_as_of, _, rec.status = history[-1]  # the latest by as-of date, then entry
        rec.status_version += 1
        rec.status_at_next_cutoff = status_at(history, cutoff(rec.year))  # /analysis/upgrades/
        if not rec.removed_from_report:
            tally += tally_rows(rec.country_id, _moves(history, change))
    Recommendation.objects.bulk_update(
        locked, ["status", "status_as_of", "status_version", "status_at_next_cutoff"]
    )
    StatusTally.objects.bulk_create(tally)
    changed(scopes={rec.country_id for rec in locked}, rebuild=False)
    return changes


def _moves(history, change):
    """The status tally moves of a change new in `history` [(as_of, id, status)]: the
    recommendation moves from the status before it to its own at its as-of date; the next
    later change, if any, now moves from this one's status instead of the one before."""
    index = next(i for i, (_, pk, _) in enumerate(history) if pk == change.pk)
    before = history[index - 1][2] if index else Status.NOT_ASSESSED
    moves = [(change.as_of, change.status, 1), (change.as_of, before, -1)]
    if index + 1 < len(history):
        later_as_of, _, later_status = history[index + 1]
        moves += [(later_as_of, before, 1), (later_as_of, change.status, -1)]
    return moves


@atomic_write
def bulk_record_status(
    *, recommendations, status, as_of, note, evidence_url="", user=None, submission=None
):
    """Record one status for many recommendations: all of them or none.

    Their rows are locked first, all at once and in id order (as every writer locks
    recommendations), then written; the countries' versions are bumped once at the end.
    submission and refusals as record_status's: none is written when any of them already has
    the very same change."""
    ids = sorted({rec.pk for rec in recommendations})
    if not ids:
        raise ValidationError("Select at least one recommendation.")
    validate_status_input(
        year=max(rec.year for rec in recommendations),
        status=status,
        as_of=as_of,
        note=note,
        evidence_url=evidence_url,
    )
    if submission is not None:
        claim_form_token(submission)
    locked = list(Recommendation.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if refusal := recorded_twice(
        locked, status=status, as_of=as_of, note=note, evidence_url=evidence_url
    ):
        raise refusal
    return _append_changes(locked, status, as_of, note, evidence_url, user)
