"""The recommendations section of a country chapter cut into asks, and the reads of them that
look wrong. Pure: no database (recommendations/chapters.py finds the section).

An ask is a paragraph, a bullet (•, *, - at a line start or run together in one line), a line
of a section written one sentence per line, or a piece between semicolons of a section written
as one paragraph. A read is warned about when an ask is over MAX_RECOMMENDATION_LENGTH
characters or holds several sentences that each start with an imperative (likely asks run
together), when a line-per-sentence ask stops mid-sentence, or when a chapter lists more than
MANY_RECOMMENDATIONS; more than MAX_RECOMMENDATIONS is an error.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Located:
    """A piece of text (or a message) and the 1-based line it starts on."""

    line: int
    text: str


BULLET_START = re.compile(r"^\s*[\u2022\u25cf\u25aa*\-]\s+")
BULLETS_INSIDE = {
    "\u2022": re.compile(r"\s*\u2022\s*"),
    "*": re.compile(r"(?:^|\s)\*\s+"),
    "-": re.compile(r"(?:^|\s)-\s+"),
}
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
SENTENCES = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[A-Z])")

MAX_RECOMMENDATION_LENGTH = 600
MANY_RECOMMENDATIONS = 20
MAX_RECOMMENDATIONS = 100
# The verbs recommendations start with; two sentences starting so are two asks run together.
IMPERATIVES = set(
    """adopt allocate allow amend approve assess build cease collect conduct consider continue
    coordinate create criminalize dedicate designate develop eliminate empower enact encourage
    end enforce enhance ensure establish expand extend finalize formalize fund hold identify
    implement improve increase institutionalize investigate issue make monitor offer partner
    pass proactively prosecute protect provide publish raise reduce refer regulate report
    respect revise screen seek standardize strengthen support systematically take train update
    vigorously""".split()
)


def split_recommendations(body):
    """Turn the section's paragraphs into single-line recommendations, in order, and the lines
    of those read as cut off (one sentence per line, the last one unfinished)."""
    items, cut = [], []
    for block in body:
        for item in _split_bullets(block):
            pieces, cut_off = _split_lines(item)
            items.extend(pieces)
            cut += [cut_off] if cut_off else []
    if len(items) == 1 and _split_semicolons(items[0].text) != [items[0].text]:
        only = items[0]
        items = [
            Located(only.line + only.text[:offset].count("\n"), piece)
            for offset, piece in _semicolon_pieces(only.text)
        ]
        items = [Located(item.line, _finish_sentence(item.text)) for item in items]
    cleaned = [Located(item.line, _tidy(item.text)) for item in items]
    return [item for item in cleaned if item.text], cut


def _split_lines(item):
    """One sentence per line, no bullets, no blank lines between: one recommendation each,
    and the line of the last one when it is cut off (no full stop: text copied from a web
    page often loses its end), else None."""
    lines = item.text.split("\n")
    if len(lines) < 2 or not all(SENTENCE_END.search(line) for line in lines[:-1]):
        return [item], None
    if not all(line[:1].isupper() for line in lines):
        return [item], None
    pieces = [Located(item.line + offset, line) for offset, line in enumerate(lines)]
    return pieces, None if SENTENCE_END.search(lines[-1]) else pieces[-1].line


def _split_bullets(block):
    text = block.text
    marker = text.lstrip()[:1]
    if "\u2022" in text:
        pattern = BULLETS_INSIDE["\u2022"]
    elif BULLET_START.match(text) and marker in BULLETS_INSIDE:
        pattern = BULLETS_INSIDE[marker]
    else:
        return [block]
    pieces, offset = [], 0
    for match in pattern.finditer(text):
        pieces.append((offset, text[offset : match.start()]))
        offset = match.end()
    pieces.append((offset, text[offset:]))
    return [
        Located(block.line + text[:start].count("\n"), piece)
        for start, piece in pieces
        if piece.strip()
    ]


def _semicolon_pieces(text):
    """(offset, piece) for each part between semicolons outside parentheses."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            pieces.append((start, text[start:index]))
            start = index + 1
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


def _split_semicolons(text):
    return [piece for _, piece in _semicolon_pieces(text)]


def _finish_sentence(text):
    """A semicolon-separated ask as a sentence: no leading 'and', capital first, full stop."""
    text = " ".join(text.split())
    text = re.sub(r"^and\s+", "", text, flags=re.IGNORECASE)
    if text and text[-1] not in ".!?":
        text += "."
    return text


def _tidy(text):
    text = " ".join(BULLET_START.sub("", text).split())
    return text[:1].upper() + text[1:]


def check_recommendations(result, heading_line, cut=()):
    """Warn of reads that look wrong; cut: the lines of recommendations read as cut off."""
    for number, item in enumerate(result.recommendations, start=1):
        if item.line in cut:
            result.warnings.append(
                Located(
                    item.line,
                    f"recommendation #{number} stops mid-sentence ('...{_last_words(item.text)}'"
                    "): cut off? kept as its own recommendation; check it against the report",
                )
            )
    count = len(result.recommendations)
    if count == 0:
        result.warnings.append(
            Located(heading_line, "the recommendations section lists no recommendations")
        )
    elif count > MAX_RECOMMENDATIONS:
        result.errors.append(
            Located(
                heading_line,
                f"{count} recommendations (the limit is {MAX_RECOMMENDATIONS}): the chapter "
                "was not read as a chapter",
            )
        )
        return
    elif count > MANY_RECOMMENDATIONS:
        result.warnings.append(
            Located(heading_line, f"{count} recommendations: more than a chapter usually has")
        )
    for number, item in enumerate(result.recommendations, start=1):
        asks = [
            sentence
            for sentence in SENTENCES.split(item.text)
            if sentence.split(" ", 1)[0].lower().strip(",;:") in IMPERATIVES
        ]
        if len(item.text) > MAX_RECOMMENDATION_LENGTH:
            reason = f"{len(item.text)} characters long"
        elif len(asks) > 1:
            reason = f"{len(asks)} sentences that each ask something"
        else:
            continue
        result.warnings.append(
            Located(item.line, f"recommendation #{number} is {reason}: several run together?")
        )


def _last_words(text, count=4):
    return " ".join(text.split()[-count:])
