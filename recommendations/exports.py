"""CSV exports, streamed row by row so that memory stays flat however many rows match."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from recommendations.models import Pillar, Status

CHUNK_SIZE = 2000

# A spreadsheet runs a cell starting with one of these as a formula; imported text is not ours
# to run, so such cells get a leading apostrophe (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(name, header, rows):
    """Stream header and rows (an iterator of tuples) as a CSV download called name-DATE.csv."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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


def change_rows(changes):
    """The CSV rows of status changes (a filtered QuerySet), read in chunks."""
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
            recorded_by or "",
        )
