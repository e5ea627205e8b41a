"""How a tier rating's source reads on the pages: pure, from its source and basis fields.

The bundled data (data/tiers/README.md) gives each row a `source_url` and a `basis`: the
academic panel's rows (2001-2015) link to its replication data and are cited as the book
they come from; the public pages' rows name the site that states them and what kind of page it
is (the report's own chapter or a copy of it, a reference list of tiers, a news summary, another
page); "conflicting sources" is flagged; every basis but a plain statement is said. A source
that is a file name (a chapter or table imported here) is an import run of this site: the page
links it to that run (the view finds it, `import_file`). Anything else (an admin's note) reads as
written.
"""

from dataclasses import dataclass, replace
from pathlib import PurePath
from urllib.parse import urlsplit

PANEL_BASIS = "academic panel"
PANEL_URL = "https://github.com/andrewheiss/scorecard-diplomacy"
# Judith Kelley, Scorecard Diplomacy (Cambridge University Press, 2017), which extends Cho's
# coding; its replication data is published under the MIT licence (data/tiers/README.md).
PANEL_CITATION = "Kelley, Scorecard Diplomacy (2017), replication data"
CONFLICTING = "conflicting sources"
CONFLICTING_NOTE = "conflicting sources: pages disagree; the better-supported tier is kept"
NEWS_SUMMARY = "news summary"

# What kind of source a row cites.
CHAPTER = "the report's chapter"
CHAPTER_COPY = "the report's chapter (a copy)"
REFERENCE_LIST = "a reference list"
NEWS = "a news summary"
WEB_PAGE = "a web page"
RESEARCH_DATA = "research data"
IMPORT_RUN = "an import run of this site"
NOTE = "a note"

# Hosts by kind: the State Department's own pages; sites that republish its chapters; lists of
# every country's tier (the CIA World Factbook's tier field is kept in a repository).
CHAPTER_HOSTS = ("state.gov",)
CHAPTER_COPY_HOSTS = ("ecoi.net", "refworld.org", "unhcr.org", "everycrsreport.com")
REFERENCE_LIST_HOSTS = ("gvnet.com", "knowyourcountry.com", "github.com")
IMPORTED_FILE_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".csv")


@dataclass(frozen=True)
class Citation:
    text: str  # what the link (or plain text) says
    url: str  # "" when the source is not a web address (an import run's link is set later)
    basis: str  # how the source supports the row, "" when it states it outright
    conflicting: bool
    kind: str  # what kind of source it is (CHAPTER, NEWS, IMPORT_RUN, ...)
    import_file: str = ""  # the imported file's name when kind is IMPORT_RUN


def _on(host, domains):
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def _kind_of_page(host, basis):
    if basis == NEWS_SUMMARY:
        return NEWS
    if _on(host, CHAPTER_HOSTS):
        return CHAPTER
    if _on(host, CHAPTER_COPY_HOSTS):
        return CHAPTER_COPY
    if _on(host, REFERENCE_LIST_HOSTS):
        return REFERENCE_LIST
    return WEB_PAGE


def imported_file(source):
    """The file name when `source` names a file an import read (NOR_2023.txt), else ""."""
    name = PurePath(source.strip()).name if source else ""
    return name if name.lower().endswith(IMPORTED_FILE_SUFFIXES) and " " not in name else ""


def cite(source, basis=""):
    """The Citation of a rating's source and basis."""
    basis = basis.strip()
    is_url = source.startswith(("http://", "https://"))
    host = (urlsplit(source).hostname or "") if is_url else ""
    if basis.startswith(PANEL_BASIS) or source == PANEL_URL:
        text, kind = PANEL_CITATION, RESEARCH_DATA
    elif is_url:
        text, kind = (host or source).removeprefix("www."), _kind_of_page(host, basis)
    elif file_name := imported_file(source):
        text, kind = file_name, IMPORT_RUN
    else:
        text, kind = source or "no source given", NOTE
    conflicting = basis == CONFLICTING
    shown_basis = CONFLICTING_NOTE if conflicting else ("" if basis == "stated" else basis)
    return Citation(
        text,
        source if is_url else "",
        shown_basis,
        conflicting,
        kind,
        import_file=text if kind == IMPORT_RUN else "",
    )


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


def link_import_runs(citations, runs):
    """The citations with each imported file linked to the newest run that read it: runs are
    (url, started, files) newest first; a file no run names stays unlinked."""
    newest = {}
    for url, started, files in runs:
        for name in files:
            newest.setdefault(PurePath(name).name, (url, started))
    linked = []
    for citation in citations:
        run = newest.get(citation.import_file) if citation.import_file else None
        if run:
            text = f"import of {run[1]:%Y-%m-%d} ({citation.import_file})"
            citation = replace(citation, url=run[0], text=text)
        linked.append(citation)
    return linked
