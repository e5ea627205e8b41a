"""Text repair shared by every format: words broken at line ends, page furniture. No database.

A word broken at a line end reaches the parser as HYPHEN_BREAK between its parts ("traf" +
HYPHEN_BREAK + "ficking"): the PDF reader gets it from PDFium, and chapters.py makes it from a
line ending "letter-" before a lowercase letter. `resolve_breaks` then decides, per word, whether
the hyphen was only the typesetter's ("trafficking") or the word's own ("anti-trafficking",
"asylum-seekers"), from the document's own words first, then from known prefixes and parts.
"""

import re
from collections import Counter

HYPHEN_BREAK = "\ufffe"
# Prefixes the report writes with a hyphen ("anti-trafficking", "non-punishment").
HYPHENATED_PREFIXES = {"anti", "cross", "non", "quasi", "self", "semi", "well"}
SUSPENDED_BEFORE = {"and", "or", "to"}
WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
BROKEN = re.compile(rf"(?P<head>[\w'\u2019-]*){HYPHEN_BREAK}\s*(?P<tail>[\w'\u2019-]*)")
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
    return Counter(word.lower() for word in WORD.findall(text))


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
    if last_part in HYPHENATED_PREFIXES:
        return True
    # Two words of the document in their own right: "asylum" + "seekers".
    first_word = tail.lower().split("-", 1)[0]
    return (
        len(last_part) > 3 and len(first_word) > 3 and bool(words[last_part] and words[first_word])
    )
