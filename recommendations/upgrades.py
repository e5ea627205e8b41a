"""What preceded upgrades: the pure rules behind /analysis/upgrades/.

An ask of report year Y is read at the next report's cut-off, 31 March of Y + 1 (what a
government had done by then counts towards that report): its status then is the latest change
as of that date (by as-of date, then id), Not assessed when none was recorded. The next report
puts its country in a group: "up" when it upgraded the country (countries.tiers' movement), or
"other" when it could have and did not (the same or a worse tier, not Tier 1 before, not to or
from Special Case); every other ask is in no group. services/upgrades.py stores both per ask.
"""

import datetime

from countries.tiers import Movement, Tier
from recommendations.vocabulary import Status

CUTOFF = (3, 31)  # month, day of the year after the ask's report
UPGRADED, NOT_UPGRADED, NO_GROUP = "up", "other", ""
DONE = (Status.IMPLEMENTED, Status.PARTIAL)  # "implemented or partially implemented"


def cutoff(year):
    """The cut-off of the report after report year `year`."""
    return datetime.date(year + 1, *CUTOFF)


def next_report_group(movement, previous_tier):
    """UPGRADED, NOT_UPGRADED or NO_GROUP for the next report's rating of the country."""
    if movement == Movement.UP:
        return UPGRADED
    if movement in (Movement.SAME, Movement.DOWN) and previous_tier != Tier.TIER_1:
        return NOT_UPGRADED
    return NO_GROUP


def status_at(changes, day):
    """The status of the latest of `changes` ((as_of, id, status), any order) as of `day`."""
    latest = max((change for change in changes if change[0] <= day), default=None)
    return latest[2] if latest else Status.NOT_ASSESSED
