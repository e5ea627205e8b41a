"""Read one country chapter of the TIP report from plain text. No database here.

`parse_chapter(text)` returns what the chapter states (country as written, report year, tier,
summary paragraph, ordered recommendations), each with the line it starts on, plus warnings
and errors as (line, message) pairs. Layouts read (see tests/fixtures/chapters/):

- an optional title "2022 Trafficking in Persons Report: Norway";
- a tier line: "NORWAY (Tier 2) Extracted in part from the U.S. State Dept 2023 TIP Report",
  "Norway (Tier 2 Watch List)", "NORWAY: Tier 1", "SPECIAL CASE: LIBYA", "Libya (Special Case)",
  or "Tier 3 (downgraded)" alone (the country then comes from the title or the line above);
- recommendations under "Prioritized Recommendations", "PRIORITIZED RECOMMENDATIONS:" or
  "RECOMMENDATIONS FOR NORWAY:": one paragraph each, bullets (•, *, -, and », U+F0B7 and
  the like as PDFs give them) on their own lines or run together in one line, one sentence per
  line with no bullets or blank lines, or one paragraph separated by semicolons. They end at
  the next section heading (PROSECUTION, GOVERNMENT EFFORTS, any all-caps line) or the end.

Words broken at a line end ("traf-" / "ficking") are joined, keeping hyphens that belong to the
word (see recommendations.reading.repair). The recommendations section is cut into asks, and
reads of them that look wrong are warned about, by recommendations/chapter_asks.py.
`chapter_starts(lines)` finds where each chapter of a text
holding several begins (see recommendations.reading for files).

A chapter without a recommendations heading yields a warning, never a guess (Special Case
chapters, which usually have none, are not warned about; if one lists some, they are kept).
"""

import re
from dataclasses import dataclass, field

from countries.tiers import Tier, parse_tier
from recommendations.chapter_asks import (
    BULLET_START,
    Located,
    check_recommendations,
    split_recommendations,
)
from recommendations.reading.repair import HYPHEN_BREAK, resolve_breaks, vocabulary
from tipwatch.core.parsing import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR


@dataclass
class ParsedChapter:
    country_name: str = ""
    country_line: int = 0
    year: int | None = None
    year_line: int = 0
    tier: str = ""  # a countries.tiers.Tier value, "" when no tier line was found
    tier_line: int = 0
    summary: str = ""
    summary_line: int = 0
    recommendations: list[Located] = field(default_factory=list)
    has_recommendations_section: bool = False
    # What the summary says of the tier ("remained on Tier 2 Watch List"): (tier, its words)
    summary_tiers: list[tuple[str, str]] = field(default_factory=list)
    # "... Watch List for the second consecutive year": 2, the words; (None, "") when unsaid
    watch_list_run: tuple[int | None, str] = (None, "")
    warnings: list[Located] = field(default_factory=list)
    errors: list[Located] = field(default_factory=list)


TITLE = re.compile(
    r"^(?P<year>[0-9]{4})\s+Trafficking\s+in\s+Persons\s+Report\s*[:\-\u2013\u2014]\s*(?P<country>.+)$",
    re.IGNORECASE,
)
YEAR_MENTION = re.compile(
    r"\b(?P<year>[0-9]{4})\s+(?:TIP|Trafficking\s+in\s+Persons)\s+Report\b", re.IGNORECASE
)
TIER_WORDS = r"(?:tier\s*[^\s()]+(?:\s+watch\s*list)?|special\s+case)"
TIER_LABEL = rf"{TIER_WORDS}[^()]{{0,20}}"
# "NORWAY (Tier 2) Extracted in part ...", "Norway (Tier 2 Watch List)", "Libya (Special Case)"
TIER_IN_PARENS = re.compile(
    rf"^(?P<country>[^():]{{2,60}}?)\s*\((?P<label>{TIER_LABEL})\)\s*(?P<rest>.*)$", re.IGNORECASE
)
# "NORWAY: Tier 1", "NORWAY: Tier 2 Watch List", "NORWAY: Tier 3 (downgraded)"
TIER_AFTER_COLON = re.compile(
    rf"^(?P<country>[^():]{{2,60}}?)\s*:\s*(?P<label>{TIER_WORDS}\s*(?:\((?:down|up)graded\))?)$",
    re.IGNORECASE,
)
SPECIAL_CASE = re.compile(r"^special\s+case\s*:\s*(?P<country>[^():]{2,60})$", re.IGNORECASE)
# "Tier 3 (downgraded)" on its own line
TIER_ALONE = re.compile(rf"^(?P<label>{TIER_WORDS}\s*(?:\((?:down|up)graded\))?)$", re.IGNORECASE)

