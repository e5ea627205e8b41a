"""The rows of the recommendations' CSV exports (written by tipwatch.core.exports), read in
chunks so that memory stays flat however many rows match."""

from django.utils import timezone

from recommendations.vocabulary import Pillar, Status
from tipwatch.core import exports as tipwatch_exports
from tipwatch.core.people import recorder_name

CHUNK_SIZE = 2000


def csv_response(name, header, rows):
    """Stream header and rows (an iterator of tuples) as a CSV download called name-DATE.csv."""
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.csv"
    return tipwatch_exports.csv_response(filename=filename, header=header, rows=rows)


RECOMMENDATION_HEADER = [
    "id",
    "country",
    "iso3",
    "year",
    "position",
    "pillar",
    "status",
    "status_as_of",
    "recurring_years",
    "text",
]


def recommendation_rows(recommendations):
    """The CSV rows of recommendations (a filtered QuerySet), read in chunks."""
    fields = ["id", "country__name", "country__iso3", "year", "position", "pillar", "status"]
    fields += ["status_as_of", "recurrence_years", "text"]
    for row in recommendations.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        pk, country, iso3, year, position, pillar, status, as_of, recurring, text = row
        yield (
            pk,
            country,
            iso3,
            year,
            position,
            Pillar(pillar).label,
            Status(status).label,
            as_of.isoformat() if as_of else "",
            recurring,
            text,
        )


CHANGE_HEADER = [
    "id",
    "recorded_at",
    "as_of",
    "country",
    "iso3",
    "year",
    "position",
    "recommendation_id",
    "status",
    "note",
    "evidence_url",
    "recorded_by",
]


def change_rows(changes, *, names_shown):
    """The CSV rows of status changes (a filtered QuerySet), read in chunks; recorders by
    name only when `names_shown` (tipwatch.core.people), else by role."""
    fields = ["id", "recorded_at", "as_of", "recommendation__country__name"]
    fields += ["recommendation__country__iso3", "recommendation__year"]
    fields += ["recommendation__position", "recommendation_id", "status", "note"]
    fields += ["evidence_url", "recorded_by__username"]
    for row in changes.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        pk, recorded_at, as_of, country, iso3, year, position, rec_id, status, *rest = row
        note, evidence_url, recorded_by = rest
        yield (
            pk,
            recorded_at.isoformat(timespec="seconds"),
            as_of.isoformat(),
            country,
            iso3,
            year,
            position,
            rec_id,
            Status(status).label,
            note,
            evidence_url,
            recorder_name(recorded_by, shown=names_shown),
        )
