"""Recurring recommendations: which ask of an earlier year a recommendation repeats.

A recommendation is linked (carried_over_from) to the most similar recommendation of the same
country's nearest earlier report year on record, when the two are similar enough, one to one
(best pairs first). Links an admin confirmed (link_confirmed) are never replaced; a confirmed
recommendation without a link means "repeats nothing". recurrence_years is the length of the
chain ending at each recommendation.

Similarity is rapidfuzz's token_set_ratio over a comparable form of the text: lower case, no
punctuation, acronyms spelled out (NAP, NRM), words that every recommendation shares dropped
("increase efforts", "trafficking"), and words cut to their first five letters so that
"investigators", "investigating" and "investigate" compare equal. The threshold was chosen from
the examples in tests/recommendations/test_recurrence.py.

Pure matching: no model, no query. recommendations/services/links.py reads and writes the links.
"""

import bisect
from collections import defaultdict
from typing import NamedTuple

from rapidfuzz import fuzz, utils

LINK_THRESHOLD = 61
# Below this many comparable words, token_set_ratio scores any subset 100: compare whole texts.
MIN_WORDS_FOR_TOKEN_SET = 3
STEM_LENGTH = 5
ACRONYMS = {
    "nap": "national action plan",
    "nrm": "national referral mechanism",
    "ngo": "nongovernmental organization",
    "ngos": "nongovernmental organizations",
    "sops": "standard operating procedures",
}
STOP_WORDS = set(
    "a an and the of to for on in with by as at or its their all be that this from into any "
    "such other are is so".split()
)
# Words nearly every recommendation uses: they say nothing about which ask it is.
FILLER_WORDS = set(
    "trafficking traffickers trafficked anti increase increased enhance expand ensure continue "
    "including particularly government governments relevant adequate adequately efforts "
    "strengthen improve develop adopt implement establish new updated existing consistently "
    "proactively vigorously".split()
)


def comparable(text):
    """The form of a recommendation's text that similarity compares."""
    words = []
    for word in utils.default_process(text).split():
        for part in ACRONYMS.get(word, word).split():
            if part not in STOP_WORDS and part not in FILLER_WORDS:
                words.append(part[:STEM_LENGTH])
    return " ".join(words)


def comparable_similarity(a, b):
    """0-100 similarity of two texts already in comparable() form."""
    if min(len(a.split()), len(b.split())) < MIN_WORDS_FOR_TOKEN_SET:
        return fuzz.ratio(a, b)
    return fuzz.token_set_ratio(a, b)


def similarity(a, b):
    return comparable_similarity(comparable(a), comparable(b))


def best_pairs(new, old, score, threshold):
    """One-to-one pairs (new_key, old_key, score) scoring at least threshold, best first.

    new and old are lists of (key, value); ties go to the earlier item of each list.
    """
    candidates = []
    for i, (new_key, new_value) in enumerate(new):
        for j, (old_key, old_value) in enumerate(old):
            value = score(new_value, old_value)
            if value >= threshold:
                candidates.append((-value, i, j, new_key, old_key))
    candidates.sort(key=lambda c: c[:3])
    taken_new, taken_old, pairs = set(), set(), []
    for negative, _, _, new_key, old_key in candidates:
        if new_key not in taken_new and old_key not in taken_old:
            taken_new.add(new_key)
            taken_old.add(old_key)
            pairs.append((new_key, old_key, -negative))
    return pairs


def link_year(current, earlier):
    """Set the links (carried_over_from_id, link_similarity) of one year's unconfirmed
    recommendations to the best of `earlier`'s; return those that changed (not saved)."""
    taken = {rec.carried_over_from_id for rec in current if rec.link_confirmed}
    open_new = [(rec, comparable(rec.text)) for rec in current if not rec.link_confirmed]
    available = [(rec, comparable(rec.text)) for rec in earlier if rec.pk not in taken]
    pairs = best_pairs(open_new, available, comparable_similarity, LINK_THRESHOLD)
    wanted = {new.pk: (old.pk, round(score, 1)) for new, old, score in pairs}
    changed = []
    for rec, _ in open_new:
        target, score = wanted.get(rec.pk, (None, None))
        if (rec.carried_over_from_id, rec.link_similarity) != (target, score):
            rec.carried_over_from_id, rec.link_similarity = target, score
            changed.append(rec)
    return changed


class ChainRow(NamedTuple):
    pk: int
    country_id: int
    year: int
    carried_over_from_id: int | None
    removed_from_report: bool


def chain_lengths(rows):
    """{pk: the length, in report years, of the chain ending at it} for rows (ChainRow, whole
    countries each): 1 + its predecessor's, 1 without one."""
    by_id = {row.pk: row for row in rows}
    lengths = {}
    for row in sorted(rows, key=lambda r: r.year):
        parent = by_id.get(row.carried_over_from_id)
        # A link always points to an earlier year (validated), so the parent is done already.
        lengths[row.pk] = 1 + lengths[parent.pk] if parent and parent.year < row.year else 1
    return lengths


def dropped_years(rows):
    """{pk: the year that dropped it, or None} for rows (ChainRow, a whole country's each): a
    recommendation still in its report is dropped by its country's next report year on record
    when no recommendation of that year repeats it."""
    listed = [row for row in rows if not row.removed_from_report]
    years = defaultdict(set)
    for row in listed:
        years[row.country_id].add(row.year)
    years = {country: sorted(found) for country, found in years.items()}
    repeated = {(row.carried_over_from_id, row.year) for row in listed if row.carried_over_from_id}
    dropped = {row.pk: None for row in rows}
    for row in listed:
        country_years = years[row.country_id]
        following = bisect.bisect_right(country_years, row.year)
        if following < len(country_years) and (row.pk, country_years[following]) not in repeated:
            dropped[row.pk] = country_years[following]
    return dropped