# A heading wrapped over lines (a narrow column, a <br>): the words that say the country's
# name goes on ("CONGO, REPUBLIC OF" / "THE: TIER 2").
NAME_GOES_ON = re.compile(r"(?:[,:]|\b(?:of|the|and|de|du|da))$", re.IGNORECASE)
NAME_WENT_ON = re.compile(r"^(?:of|the|and)\b", re.IGNORECASE)
TIER_2_ENDS = re.compile(r"\btier\s*2$", re.IGNORECASE)
WRAPPED_PART = 60  # characters: a longer line is text, not the end of a wrapped heading
# What a summary says of the tier: "remained on Tier 2 Watch List", "was upgraded to Tier 1",
# "was downgraded to Tier 3", "was placed on Tier 2 Watch List", "moved to Tier 2", "remains a
# Special Case"; and "... for the second consecutive year".
SUMMARY_TIER = re.compile(
    r"\b(?P<said>(?:remain(?:s|ed)?|stay(?:s|ed)?)\s+on|(?:is|was|were|being)\s+"
    r"(?:upgraded|downgraded|placed|moved)\s+(?:on|to)|(?:up|down)graded\s+to|placed\s+on|"
    r"moved?\s+to)\s+(?:the\s+)?(?P<label>tier\s*(?:[123]|one|two|three)(?:\s+watch\s*list)?)"
    r"(?P<run>\s+for\s+(?:a|the)\s+(?P<ordinal>[a-z0-9]+)\s+consecutive\s+year)?",
    re.IGNORECASE,
)
SUMMARY_SPECIAL_CASE = re.compile(
    r"\b(?:remain(?:s|ed)?|is|was)\s+(?:a\s+)?special\s+case\b", re.IGNORECASE
)
TIER_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3"}
ORDINALS = {
    word: number
    for number, words in enumerate(
        [
            (),
            (),
            ("second", "2nd"),
            ("third", "3rd"),
            ("fourth", "4th"),
            ("fifth", "5th"),
            ("sixth", "6th"),
            ("seventh", "7th"),
            ("eighth", "8th"),
            ("ninth", "9th"),
            ("tenth", "10th"),
        ]
    )
    for word in words
}

