"""Asks repeated across countries: groups of near-identical wording in one report year.

The report often asks many governments the same thing in nearly the same words ("Vigorously
investigate, prosecute, and convict traffickers, including complicit officials"), each with
its own examples after "including" or "particularly". Two asks of one year are the same ask
when their core (the text before the first such qualifier, lower case, no punctuation) scores
at least CORE_THRESHOLD with rapidfuzz's ratio, or their whole texts score FULL_THRESHOLD.
Both were chosen on the real wording of tests/fixtures/themes/labelled.csv (280 asks of many
countries): at 86 and above the pairs across countries are the same ask ("ensure victims are
not punished for unlawful acts..." / "...not penalized for acts..."); below, different asks
that share a verb ("enact legislation to criminalize..." / "...to prohibit and punish...").
tests/recommendations/test_wording_groups.py holds them to those pairs.

Grouping is by leaders, not by chains: an ask joins the group of the first earlier ask (by id)
it matches, so a group never drifts from its first wording through a run of small changes.
Only groups asked of two countries or more are kept. A year's group carries on the key of the
previous report year's group its first wording matches, so a key names one ask across years.

Pure: plain rows in, keys out; recommendations/services/wording_groups.py reads and writes.
"""

import re
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils

CORE_THRESHOLD = 86
FULL_THRESHOLD = 85
# A core this short ("train officials") says too little to call two asks the same.
MIN_CORE_WORDS = 4
QUALIFIER = re.compile(
    r",?\s+(?:including|particularly|especially|such as|notably|in particular|for example)\b"
    r"|;|\(",
    re.IGNORECASE,
)


class Ask(NamedTuple):
    id: int
    country_id: int
    text: str


class Group(NamedTuple):
    leader: Ask  # the first ask (lowest id) of the group, whose wording the others match
    members: list  # [Ask], the leader first


def core(text):
    """The ask before its first qualifier, in comparable form."""
    return utils.default_process(QUALIFIER.split(text, 1)[0])


def _forms(text):
    whole = utils.default_process(text)
    head = core(text)
    return (head if len(head.split()) >= MIN_CORE_WORDS else whole), whole


def same_ask(a, b):
    """Whether two texts are the same ask (see the module's thresholds)."""
    (core_a, whole_a), (core_b, whole_b) = _forms(a), _forms(b)
    return (
        fuzz.ratio(core_a, core_b) >= CORE_THRESHOLD
        or fuzz.ratio(whole_a, whole_b) >= FULL_THRESHOLD
    )


def group_year(asks):
    """The groups of one year's asks ([Ask]) asked of two countries or more, largest first."""
    leaders, cores, wholes, groups = [], [], [], []
    exact = {}  # core -> leader index: identical wording needs no fuzzy comparison
    for ask in sorted(asks, key=lambda ask: ask.id):
        head, whole = _forms(ask.text)
        index = exact.get(head)
        if index is None:
            found = process.extractOne(head, cores, scorer=fuzz.ratio, score_cutoff=CORE_THRESHOLD)
            if found is None:
                found = process.extractOne(
                    whole, wholes, scorer=fuzz.ratio, score_cutoff=FULL_THRESHOLD
                )
            index = found[2] if found else None
        if index is None:
            index = len(leaders)
            leaders.append(ask)
            cores.append(head)
            wholes.append(whole)
            groups.append([])
            exact[head] = index
        groups[index].append(ask)
    kept = [
        Group(leaders[i], members)
        for i, members in enumerate(groups)
        if len({ask.country_id for ask in members}) >= 2
    ]
    return sorted(kept, key=lambda g: (-len({a.country_id for a in g.members}), g.leader.id))


def keys_for_years(asks_by_year, previous=()):
    """{ask id: group key} over every year given ({year: [Ask]}), oldest year first.

    A group's key is its leader's id, unless its leader's wording matches a group of the
    previous year (`previous`: [(leader text, key)] of the year before the first given): then
    it keeps that group's key, so one ask keeps one key over the years.
    """
    keys, previous = {}, list(previous)
    for year in sorted(asks_by_year):
        current = []
        for group in group_year(asks_by_year[year]):
            key = next(
                (key for text, key in previous if same_ask(text, group.leader.text)),
                group.leader.id,
            )
            for ask in group.members:
                keys[ask.id] = key
            current.append((group.leader.text, key))
        previous = current
    return keys
