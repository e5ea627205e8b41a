"""How a tier rating's source reads on the pages: pure, from its source and basis fields.

The bundled data (data/tiers/README.md) gives each row a `source_url` and a `basis`: the
academic panel's rows (2001-2015) link to its replication data and are cited as the book
they come from; the public pages' rows name the site that states them; "conflicting sources"
is flagged; any other source (a chapter file, an admin's note) reads as written.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

PANEL_BASIS = "academic panel"
PANEL_URL = "https://github.com/andrewheiss/scorecard-diplomacy"
# Judith Kelley, Scorecard Diplomacy (Cambridge University Press, 2017), which extends Cho's
# coding; its replication data is published under the MIT licence (data/tiers/README.md).
PANEL_CITATION = "Kelley, Scorecard Diplomacy (2017), replication data"
CONFLICTING = "conflicting sources"
CONFLICTING_NOTE = "conflicting sources: pages disagree; the better-supported tier is kept"


@dataclass(frozen=True)
class Citation:
    text: str  # what the link (or plain text) says
    url: str  # "" when the source is not a web address
    basis: str  # how the source supports the row, "" when it states it outright
    conflicting: bool


def cite(source, basis=""):
    """The Citation of a rating's source and basis."""
    basis = basis.strip()
    is_url = source.startswith(("http://", "https://"))
    if basis.startswith(PANEL_BASIS) or source == PANEL_URL:
        text = PANEL_CITATION
    elif is_url:
        text = urlsplit(source).hostname or source
        text = text.removeprefix("www.")
    else:
        text = source or "no source given"
    conflicting = basis == CONFLICTING
    shown_basis = CONFLICTING_NOTE if conflicting else ("" if basis == "stated" else basis)
    return Citation(text, source if is_url else "", shown_basis, conflicting)


@dataclass(frozen=True)
class Span:
    """Consecutive report years with one tier from one source (citation None: no data)."""

    first_year: int
    last_year: int
    tier: str  # "" for years without a rating
    citation: Citation | None

    @property
    def years(self):
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


def cited_spans(rows, first_year=None, last_year=None):
    """A tier history as few rows as tell it whole: rows (year, tier, Citation) in any order
    become spans of consecutive years with the same tier and citation, oldest first; years
    from first_year to last_year without a row become "no data" spans."""
    by_year = {year: (tier, citation) for year, tier, citation in rows}
    if not by_year:
        return []
    first = min(by_year) if first_year is None else min(first_year, *by_year)
    last = max(by_year) if last_year is None else max(last_year, *by_year)
    spans = []
    for year in range(first, last + 1):
        tier, citation = by_year.get(year, ("", None))
        if spans and (spans[-1].tier, spans[-1].citation) == (tier, citation):
            spans[-1] = Span(spans[-1].first_year, year, tier, citation)
        else:
            spans.append(Span(year, year, tier, citation))
    return spans
