"""Text repair shared by every format: words broken at line ends, page furniture. No database.

A word broken at a line end reaches the parser as HYPHEN_BREAK between its parts ("traf" +
HYPHEN_BREAK + "ficking"): the PDF reader gets it from PDFium, and chapters.py makes it from a
line ending "letter-" before a lowercase letter. `resolve_breaks` then decides, per word, whether
the hyphen was only the typesetter's ("trafficking") or the word's own ("anti-trafficking",
"asylum-seekers"): by the document's own words first (the form it writes unbroken elsewhere),
then known prefixes, suffixes and compounds, then whether both halves are words of the
document; otherwise the hyphen goes.
"""

import re
from collections import Counter

HYPHEN_BREAK = "\ufffe"
# Prefixes the report writes with a hyphen ("anti-trafficking", "non-punishment").
HYPHENATED_PREFIXES = {"anti", "cross", "non", "quasi", "self", "semi", "well"}
# Second halves of compounds the report writes with a hyphen ("victim-centered", "long-term").
HYPHENATED_SUFFIXES = {
    "affected",
    "based",
    "centered",
    "focused",
    "funded",
    "informed",
    "led",
    "level",
    "oriented",
    "owned",
    "related",
    "run",
    "sensitive",
    "specific",
    "term",
}
# Compounds of the report's vocabulary that are hyphenated whatever else the file holds.
HYPHENATED_WORDS = {"asylum-seeker", "asylum-seekers", "front-line", "follow-up", "in-kind"}
SUSPENDED_BEFORE = {"and", "or", "to"}
PUNCTUATION = ".,;:!?()[]\"'\u201c\u201d\u2018\u2019"
BROKEN = re.compile(rf"(?P<head>[\w'\u2019-]*){HYPHEN_BREAK}\s*(?P<tail>[\w'\u2019-]*)")
BROKEN_ANYHOW = re.compile(rf"[\w'\u2019-]*(?:{HYPHEN_BREAK}|-[ \t]*\r?\n)\s*[\w'\u2019-]*")
PAGE_FURNITURE = re.compile(
    r"^(?:\d{1,4}|(?:\d{1,4}\s+)?(?:\d{4}\s+)?trafficking\s+in\s+persons\s+report"
    r"(?:\s+\d{1,4})?)$",
    re.IGNORECASE,
)


def is_page_furniture(line):
    """A page number alone, or the report title with a page number or year (a footer)."""
    return bool(PAGE_FURNITURE.match(" ".join(line.split())))


def vocabulary(text):
    """How often each word (lowercased, hyphenated compounds whole) occurs unbroken."""
    unbroken = BROKEN_ANYHOW.sub(" ", text).lower()
    return Counter(token.strip(PUNCTUATION) for token in unbroken.split())


def resolve_breaks(text, words):
    """Join the words broken at line ends, keeping the hyphen where it is the word's own."""
    if HYPHEN_BREAK not in text:
        return text
    return BROKEN.sub(lambda match: _rejoin(match["head"], match["tail"], words), text)


def _rejoin(head, tail, words):
    if not head or not tail:
        return head + ("-" if head and not tail else "") + tail
    if tail.lower() in SUSPENDED_BEFORE:
        return f"{head}- {tail}"  # "medium- to long-term"
    if _keeps_hyphen(head, tail, words):
        return f"{head}-{tail}"
    return head + tail


def _keeps_hyphen(head, tail, words):
    if tail[0].isupper() or tail[0].isdigit() or head[-1].isdigit():
        return True  # "non-Norwegian", "COVID-19"
    joined, hyphenated = (head + tail).lower(), f"{head}-{tail}".lower()
    if words[hyphenated] != words[joined]:
        return words[hyphenated] > words[joined]
    last_part = head.lower().rsplit("-", 1)[-1]
    first_word = tail.lower().split("-", 1)[0]
    if (
        last_part in HYPHENATED_PREFIXES
        or first_word in HYPHENATED_SUFFIXES
        or f"{last_part}-{first_word}" in HYPHENATED_WORDS
    ):
        return True
    # Two words of the document in their own right: "labor" + "intensive".
    return (
        len(last_part) > 3 and len(first_word) > 3 and bool(words[last_part] and words[first_word])
    )
