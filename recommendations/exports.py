"""The rows of the recommendations' CSV exports (written by tipwatch.core.exports), read in
chunks so that memory stays flat however many rows match."""

from recommendations.themes import THEME_LABELS
from recommendations.vocabulary import Pillar, Status
from tipwatch.core.people import recorder_name

CHUNK_SIZE = 2000


RECOMMENDATION_HEADER = [
    "id",
    "country",
    "iso3",
    "year",
    "position",
    "pillar",
    "status",
    "status_as_of",
    "recurrence_years",
    "text",
    "themes",
]


def recommendation_rows(recommendations):
    """The CSV rows of recommendations (a filtered QuerySet), read in chunks, each chunk's
    themes in one more query; themes as their labels, separated by "; "."""
    fields = ["id", "country__name", "country__iso3", "year", "position", "pillar", "status"]
    fields += ["status_as_of", "recurrence_years", "text"]
    rows = recommendations.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows, CHUNK_SIZE):
        themes = _themes_of(recommendations.model, [row[0] for row in chunk])
        for row in chunk:
            yield (*_recommendation_row(row), "; ".join(themes.get(row[0], ())))


def _chunks(rows, size):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _themes_of(model, ids):
    """{recommendation id: [theme label]} in DESIGN.md's order (one query)."""
    links = model.themes.through.objects.filter(recommendation_id__in=ids)
    themes = {}
    for rec_id, slug in links.order_by("theme__position").values_list(
        "recommendation_id", "theme__slug"
    ):
        themes.setdefault(rec_id, []).append(THEME_LABELS[slug])
    return themes


def _recommendation_row(row):
    pk, country, iso3, year, position, pillar, status, as_of, recurrence_years, text = row
    return (
        pk,
        country,
        iso3,
        year,
        position,
        Pillar(pillar).label,
        Status(status).label,
        as_of.isoformat() if as_of else "",
        recurrence_years,
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
    "recommendation_text",
]


def change_rows(changes, *, names_shown):
    """The CSV rows of status changes (a filtered QuerySet), read in chunks; recorders by
    name only when `names_shown` (tipwatch.core.people), else by role."""
    fields = ["id", "recorded_at", "as_of", "recommendation__country__name"]
    fields += ["recommendation__country__iso3", "recommendation__year"]
    fields += ["recommendation__position", "recommendation_id", "status", "note"]
    fields += ["evidence_url", "recorded_by__username", "recommendation__text"]
    for row in changes.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        pk, recorded_at, as_of, country, iso3, year, position, rec_id, status, *rest = row
        note, evidence_url, recorded_by, text = rest
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
            text,
        )
