"""How complete each report year is: countries on record against the countries the report ranked.

Pure: no models. The counts of ranked countries follow the bundled data's README
(data/tiers/README.md): the academic panel (2001-2015) holds every ranked country but 1-3, so
its yearly row count is the total (2003-2006 count Serbia and Montenegro once, as the reports
ranked it); from 2016 the report ranked 186-188 countries a year, so every year from 2016 is
counted against 188. A year with fewer than COMPLETE_SHARE of that on record is partial: the
charts draw it faded and say how many countries it holds, and averages over it are averages
of the countries on record, never filled in.
"""

from dataclasses import dataclass

RANKED_PANEL_YEARS = {
    2001: 80,
    2002: 88,
    2003: 120,
    2004: 138,
    2005: 148,
    2006: 156,
    2007: 162,
    2008: 166,
    2009: 173,
    2010: 174,
    2011: 180,
    2012: 183,
    2013: 183,
    2014: 183,
    2015: 187,
}
RANKED_FROM_2016 = 188
COMPLETE_SHARE = 0.9


def ranked_in(year):
    """How many countries the report of `year` ranked (see the module docstring)."""
    return RANKED_PANEL_YEARS.get(year, RANKED_FROM_2016)


@dataclass(frozen=True)
class Coverage:
    year: int
    on_record: int
    ranked: int

    @property
    def share(self):
        return self.on_record / self.ranked

    @property
    def partial(self):
        return self.share < COMPLETE_SHARE

    @property
    def percent(self):
        return round(100 * self.share)

    @property
    def label(self):
        """Like "151 of 188 countries on record (80%)"."""
        return f"{self.on_record} of {self.ranked} countries on record ({self.percent}%)"


def coverage_by_year(on_record):
    """{year: Coverage} from {year: countries on record}, for every year from the first to the
    last: a year between them with nothing on record has 0, so it shows as a gap."""
    if not on_record:
        return {}
    return {
        year: Coverage(year, on_record.get(year, 0), ranked_in(year))
        for year in range(min(on_record), max(on_record) + 1)
    }
