"""How sources read on the country page, without a database."""

from countries.sources import PANEL_CITATION, cite, cited_spans

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
        ("2000", ""), ("2001", "1"), ("2002", "2"), ("2003–2004", ""), ("2005", "2"), ("2006", ""),
    ]  # fmt: skip
    assert spans[0].citation is None
    assert cited_spans([]) == []