RECOMMENDATIONS_HEADING = re.compile(
    r"^(?:prioriti[sz]ed\s+)?recommendations(?:\s+for\s+(?P<country>[^:.]{2,60}?))?"
    r"\s*(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
SECTION_NAMES = {
    "prosecution",
    "protection",
    "prevention",
    "partnership",
    "government efforts",
    "trafficking profile",
    "scope and magnitude",
    "country narrative",
}
GOVERNMENT_PARAGRAPH = re.compile(r"^The\s+Government\s+of\b")
# Bullets as PDFs and web pages give them, read as "•" at a line start ("»" only there).
ODD_BULLETS = re.compile(r"^[\u00bb\u25cf\u25aa\u25e6\u2023\u2043\u27a2](?=\s)")
PRIVATE_USE_BULLETS = re.compile(r"[\uf0b7\uf0a7\uf076\uf0d8]")
BROKEN_AT_LINE_END = re.compile(r"(?<=[^\W\d_])-$")


def parse_chapter(text, *, words=None):
    """Parse one chapter's text; see the module docstring for the layouts.

    words: the vocabulary (repair.vocabulary) of the whole document the chapter comes from, to
    decide which hyphens at line ends are the words' own; by default the chapter's.
    """
    result = ParsedChapter()
    lines = _mark_broken_words(join_wrapped_headings(text.split("\n")))
    if not any(lines):
        result.errors.append(Located(1, "the file is empty"))
        return result
    words = words if words is not None else vocabulary(text)

    tier_index = _read_tier_line(lines, result)
    if tier_index is None:
        result.errors.append(
            Located(
                1,
                "no tier line found (expected e.g. 'NORWAY (Tier 2)', 'NORWAY: Tier 1', "
                "'Norway (Tier 2 Watch List)' or 'SPECIAL CASE: LIBYA')",
            )
        )
        return result
    _read_year(lines[: tier_index + 1], result)

    blocks = _blocks(lines, start=tier_index + 1)
    headings = [i for i, block in enumerate(blocks) if block.kind != "text"]
    recs_at = next((i for i in headings if blocks[i].kind == "recommendations"), None)
    first_heading = headings[0] if headings else len(blocks)
    summary_end = recs_at if recs_at is not None else first_heading
    _read_summary(blocks[:summary_end], result)
    result.summary = resolve_breaks(result.summary, words)
    _read_summary_tiers(result)

    if recs_at is None:
        if result.tier != Tier.SPECIAL_CASE:
            result.warnings.append(Located(result.tier_line, "no recommendations section found"))
        return result
    result.has_recommendations_section = True
    end = next((i for i in headings if i > recs_at), len(blocks))
    heading = blocks[recs_at]
    body = [Located(heading.line, heading.rest)] if heading.rest else []
    body += [Located(block.line, block.text) for block in blocks[recs_at + 1 : end]]
    items, cut = split_recommendations(body)
    result.recommendations = [
        Located(item.line, resolve_breaks(item.text, words)) for item in items
    ]
    check_recommendations(result, heading.line, cut)
    return result


def chapter_starts(lines, *, country_named=False, headings_only=False):
    """Indexes of the lines where the chapters of a text holding several begin.

    A chapter begins at its tier line, or at the title or country line just above it.
    country_named: only tier lines naming their country count ("Norway (Tier 2)"), as on web
    pages around which a site's chrome may say "Tier 1". headings_only: only the report's
    headings ("NORWAY: TIER 2", "SPECIAL CASE: LIBYA"), as in the PDF, whose introduction has
    tier lists headed "TIER 1" and prose that may mention "(Tier 2)".
    """
    lines = join_wrapped_headings(lines)
    starts = []
    for index, line in enumerate(lines):
        if headings_only and not is_chapter_heading(line):
            continue
        country, label = _tier_parts(line)
        if label is None or (country_named and not country):
            continue
        start = index
        above = _line_above(lines, index)
        if above is not None and _names_the_report(lines[above]):
            start = above
        elif not country and above is not None:
            start = above  # the country, on the line above "Tier 3 (downgraded)"
            over = _line_above(lines, above)
            if over is not None and _names_the_report(lines[over]):
                start = over
        if starts and start <= starts[-1]:
            continue
        starts.append(start)
    return starts


def is_chapter_heading(line):
    """The report's own chapter heading: "NORWAY: TIER 2", "SPECIAL CASE: LIBYA"."""
    line = _clean_line(line)
    return bool(TIER_AFTER_COLON.match(line) or SPECIAL_CASE.match(line))


def join_wrapped_headings(lines):
    """The lines (cleaned), with a tier heading wrapped over two or three lines joined on its
    first and the lines it took left blank (so every other line keeps its number): "CONGO,
    REPUBLIC OF THE: TIER 2" / "WATCH LIST", "CONGO, REPUBLIC OF" / "THE: TIER 2 WATCH LIST",
    "NORWAY: TIER" / "2", "SPECIAL CASE:" / "LIBYA", "Norway (Tier 2" / "Watch List)"."""
    lines = [_clean_line(line) for line in lines]
    for index, line in enumerate(lines):
        following = index + 1
        while following < len(lines) and (joined := wrapped_heading(line, lines[following])):
            line, lines[following] = joined, ""
            following += 1
        lines[index] = line
    return lines


def wrapped_heading(first, second):
    """first and second as one heading line, when second carries on first's heading; else
    None."""
    if not first or not second or len(first) > 2 * WRAPPED_PART:
        return None
    joined = f"{first} {second}"
    if first.count("(") > first.count(")") and TIER_IN_PARENS.match(joined):
        return joined  # "Norway (Tier 2" / "Watch List) Extracted in part from ..."
    if is_chapter_heading(first) and TIER_2_ENDS.search(first) and second.lower() == "watch":
        return joined  # "... TIER 2" / "WATCH" / "LIST": the tier goes on over two lines
    if len(second) > WRAPPED_PART or not is_chapter_heading(joined):
        return None
    if is_chapter_heading(first):
        # The tier goes on ("TIER 2" / "WATCH LIST"): the joined heading says more.
        return joined if len(_tier_parts(joined)[1]) > len(_tier_parts(first)[1]) else None
    if is_chapter_heading(second):
        # Both read as headings: one only if the country's name plainly goes on.
        return joined if NAME_GOES_ON.search(first) or NAME_WENT_ON.match(second) else None
    return joined


def _names_the_report(line):
    """A title ("2022 Trafficking in Persons Report: Norway") or "... 2023 TIP Report"."""
    return bool(TITLE.match(line) or YEAR_MENTION.search(line))


def _line_above(lines, index):
    """The nearest non-blank line above, within two blank lines, or None."""
    for above in range(index - 1, max(-1, index - 4), -1):
        if lines[above]:
            return above
    return None


def _clean_line(line):
    line = line.replace("\ufeff", "").replace("\u00a0", " ").replace("\r", "").strip()
    return ODD_BULLETS.sub("\u2022", PRIVATE_USE_BULLETS.sub("\u2022", line))


def _mark_broken_words(lines):
    """A line ending "letter-" before a line starting in lowercase: the word goes on."""
    marked = list(lines)
    for index in range(len(marked) - 1):
        following = marked[index + 1]
        if following[:1].islower() and BROKEN_AT_LINE_END.search(marked[index]):
            marked[index] = marked[index][:-1] + HYPHEN_BREAK
    return marked


def _read_tier_line(lines, result):
    """Find the tier line; set country, tier and their lines. Return its index or None."""
    title_country = ("", 0)
    for index, line in enumerate(lines):
        number = index + 1
        if title := TITLE.match(line):
            title_country = (title["country"].strip(), number)
            continue
        country, label = _tier_parts(line)
        if label is None:
            continue
        if not country:
            country, country_line = title_country
            previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i]), "")
            if not country and previous and len(previous) <= 60 and not previous.endswith("."):
                country, country_line = previous, number - 1
        else:
            country_line = number
        tier = parse_tier(label)
        result.tier_line = number
        if tier is None:
            result.errors.append(Located(number, f"unknown tier {label.strip()!r}"))
        else:
            result.tier = tier
        if country:
            result.country_name, result.country_line = country, country_line
        else:
            result.errors.append(Located(number, "the tier line names no country"))
        return index
    return None


