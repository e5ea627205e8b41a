"""Import tier placements from CSV files; all or nothing, like the chapter import.

Accepted headers (any column order, extra columns ignored):
- `country,year,tier[,source,basis]`: country is an ISO3 code or any known name or alias;
- the bundled file's `report_year,iso3,country,tier,basis,source_url`;
- the reference panel's `iso3,country,...,report_year,tier,...,source,...`.

As the bundled data (`bundled=True`, `import_tiers --as-bundled-data`, what load_initial_data
runs on data/tiers/), a run creates the country-years not on record and corrects the ratings
an earlier bundle loaded and nobody changed since (TierRating.bundled). A rating an admin
entered or changed, or a chapter or another table imported, is never changed by it; where the
bundle gives it another tier, a warning names both and the rating on record stays. Given the
whole bundle (`whole_bundle=True`, `--whole-bundle`: load_initial_data on data/tiers/), a run
also deletes the ratings an earlier bundle loaded that the bundle no longer gives (a fact
withdrawn as wrong), when they are still the bundle's: unchanged since, with no waiver recorded.
"""

import csv
import io
import os

from countries.models import (
    FIRST_REPORT_YEAR,
    LAST_PLAUSIBLE_YEAR,
    Country,
    TierRating,
    normalise_name,
)
from countries.services import refresh_derived_facts, save_ratings
from countries.tiers import Tier, parse_tier
from tipwatch.core.importlog import ImportFailed, ImportOutcome, Problem, read_text, recorded_run
from tipwatch.core.parsing import parse_year
from tipwatch.core.versions import atomic_write

COLUMNS = {
    "year": ("year", "report_year"),
    "iso3": ("iso3",),
    "country": ("country",),
    "tier": ("tier",),
    "source": ("source", "source_url"),
    "basis": ("basis",),
}
SOURCE_MAX = TierRating._meta.get_field("source").max_length
BASIS_MAX = TierRating._meta.get_field("basis").max_length


def import_tier_tables(
    paths, *, bundled=False, whole_bundle=False, user=None, invoked_as="", progress=None
):
    """Create or update the tier ratings the CSV files give (as the bundled data, or the whole
    bundle: see the module docstring); raise ImportFailed on any problem."""
    paths = list(paths)

    def work():
        rows = _read_tables(paths, progress or (lambda files: files))
        return _write_ratings(rows, bundled=bundled or whole_bundle, whole_bundle=whole_bundle)

    return recorded_run(
        command="import_tiers", paths=paths, user=user, invoked_as=invoked_as, work=work
    )


def _read_tables(paths, progress):
    names = Country.objects.name_index()
    rows, problems, first_seen = [], [], {}
    for path in progress(paths):
        label = str(path)
        text, problem = read_text(path)
        if problem:
            problems.append(problem)
            continue
        try:
            problems += _read_table(label, text, names, rows, first_seen)
        except csv.Error as error:
            problems.append(Problem(label, 1, f"not a readable CSV file ({error})"))
    if problems:
        raise ImportFailed(problems)
    return rows


def _read_table(label, text, names, rows, first_seen):
    """Add the good rows of one CSV file to rows; return its problems (first_seen: where each
    country-year of the run was first given)."""
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    column = _column_indexes(header)
    if column is None:
        return [
            Problem(
                label,
                1,
                "the header must name the columns country (or iso3), year (or report_year) "
                f"and tier; found: {', '.join(header) or 'nothing'}",
            )
        ]
    problems = []
    source_name = os.path.basename(label)
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        cell = _cell_reader(cells, column)
        country, year, values, row_problems = _read_row(cell, names, source_name)
        if country and year and (country.pk, year) in first_seen:
            row_problems.append(
                f"{country.name} {year} is given twice (first at {first_seen[country.pk, year]})"
            )
        if row_problems:
            problems += [Problem(label, line, message) for message in row_problems]
            continue
        first_seen[country.pk, year] = f"{label}:{line}"
        rows.append((country.pk, year, values, Problem(label, line, "")))
    return problems


def _column_indexes(header):
    """{column key: its index in header, or None}; None when a required column is missing."""
    column = {
        key: next((header.index(name) for name in choices if name in header), None)
        for key, choices in COLUMNS.items()
    }
    if column["year"] is None or column["tier"] is None:
        return None
    if column["iso3"] is None and column["country"] is None:
        return None
    return column


def _cell_reader(cells, column):
    """cell(key): the row's stripped value in that column, "" when it has none."""

    def cell(key):
        index = column[key]
        return cells[index].strip() if index is not None and index < len(cells) else ""

    return cell


