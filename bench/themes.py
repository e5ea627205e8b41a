"""How well the theme rules (recommendations/themes.py) agree with the hand-labelled real
recommendations of tests/fixtures/themes/labelled.csv: precision and recall per theme and
overall (micro-averaged over every theme decision). Not part of the test suite; the tests hold
the rules to what this prints (tests/recommendations/test_themes.py).

    .venv/bin/python bench/themes.py            # the table
    .venv/bin/python bench/themes.py --errors   # also each disagreement, to tune the rules
    .venv/bin/python bench/themes.py --file tests/fixtures/themes/held_out.csv   # unseen set

Targets (issue 23): overall precision >= 0.85 and recall >= 0.75, no theme below 0.6 on either.
"""

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recommendations.themes import THEME_SLUGS, classify_themes  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "themes" / "labelled.csv"


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)

    def precision(self, slug=None):
        tp, fp = self._sum(self.tp, slug), self._sum(self.fp, slug)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, slug=None):
        tp, fn = self._sum(self.tp, slug), self._sum(self.fn, slug)
        return tp / (tp + fn) if tp + fn else 1.0

    def f1(self, slug=None):
        p, r = self.precision(slug), self.recall(slug)
        return 2 * p * r / (p + r) if p + r else 0.0

    @staticmethod
    def _sum(counter, slug):
        return counter[slug] if slug else sum(counter.values())


def labelled_rows(path=LABELLED):
    """(iso3, year, text, set of theme slugs) of each labelled recommendation."""
    with open(path, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            themes = set(row["themes"].split())
            unknown = themes - set(THEME_SLUGS)
            if unknown:
                raise ValueError(f"{path}: unknown themes {sorted(unknown)} for {row['text']!r}")
            yield row["iso3"], int(row["year"]), row["text"], themes


def score(rows):
    result = Score()
    for iso3, year, text, wanted in rows:
        found = set(classify_themes(text))
        for slug in THEME_SLUGS:
            if slug in found and slug in wanted:
                result.tp[slug] += 1
            elif slug in found:
                result.fp[slug] += 1
            elif slug in wanted:
                result.fn[slug] += 1
        if found != wanted:
            result.errors.append((iso3, year, text, sorted(found - wanted), sorted(wanted - found)))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="print every disagreement")
    parser.add_argument("--file", type=Path, default=LABELLED, help="another labelled CSV")
    args = parser.parse_args()
    rows = list(labelled_rows(args.file))
    result = score(rows)
    print(f"{len(rows)} labelled recommendations ({args.file})\n")
    print(f"{'theme':<20} {'labelled':>8} {'found':>6} {'precision':>9} {'recall':>6} {'F1':>5}")
    for slug in THEME_SLUGS:
        labelled = result.tp[slug] + result.fn[slug]
        found = result.tp[slug] + result.fp[slug]
        print(
            f"{slug:<20} {labelled:>8} {found:>6} {result.precision(slug):>9.2f} "
            f"{result.recall(slug):>6.2f} {result.f1(slug):>5.2f}"
        )
    labelled = sum(result.tp.values()) + sum(result.fn.values())
    found = sum(result.tp.values()) + sum(result.fp.values())
    print(
        f"{'overall (micro)':<20} {labelled:>8} {found:>6} {result.precision():>9.2f} "
        f"{result.recall():>6.2f} {result.f1():>5.2f}"
    )
    if args.errors:
        print()
        for iso3, year, text, extra, missing in result.errors:
            print(f"{iso3} {year}: +{extra} -{missing}\n    {text}")


if __name__ == "__main__":
    main()