def _tier_parts(line):
    """(country or "", tier label) when the line is a tier line, else (None, None)."""
    if match := SPECIAL_CASE.match(line):
        return match["country"].strip(), "Special Case"
    for pattern in (TIER_IN_PARENS, TIER_AFTER_COLON):
        if match := pattern.match(line):
            return match["country"].strip(), match["label"]
    if match := TIER_ALONE.match(line):
        return "", match["label"]
    return None, None


def _read_year(header_lines, result):
    """The report year, from the title or an 'Extracted ... 2023 TIP Report' mention."""
    found = []
    for index, line in enumerate(header_lines):
        match = TITLE.match(line) or YEAR_MENTION.search(line)
        if match:
            found.append((int(match["year"]), index + 1))
    if not found:
        return
    year, line = found[0]
    if any(other != year for other, _ in found):
        years = ", ".join(str(y) for y in sorted({y for y, _ in found}))
        result.errors.append(Located(line, f"the text states more than one report year ({years})"))
        return
    if not FIRST_REPORT_YEAR <= year <= LAST_PLAUSIBLE_YEAR:
        result.errors.append(Located(line, f"implausible report year {year}"))
        return
    result.year, result.year_line = year, line


@dataclass(frozen=True)
class _Block:
    line: int
    text: str  # lines joined with "\n"
    kind: str = "text"  # "text", "heading" or "recommendations"
    rest: str = ""  # text after "RECOMMENDATIONS FOR X:" on the heading line


