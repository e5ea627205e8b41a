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
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from rapidfuzz import fuzz, utils

from recommendations.models import Recommendation
from tipwatch.pagecache import bump_data_version

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


def relink(country_years):
    """Recompute the automatic links of the given (country_id, year)s and of the next year on
    record after each; return the recommendations whose link changed (saved).

    Each year links to the nearest earlier year of the same country that has recommendations.
    """
    country_ids = {country_id for country_id, _ in country_years}
    years_of = defaultdict(set)
    for country_id, year in (
        Recommendation.objects.in_report()
        .filter(country_id__in=country_ids)
        .values_list("country_id", "year")
        .distinct()
    ):
        years_of[country_id].add(year)
    to_link = set()  # (country, year, previous year)
    for country_id, year in country_years:
        years = sorted(years_of[country_id])
        later = [y for y in years if y > year]
        for target in ([year] if year in years else []) + later[:1]:
            earlier = [y for y in years if y < target]
            if earlier:
                to_link.add((country_id, target, earlier[-1]))
    if not to_link:
        return []
    needed_years = {y for _, target, previous in to_link for y in (target, previous)}
    rows = defaultdict(list)
    for rec in (
        Recommendation.objects.in_report()
        .filter(country_id__in={c for c, _, _ in to_link}, year__in=needed_years)
        .only(
            "country_id",
            "year",
            "position",
            "text",
            "carried_over_from",
            "link_similarity",
            "link_confirmed",
        )
        .order_by("position")
    ):
        rows[rec.country_id, rec.year].append(rec)
    changed = []
    for country_id, target, previous in sorted(to_link):
        changed += _link_year(rows[country_id, target], rows[country_id, previous])
    Recommendation.objects.bulk_update(
        changed, ["carried_over_from", "link_similarity"], batch_size=500
    )
    return changed


def _link_year(current, earlier):
    """Set the links of one year's unconfirmed recommendations; return those that changed."""
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


def refresh_recurrence(country_ids):
    """Recompute recurrence_years (1 + the predecessor's) for every recommendation of these
    countries; return how many changed."""
    rows = list(
        Recommendation.objects.filter(country_id__in=set(country_ids)).only(
            "year", "carried_over_from", "recurrence_years"
        )
    )
    by_id = {rec.pk: rec for rec in rows}
    lengths = {}
    for rec in sorted(rows, key=lambda r: r.year):
        parent = by_id.get(rec.carried_over_from_id)
        # A link always points to an earlier year (validated), so the parent is done already.
        lengths[rec.pk] = 1 + lengths.get(parent.pk, 0) if parent and parent.year < rec.year else 1
    # One UPDATE per chain length (a few), cheaper than a CASE over every changed row.
    changed = defaultdict(list)
    for rec in rows:
        if rec.recurrence_years != lengths[rec.pk]:
            changed[lengths[rec.pk]].append(rec.pk)
    for length, ids in changed.items():
        Recommendation.objects.filter(pk__in=ids).update(recurrence_years=length)
    return sum(len(ids) for ids in changed.values())


def check_link(*, recommendation, target):
    """Raise ValidationError unless recommendation may repeat target; return the recommendation
    of the same year that repeats target now (an automatic link set_link will undo), if any."""
    if target is None:
        return None
    if target.country_id != recommendation.country_id or target.year >= recommendation.year:
        raise ValidationError(
            {
                "carried_over_from": "A recommendation can only repeat one of the same country "
                "from an earlier report year."
            }
        )
    rival = (
        Recommendation.objects.filter(carried_over_from=target, year=recommendation.year)
        .exclude(pk=recommendation.pk)
        .first()
    )
    if rival and rival.link_confirmed:
        raise ValidationError(
            {
                "carried_over_from": f"{target} is already repeated by {rival} (a confirmed "
                "link); remove that link first."
            }
        )
    return rival


@transaction.atomic
def set_link(*, recommendation, target):
    """An admin links recommendation to target (None: it repeats nothing); the link is then
    confirmed, and the chain lengths recomputed. Keeps links one to one."""
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    rival = check_link(recommendation=rec, target=target)
    if rival:
        rival.carried_over_from, rival.link_similarity = None, None
        rival.save(update_fields=["carried_over_from", "link_similarity"])
    rec.carried_over_from = target
    rec.link_similarity = round(similarity(rec.text, target.text), 1) if target else None
    rec.link_confirmed = True
    rec.save(update_fields=["carried_over_from", "link_similarity", "link_confirmed"])
    refresh_recurrence([rec.country_id])
    recommendation.refresh_from_db()
    return recommendation


def remove_link(*, recommendation):
    """An admin says this recommendation repeats nothing; imports will not link it again."""
    return set_link(recommendation=recommendation, target=None)


@transaction.atomic
def confirm_links(*, recommendations):
    """An admin confirms the current links (or their absence) of these recommendations."""
    ids = [rec.pk for rec in recommendations]
    confirmed = Recommendation.objects.filter(pk__in=ids, link_confirmed=False).update(
        link_confirmed=True
    )
    bump_data_version()
    return confirmed
