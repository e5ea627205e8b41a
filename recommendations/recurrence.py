"""Recurrence: which ask of an earlier year a recommendation repeats, and the chains that makes.

A recommendation is carried over (carried_over_from) from the most similar recommendation of
the same country's nearest earlier report year on record, when the two are similar enough, one
to one (best pairs first). What an admin confirmed (carried_over_confirmed) is never replaced;
a confirmed recommendation carried over from nothing means "repeats nothing". The asks joined
by carried_over_from form a recurrence chain; recurrence_years is its length up to each ask.

Similarity is rapidfuzz's token_set_ratio over a comparable form of the text: lower case, no
punctuation, acronyms spelled out (NAP, NRM), words that every recommendation shares dropped
("increase efforts", "trafficking"), and words cut to their first five letters so that
"investigators", "investigating" and "investigate" compare equal. The threshold was chosen from
the examples in tests/recommendations/test_recurrence.py.

Pure: no model, no query. recommendations/services/carried_over.py reads and writes the rows.
"""

import bisect
from collections import defaultdict
from typing import NamedTuple

from rapidfuzz import fuzz, utils

CARRIED_OVER_THRESHOLD = 61
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


def match_year(current, earlier):
    """Set what one year's unconfirmed recommendations are carried over from
    (carried_over_from_id, carried_over_similarity) to the best of `earlier`'s; return those
    that changed (not saved)."""
    taken = {rec.carried_over_from_id for rec in current if rec.carried_over_confirmed}
    open_new = [(rec, comparable(rec.text)) for rec in current if not rec.carried_over_confirmed]
    available = [(rec, comparable(rec.text)) for rec in earlier if rec.pk not in taken]
    pairs = best_pairs(open_new, available, comparable_similarity, CARRIED_OVER_THRESHOLD)
    wanted = {new.pk: (old.pk, round(score, 1)) for new, old, score in pairs}
    changed = []
    for rec, _ in open_new:
        target, score = wanted.get(rec.pk, (None, None))
        if (rec.carried_over_from_id, rec.carried_over_similarity) != (target, score):
            rec.carried_over_from_id, rec.carried_over_similarity = target, score
            changed.append(rec)
    return changed


class RecurrenceRow(NamedTuple):
    """What recurrence_years_of and dropped_years read of a recommendation."""

    pk: int
    country_id: int
    year: int
    carried_over_from_id: int | None
    removed_from_report: bool


def recurrence_years_of(rows):
    """{pk: its recurrence_years, the length in report years of the recurrence chain ending at
    it} for rows (RecurrenceRow, whole countries each): 1 + its predecessor's, 1 without one."""
    by_id = {row.pk: row for row in rows}
    lengths = {}
    for row in sorted(rows, key=lambda r: r.year):
        parent = by_id.get(row.carried_over_from_id)
        # carried_over_from always points to an earlier year (validated): the parent is done.
        lengths[row.pk] = 1 + lengths[parent.pk] if parent and parent.year < row.year else 1
    return lengths


def dropped_years(rows):
    """{pk: the year that dropped it, or None} for rows (RecurrenceRow, a whole country's
    each): a recommendation still in its report is dropped by its country's next report year
    on record when no recommendation of that year repeats it."""
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


def recurrence_chain(rows, pk):
    """The recurrence chain through recommendation pk, oldest first, as [(id, year), ...].

    rows are (id, year, carried_over_from_id) of the country's recommendations, read in one
    query (QuerySet.recurrence_rows); the walk is in Python so the page's query count does not
    grow with the chain. Backwards follows carried_over_from; forwards takes the earliest
    carried_into (one to one, but the earliest wins if data says otherwise). A cycle in bad
    data ends the walk.
    """
    year_of, parent_of, children_of = {}, {}, {}
    for rec_id, year, parent_id in rows:
        year_of[rec_id] = year
        parent_of[rec_id] = parent_id
        if parent_id is not None:
            children_of.setdefault(parent_id, []).append((year, rec_id))
    if pk not in year_of:
        return []
    chain, seen = [pk], {pk}
    current = parent_of[pk]
    while current in year_of and current not in seen:
        chain.insert(0, current)
        seen.add(current)
        current = parent_of[current]
    current = pk
    while children_of.get(current):
        current = min(children_of[current])[1]
        if current in seen:
            break
        chain.append(current)
        seen.add(current)
    return [(rec_id, year_of[rec_id]) for rec_id in chain]


def classify_recommendations(earlier, later):
    """Split two years' recommendations into repeated, dropped (from `earlier`) and new.

    A recommendation of the earlier year is repeated when one of the later year is carried over
    from it (carried_over_from); a later one is new when it repeats none of the earlier year's.
    Returns (earlier rows as (recommendation, repeated_by or None), new later recommendations).
    """
    repeated_by = {rec.carried_over_from_id: rec for rec in later if rec.carried_over_from_id}
    earlier_ids = {rec.pk for rec in earlier}
    earlier_rows = [(rec, repeated_by.get(rec.pk)) for rec in earlier]
    new = [rec for rec in later if rec.carried_over_from_id not in earlier_ids]
    return earlier_rows, new
