"""The files of one chapter import read into chapters of known countries and years. No database
here: the countries come from the name index the caller read (Country.objects.name_index()).

`read_chapters(paths, ...)` reads each file (recommendations.reading.files), finds each
chapter's country and year, and gathers problems (which stop the run) and warnings as
tipwatch.core.importlog.Problem, each message naming the chapter ("Norway 2023: ...") and
placed in the file (a line, or "page N" of a PDF). A (country, year) is read once per run.
"""

import os
from dataclasses import dataclass, field

from countries.models import normalise_name
from recommendations.reading.files import read_report_file
from tipwatch.core.importlog import Problem


@dataclass(frozen=True)
class Chapter:
    """One country's chapter as read, before anything on record is looked at."""

    label: str  # the file as named for messages (the path given, or an upload's own name)
    source: str  # the file name, kept as the rows' source
    country: object  # countries.models.Country
    year: int
    tier: str  # the tier the heading states (countries.tiers.Tier)
    tier_line: int | str
    summary: str
    recommendations: tuple | None  # Located(line, text); None: the chapter has no such section
    summary_tiers: tuple = ()  # (tier, the summary's words), see chapters.SUMMARY_TIER
    watch_list_run: tuple = (None, "")  # ("second consecutive year" -> 2, the words)

    @property
    def name(self):
        """The chapter as messages name it: "Norway 2023"."""
        return f"{self.country.name} {self.year}"


@dataclass
class ChaptersRead:
    chapters: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def read_chapters(paths, *, year, names, labels=None, progress=None, on_page=None):
    """Read the files into a ChaptersRead.

    year: the report year of chapters whose text states none; names: the country name index;
    labels: {path: the name to show} (an upload's own name), else the path as given;
    progress wraps the file list (a progress bar); on_page(done, total) after each PDF page.
    """
    reading = _Reading(year=year, names=names, on_page=on_page)
    for path in (progress or (lambda files: files))(paths):
        label = (labels or {}).get(path, str(path))
        reading.read(path, label)
    return reading.result


@dataclass
class _Reading:
    year: int | None
    names: dict
    on_page: object = None
    result: ChaptersRead = field(default_factory=ChaptersRead)
    first_seen: dict = field(default_factory=dict)

    def read(self, path, label):
        read = read_report_file(path, year=self.year, progress=self.on_page)
        self.result.problems += [Problem(label, error.line, error.text) for error in read.errors]
        self.result.warnings += [Problem(label, item.line, item.text) for item in read.warnings]
        for parsed in read.chapters:
            country = self.names.get(normalise_name(parsed.country_name))
            name = country.name if country else parsed.country_name
            named = f"{name} {parsed.year or self.year or ''}".strip() + ": " if name else ""
            self.result.problems += [
                Problem(label, error.line, f"{named}{error.text}") for error in parsed.errors
            ]
            self.result.warnings += [
                Problem(label, item.line, f"{named}{item.text}") for item in parsed.warnings
            ]
            if not parsed.errors:
                chapter = self.chapter(label, path, parsed, country, many=len(read.chapters) > 1)
                self.result.chapters += [chapter] if chapter else []

    def chapter(self, label, path, parsed, country, *, many):
        """The parsed chapter as a Chapter, or None (with the problem or warning saying why)."""
        problems, warnings = self.result.problems, self.result.warnings
        if country is None:
            unknown = Problem(
                label,
                parsed.country_line,
                f"unknown country {parsed.country_name!r} (add the spelling to the aliases in "
                "countries/catalogue.py)" + ("; this chapter is skipped" if many else ""),
            )
            if many:
                # One unknown name must not hold up a whole report: said, and left out.
                warnings.append(unknown)
                return None
            problems.append(unknown)
        chapter_year = parsed.year or self.year
        if chapter_year is None:
            problems.append(
                Problem(
                    label,
                    parsed.tier_line,
                    "the text states no report year; give one with --year YEAR",
                )
            )
        if country is None or chapter_year is None:
            return None
        if problem := country.year_problem(chapter_year):
            problems.append(Problem(label, parsed.country_line, problem))
            return None
        key = (country.pk, chapter_year)
        if key in self.first_seen:
            problems.append(
                Problem(
                    label,
                    parsed.tier_line,
                    f"a second chapter for {country.name} {chapter_year} in this run "
                    f"(the first is {self.first_seen[key]})",
                )
            )
            return None
        self.first_seen[key] = f"{label}:{parsed.tier_line}"
        return Chapter(
            label=label,
            source=os.path.basename(str(path)),
            country=country,
            year=chapter_year,
            tier=parsed.tier,
            tier_line=parsed.tier_line,
            summary=parsed.summary,
            recommendations=(
                tuple(parsed.recommendations) if parsed.has_recommendations_section else None
            ),
            summary_tiers=tuple(parsed.summary_tiers),
            watch_list_run=parsed.watch_list_run,
        )