def _blocks(lines, start):
    """Paragraphs (blank-line separated; a bullet line starts a new one) and headings."""
    blocks, current, current_line = [], [], 0

    def close():
        if current:
            blocks.append(_Block(current_line, "\n".join(current)))
            current.clear()

    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            close()
            continue
        heading = _heading(line, index + 1)
        if heading:
            close()
            blocks.append(heading)
            continue
        if BULLET_START.match(line):
            close()
        if not current:
            current_line = index + 1
        current.append(line)
    close()
    return blocks


def _heading(line, number):
    if match := RECOMMENDATIONS_HEADING.match(line):
        return _Block(number, line, "recommendations", (match["rest"] or "").strip())
    name = line.rstrip(":").strip()
    if name.lower() in SECTION_NAMES:
        return _Block(number, line, "heading")
    if len(name) > 80 or name != name.upper() or name[-1] in ".;,":
        return None
    if sum(1 for c in name if c.isalpha()) >= 3:
        if not BULLET_START.match(line):
            return _Block(number, line, "heading")
    return None


def _read_summary(blocks, result):
    """The tier-justification paragraph: 'The Government of X ...', else the first one."""
    paragraphs = [block for block in blocks if block.kind == "text"]
    chosen = next((b for b in paragraphs if GOVERNMENT_PARAGRAPH.match(b.text)), None)
    if chosen is None and paragraphs:
        chosen = paragraphs[0]
        if result.tier != Tier.SPECIAL_CASE:
            result.warnings.append(
                Located(
                    chosen.line,
                    "no 'The Government of ...' paragraph; the first paragraph is the summary",
                )
            )
    if chosen is None:
        result.warnings.append(Located(result.tier_line, "no summary paragraph found"))
        return
    result.summary, result.summary_line = " ".join(chosen.text.split()), chosen.line


def _read_summary_tiers(result):
    """What the summary says of the tier and of the Watch List run (see SUMMARY_TIER)."""
    for match in SUMMARY_TIER.finditer(result.summary):
        label = match["label"].lower()
        for word, number in TIER_NUMBER_WORDS.items():
            label = label.replace(f"tier {word}", f"tier {number}")
        tier = parse_tier(label)
        if tier is None:
            continue
        said = " ".join(match.group(0).split())
        result.summary_tiers.append((tier, said))
        ordinal = ORDINALS.get((match["ordinal"] or "").lower())
        if tier == Tier.WATCH_LIST and ordinal and result.watch_list_run[0] is None:
            result.watch_list_run = (ordinal, said)
    if match := SUMMARY_SPECIAL_CASE.search(result.summary):
        result.summary_tiers.append((Tier.SPECIAL_CASE, " ".join(match.group(0).split())))