def _read_row(cell, names, source_name):
    """One row's country, report year and values (tier, source, basis), with what is wrong
    with them: [message], in the order the columns are checked."""
    problems = []
    country = names.get(normalise_name(cell("iso3"))) or names.get(normalise_name(cell("country")))
    if country is None:
        written = " / ".join(value for value in (cell("iso3"), cell("country")) if value)
        problems.append(f"unknown country {written or '(empty)'!r}")
    year = _report_year(cell("year"))
    if year is None:
        problems.append(
            f"{cell('year')!r} is not a report year ({FIRST_REPORT_YEAR}–{LAST_PLAUSIBLE_YEAR})"
        )
    if country and year and (problem := country.year_problem(year)):
        problems.append(problem)
    tier = parse_tier(cell("tier"))
    if tier is None:
        problems.append(
            f"unknown tier {cell('tier')!r} (expected Tier 1, Tier 2, Tier 2 Watch List, "
            "Tier 3 or Special Case)"
        )
    source, basis = cell("source") or source_name, cell("basis")
    if len(source) > SOURCE_MAX:
        problems.append(f"the source is longer than {SOURCE_MAX} characters")
    if len(basis) > BASIS_MAX:
        problems.append(f"the basis is longer than {BASIS_MAX} characters")
    return country, year, {"tier": tier, "source": source, "basis": basis}, problems


def _report_year(text):
    try:
        return parse_year(text)
    except ValueError:
        return None


@atomic_write
def _write_ratings(rows, *, bundled, whole_bundle=False):
    outcome = ImportOutcome()
    withdrawn = _delete_withdrawn_bundled(rows, outcome) if whole_bundle else set()
    if bundled:
        rows = _rows_the_bundle_may_write(rows, outcome)
    save_ratings(
        wanted={(country_id, year): values for country_id, year, values, _ in rows},
        counts=outcome.counts,
    )
    refresh_derived_facts(country_ids={country_id for country_id, _, _, _ in rows} | withdrawn)
    return outcome


def _delete_withdrawn_bundled(rows, outcome):
    """Delete the ratings an earlier bundle loaded that the bundle (rows: the whole of it) no
    longer gives, each with a warning naming it; keep, with a warning, one that carries a
    waiver someone recorded (no longer the bundle's). Three queries. Returns the ids of the
    countries it changed. Each warning points at the file that holds the year's rows (line 1:
    the file as a whole)."""
    given = {(country_id, year) for country_id, year, _, _ in rows}
    file_of_year = {}
    for _, year, _, where in rows:
        file_of_year.setdefault(year, where.file)
    withdrawn = [
        rating
        for rating in TierRating.objects.filter(bundled=True)
        .select_related("country")
        .order_by("country__name", "year")
        if (rating.country_id, rating.year) not in given
    ]
    deleted, kept = [], []
    for rating in withdrawn:
        fact = f"{rating.country} {rating.year} ({rating.get_tier_display()}, source: "
        fact += f"{rating.source or 'none given'})"
        if rating.waiver:
            kept.append(rating.pk)
            outcome.counts["rating", "kept"] += 1
            message = f"{fact} is no longer in the bundled data; kept, as a waiver is on it"
        else:
            deleted.append(rating.pk)
            outcome.counts["rating", "deleted"] += 1
            message = f"{fact} is no longer in the bundled data; the rating it loaded is deleted"
        file = file_of_year.get(rating.year, rows[0][3].file)
        outcome.warnings.append(Problem(file, 1, message))
    TierRating.objects.filter(pk__in=deleted).delete()
    TierRating.objects.filter(pk__in=kept).update(bundled=False)  # its own now, as set_waiver's
    return {rating.country_id for rating in withdrawn}


def _rows_the_bundle_may_write(rows, outcome):
    """The rows whose country-year has no rating yet or one the bundle loaded (one query),
    marked as the bundle's. Each other rating on record is kept: "unchanged" when the bundle
    agrees on the tier, "kept" with a warning when it does not."""
    on_record = {
        (country_id, year): (tier, source, name, was_bundled)
        for country_id, year, tier, source, name, was_bundled in TierRating.objects.filter(
            country_id__in={row[0] for row in rows}, year__in={row[1] for row in rows}
        ).values_list("country_id", "year", "tier", "source", "country__name", "bundled")
    }
    writable = []
    for country_id, year, values, where in rows:
        tier, source, name, was_bundled = on_record.get((country_id, year), (None,) * 3 + (True,))
        if was_bundled:
            writable.append((country_id, year, {**values, "bundled": True}, where))
        elif tier == values["tier"]:
            outcome.counts["rating", "unchanged"] += 1
        else:
            outcome.counts["rating", "kept"] += 1
            outcome.warnings.append(
                Problem(
                    where.file,
                    where.line,
                    f"{name} {year}: the file says {Tier(values['tier']).label}, the rating on "
                    f"record says {Tier(tier).label} (source: {source or 'none given'}); the "
                    "rating on record is kept",
                )
            )
    return writable
