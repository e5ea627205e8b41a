"""Tier vocabulary and the pure rules derived from a country's tier history.

Nothing here touches the database: `derive_history` takes plain rows and returns what each
year means (movement, Watch List streak, downgrade risk), so every branch of the TVPA rule is
testable with small histories.
"""

from dataclasses import dataclass

from django.db import models


class Tier(models.TextChoices):
    TIER_1 = "1", "Tier 1"
    TIER_2 = "2", "Tier 2"
    WATCH_LIST = "2WL", "Tier 2 Watch List"
    TIER_3 = "3", "Tier 3"
    SPECIAL_CASE = "SC", "Special Case"


# Order of compliance (lower is better); Special Case has no place on the scale.
TIER_RANK = {Tier.TIER_1: 1, Tier.TIER_2: 2, Tier.WATCH_LIST: 3, Tier.TIER_3: 4}
# Average-tier score used by the trends; Special Case is never averaged in.
TIER_SCORE = {Tier.TIER_1: 1.0, Tier.TIER_2: 2.0, Tier.WATCH_LIST: 2.5, Tier.TIER_3: 3.0}


class Movement(models.TextChoices):
    FIRST = "first", "First rating"
    UP = "up", "Upgrade"
    DOWN = "down", "Downgrade"
    SAME = "same", "No change"
    SPECIAL = "special", "To or from Special Case"


# The automatic-downgrade rule (TVPA as amended in 2008) was first applied in the 2009 report:
# Watch List years before it do not count towards the two-year limit.
AUTO_DOWNGRADE_FIRST_YEAR = 2009
# Two consecutive Watch List reports, then at most two waived years.
MAX_WAIVERS = 2


def parse_tier(label):
    """Return the Tier for a label as written in reports and CSV files, or None."""
    cleaned = " ".join(str(label).replace("\u00a0", " ").split()).lower()
    cleaned = cleaned.removesuffix("(downgraded)").removesuffix("(upgraded)").strip()
    aliases = {
        "tier 1": Tier.TIER_1,
        "1": Tier.TIER_1,
        "tier 2": Tier.TIER_2,
        "2": Tier.TIER_2,
        "tier 2 watch list": Tier.WATCH_LIST,
        "tier 2 watchlist": Tier.WATCH_LIST,
        "tier 2wl": Tier.WATCH_LIST,
        "2wl": Tier.WATCH_LIST,
        "2.5": Tier.WATCH_LIST,
        "watch list": Tier.WATCH_LIST,
        "tier 3": Tier.TIER_3,
        "3": Tier.TIER_3,
        "special case": Tier.SPECIAL_CASE,
        "sc": Tier.SPECIAL_CASE,
    }
    return aliases.get(cleaned)


@dataclass(frozen=True)
class YearFacts:
    """What one year of a country's tier history means."""

    year: int
    tier: str
    movement: str
    previous_tier: str  # "" when there is no earlier rating
    watch_list_years: int  # consecutive Watch List reports ending this year (0 if not on it)
    at_risk: bool  # on the Watch List for the second (or later) consecutive report
    auto_downgrade: bool  # a Tier 3 that followed two or more Watch List reports
    waiver_granted: bool = False  # recorded, or implied by a third or later Watch List year
    waivers_used: int = 0  # waivers granted in this Watch List run so far (at most two)

    @property
    def waivers_left(self):
        """Waivers still available if the country stays on the Watch List next year."""
        if not self.at_risk:
            return None
        return waivers_left(self.waivers_used)


def movement_between(previous, current):
    if previous is None:
        return Movement.FIRST
    if previous == current:
        return Movement.SAME
    if Tier.SPECIAL_CASE in (previous, current):
        return Movement.SPECIAL
    return Movement.UP if TIER_RANK[current] < TIER_RANK[previous] else Movement.DOWN


