"""How sources read on the country page, without a database."""

import datetime

from countries.sources import (
    CHAPTER,
    CHAPTER_COPY,
    IMPORT_RUN,
    NEWS,
    NOTE,
    PANEL_CITATION,
    REFERENCE_LIST,
    RESEARCH_DATA,
    WEB_PAGE,
    cite,
    cited_spans,
    link_import_runs,
)

PANEL_URL = "https://github.com/andrewheiss/scorecard-diplomacy"


def test_academic_panel_rows_are_cited_as_the_book_and_keep_their_coding_file():
    citation = cite(PANEL_URL, "academic panel: Kelley and Simmons")
    assert citation.text == PANEL_CITATION and "Kelley, Scorecard Diplomacy" in citation.text
    assert citation.url == PANEL_URL
    assert citation.basis == "academic panel: Kelley and Simmons"
    assert not citation.conflicting


def test_public_pages_name_their_site_and_stated_needs_no_note():
    citation = cite("https://www.state.gov/reports/2023-trafficking-in-persons-report/", "stated")
    assert (citation.text, citation.basis) == ("state.gov", "")
    assert cite("https://example.org/a", "news summary").basis == "news summary"


def test_conflicting_sources_are_flagged():
    citation = cite("https://example.org/a", "conflicting sources")
    assert citation.conflicting and citation.basis.startswith("conflicting sources: pages disagree")
    korea_2010 = cite(PANEL_URL, "conflicting sources")  # the panel's one conflicting row
    assert korea_2010.conflicting and korea_2010.text == PANEL_CITATION


def test_other_sources_read_as_written():
    assert cite("NOR_2023.txt") == cite("NOR_2023.txt", "")
    citation = cite("NOR_2023.txt")
    assert (citation.text, citation.url, citation.basis) == ("NOR_2023.txt", "", "")
    assert citation.kind == IMPORT_RUN and citation.import_file == "NOR_2023.txt"
    assert cite("").text == "no source given"


# --- a tier history in as few rows as tell it whole (the country brief's table) ---


def test_consecutive_years_with_one_tier_and_source_make_one_span():
    panel, site = cite(PANEL_URL, "academic panel: Cho"), cite("https://ecoi.net/1", "stated")
    rows = [(2005, "1", panel), (2003, "1", panel), (2004, "1", panel), (2006, "1", site)]
    spans = cited_spans(rows)
    assert [(s.years, s.tier, s.citation) for s in spans] == [
        ("2003–2005", "1", panel),
        ("2006", "1", site),
    ]


def test_a_change_of_tier_or_a_missing_year_starts_a_new_span():
    same = cite("NOR_2023.txt")
    spans = cited_spans([(2001, "1", same), (2002, "2", same), (2005, "2", same)], 2000, 2006)
    assert [(s.years, s.tier) for s in spans] == [
        ("2000", ""),
        ("2001", "1"),
        ("2002", "2"),
        ("2003–2004", ""),
        ("2005", "2"),
        ("2006", ""),
    ]
    assert spans[0].citation is None
    assert cited_spans([]) == []
    assert cite("Corrected by an admin from the chapter").kind == NOTE


def test_kinds_of_source():
    assert cite("https://2009-2017.state.gov/j/tip/", "stated").kind == CHAPTER
    assert cite("https://www.refworld.org/x", "stated").kind == CHAPTER_COPY
    assert cite("https://gvnet.com/x", "stated").kind == REFERENCE_LIST
    assert cite("https://example.org/x", "news summary").kind == NEWS
    assert cite("https://example.org/x", "stated").kind == WEB_PAGE
    assert cite(PANEL_URL, "academic panel: Cho and Kelley").kind == RESEARCH_DATA
    assert cite("https://notstate.gov.example/x").kind == WEB_PAGE


def test_an_imported_file_links_the_newest_run_that_read_it():
    runs = [
        ("/imports/?run=9", datetime.date(2026, 3, 2), ["uploads/report_2023.pdf"]),
        ("/imports/?run=4", datetime.date(2026, 1, 5), ["report_2023.pdf", "NOR_2023.txt"]),
    ]
    citations = [cite("report_2023.pdf"), cite("NOR_2023.txt"), cite("KEN_2023.txt")]
    linked = link_import_runs(citations, runs)
    assert [(c.url, c.text) for c in linked] == [
        ("/imports/?run=9", "import of 2026-03-02 (report_2023.pdf)"),
        ("/imports/?run=4", "import of 2026-01-05 (NOR_2023.txt)"),
        ("", "KEN_2023.txt"),  # no run read it: said, not linked
    ]
