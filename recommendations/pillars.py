"""The "3P" pillar of a recommendation, from clear rules over its wording.

A recommendation's main ask comes first ("Expand efforts to investigate ...", "Ensure all
trafficking victims receive assistance regardless of whether authorities prosecute ..."), so
the pillar is that of the earliest keyword in the text; with no keyword it is General.
Applied on import only to new recommendations: an admin's later choice is never overwritten.
"""

import re

from recommendations.vocabulary import Pillar

KEYWORDS = {
    Pillar.PROSECUTION: [
        r"investigat\w*",
        r"prosecut\w*",
        r"convict\w*",
        r"sentenc\w*",
        r"law enforcement",
        r"judges?",
        r"penalt(?:y|ies)",
        r"hold\w* (?:\w+ ){0,3}accountable",
    ],
    Pillar.PROTECTION: [
        r"identif\w*",
        r"refer\w*",
        r"NRM",
        r"shelter\w*",
        r"assist\w*",
        r"non-punishment",
        r"victims?",
        r"screen\w*",
    ],
    Pillar.PREVENTION: [
        r"awareness",
        r"recruitment fees?",
        r"labou?r inspect\w*",
        r"national action plan",
        r"NAP",
        r"action plan",
        r"prevent\w*",
    ],
    Pillar.PARTNERSHIP: [
        r"cooperat\w*",
        r"co-operat\w*",
        r"agreements? with (?:\w+ ){0,3}governments?",
        r"bilateral",
        r"multilateral",
        r"memorand(?:um|a) of understanding",
    ],
    # Cross-cutting asks (data and statistics on every P) are General, not the first P named.
    Pillar.GENERAL: [r"statistic\w*", r"data"],
}

# Acronyms match in capitals only ("NAP", "NRM"), words in any case.
_PATTERNS = [
    (
        pillar,
        re.compile(
            rf"\b{keyword}\b",
            0 if keyword.isupper() else re.IGNORECASE,
        ),
    )
    for pillar, keywords in KEYWORDS.items()
    for keyword in keywords
]


def classify_pillar(text):
    """The pillar of the earliest keyword in text, or General."""
    best = None
    for pillar, pattern in _PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), pillar)
    return best[1] if best else Pillar.GENERAL
