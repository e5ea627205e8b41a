"""Words broken at line ends: the typesetter's hyphen goes, the word's own stays."""

import pytest

from recommendations.reading.repair import (
    HYPHEN_BREAK,
    is_page_furniture,
    resolve_breaks,
    vocabulary,
)

DOCUMENT = (
    "Trafficking victims, including asylum-seekers, were referred; the anti-trafficking unit "
    "and the re-victimization study. Investigators cooperated. A reintegration plan."
)


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("traf|ficking", "trafficking"),  # the joined word is in the document
        ("asylum|seekers", "asylum-seekers"),  # the hyphenated one is
        ("re|victimization", "re-victimization"),
        ("re|integration", "reintegration"),
        ("anti|slavery", "anti-slavery"),  # a prefix written with a hyphen
        ("non|punishment", "non-punishment"),
        ("well|known", "well-known"),
        ("prose|cution", "prosecution"),  # neither form elsewhere, no prefix
        ("non|Norwegian", "non-Norwegian"),  # a capital after the break
        ("COVID|19", "COVID-19"),
        ("medium| to", "medium- to"),  # a suspended hyphen
        ("investi| gators", "investigators"),  # space after the break (lines joined)
    ],
)
def test_resolve_breaks(broken, repaired):
    words = vocabulary(DOCUMENT)
    assert resolve_breaks(broken.replace("|", HYPHEN_BREAK), words) == repaired


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("212", True),
        ("2023 TRAFFICKING IN PERSONS REPORT", True),
        ("212  2023 TRAFFICKING IN PERSONS REPORT", True),
        ("TRAFFICKING IN PERSONS REPORT 2023", True),
        ("Trafficking in Persons Report", True),
        ("The 2022 Trafficking in Persons Report found more cases.", False),
        ("NORWAY", False),
    ],
)
def test_page_furniture(line, furniture):
    assert is_page_furniture(line) is furniture