def derive_history(ratings):
    """Derive each year's facts from a country's (year, tier) or (year, tier, waiver recorded)
    rows, in any order.

    Movement compares with the latest earlier rating on record. The Watch List streak counts
    consecutive report years only: a missing year, a Special Case year or any other tier breaks
    it. From 2009 a Watch List year carries a waiver when one is recorded, or when it is the
    third or later consecutive Watch List year (only a waiver keeps a country there); a run
    uses at most MAX_WAIVERS.
    """
    facts = []
    previous = None
    for year, tier, *recorded in sorted(ratings):
        streak = 0
        if tier == Tier.WATCH_LIST:
            streak = 1
            continues = (
                previous is not None
                and previous.year == year - 1
                and previous.tier == Tier.WATCH_LIST
                and (year - 1 >= AUTO_DOWNGRADE_FIRST_YEAR or year < AUTO_DOWNGRADE_FIRST_YEAR)
            )
            if continues:
                streak += previous.watch_list_years
        counts_for_rule = year >= AUTO_DOWNGRADE_FIRST_YEAR
        auto_downgrade = (
            tier == Tier.TIER_3
            and previous is not None
            and previous.year == year - 1
            and previous.at_risk
        )
        waiver_granted = (
            counts_for_rule
            and tier == Tier.WATCH_LIST
            and (bool(recorded and recorded[0]) or streak >= 3)
        )
        used_before = previous.waivers_used if streak > 1 else 0
        current = YearFacts(
            year=year,
            tier=tier,
            movement=movement_between(previous.tier if previous else None, tier),
            previous_tier=previous.tier if previous else "",
            watch_list_years=streak,
            at_risk=counts_for_rule and streak >= 2,
            auto_downgrade=auto_downgrade,
            waiver_granted=waiver_granted,
            waivers_used=min(MAX_WAIVERS, used_before + waiver_granted),
        )
        facts.append(current)
        previous = current
    return facts


def waivers_left(waivers_used):
    """Waivers still available to a country at risk (second or later Watch List year)."""
    return max(0, MAX_WAIVERS - waivers_used)


def next_report_outcome(waivers_used):
    """What the automatic-downgrade rule does at the next report, for a country at risk."""
    left = waivers_left(waivers_used)
    if left:
        return (
            "Next report: Tier 3 automatically unless it moves up to Tier 2 or better, or the "
            f"Secretary of State waives the downgrade ({left} waiver{'s' if left > 1 else ''} "
            "left)."
        )
    return (
        "Next report: Tier 3 automatically unless it moves up to Tier 2 or better; "
        "no waiver is left."
    )


def count_tiers(rows):
    """Count per tier, Special Case and "no data" ("") apart, from rows with a "tier" key."""
    counts = {tier: 0 for tier in [*Tier.values, ""]}
    for row in rows:
        counts[row["tier"] or ""] += 1
    return counts


@dataclass(frozen=True)
class Run:
    """A country's longest unbroken run on one tier, and its years on it in all."""

    country: str
    first_year: int
    last_year: int
    years_in_all: int

    @property
    def length(self):
        return self.last_year - self.first_year + 1


def longest_runs(rows, limit=10):
    """The countries longest on one tier without a break, longest first. rows: (country, year)
    of the years the country was on that tier.

    Only consecutive report years make a run: a year on another tier or without data ends it
    (a gap is never assumed to be more of the same). Ties go to the more recent run, then to
    the country name.
    """
    years_by_country = {}
    for country, year in rows:
        years_by_country.setdefault(country, set()).add(year)
    runs = []
    for country, years in years_by_country.items():
        best = None
        for year in sorted(years):
            if year - 1 in years:
                continue
            end = year
            while end + 1 in years:
                end += 1
            if best is None or end - year >= best[1] - best[0]:
                best = (year, end)
        runs.append(Run(country, best[0], best[1], len(years)))
    runs.sort(key=lambda run: (-run.length, -run.last_year, run.country))
    return runs[:limit]


def downgrade_clock(facts):
    """The automatic-downgrade rule read for one year, in a sentence or two. facts: a
    YearFacts or a TierRating (year, tier, watch_list_years, at_risk, waivers_used,
    waiver_granted, auto_downgrade), or None when the year has no rating."""
    if facts is None:
        return "No tier on record for this year: the downgrade clock cannot be read."
    label = Tier(facts.tier).label
    if facts.auto_downgrade:
        return (
            f"{facts.year}: Tier 3 after consecutive Tier 2 Watch List reports, an automatic "
            "downgrade. The clock starts again when it returns to the Watch List."
        )
    if facts.tier != Tier.WATCH_LIST:
        return f"{facts.year}: {label}, not on the Tier 2 Watch List; the clock is not running."
    if facts.year < AUTO_DOWNGRADE_FIRST_YEAR:
        return (
            f"{facts.year}: on the Tier 2 Watch List before the automatic-downgrade rule (first "
            f"applied in the {AUTO_DOWNGRADE_FIRST_YEAR} report); the year does not count."
        )
    if not facts.at_risk:
        return (
            f"{facts.year}: first consecutive year on the Tier 2 Watch List. A second one puts "
            "it at risk of automatic downgrade to Tier 3."
        )
    waiver = " A waiver was granted this year." if facts.waiver_granted else ""
    return (
        f"{facts.year}: Tier 2 Watch List for {facts.watch_list_years} consecutive reports, at "
        f"risk of automatic downgrade. Waivers used in this run: {facts.waivers_used} of "
        f"{MAX_WAIVERS}.{waiver} {next_report_outcome(facts.waivers_used)}"
    )
