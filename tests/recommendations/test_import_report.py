"""import_report: acceptance on the seed, every layout, idempotency, atomicity, bad input,
re-import that keeps status history, and the import log."""

import shutil

import pytest
from django.core.management.base import CommandError

from countries.models import Country, TierRating
from countries.tiers import Movement, Tier
from recommendations.models import Recommendation, StatusChange
from tests.factories import get_country, make_status, make_user
from tests.recommendations.chapter_files import SEED, fixture
from tests.recommendations.importing import failing_import, import_report, snapshot
from tipwatch.core.models import ImportRun

pytestmark = pytest.mark.django_db


def test_seed_acceptance():
    out, err = import_report(SEED)
    norway = get_country("NOR")
    rating = TierRating.objects.get(country=norway, year=2023)
    assert rating.tier == Tier.TIER_2
    assert rating.get_tier_display() == "Tier 2"
    assert rating.summary.startswith("The Government of Norway does not fully meet")
    assert rating.summary.endswith("leaving them vulnerable to re-victimization.")
    assert rating.source == "NOR_2023.txt"
    recs = list(Recommendation.objects.filter(country=norway, year=2023).order_by("position"))
    assert [rec.position for rec in recs] == list(range(1, 11))
    assert recs[0].text.startswith(
        "Expand efforts to investigate, prosecute, and convict traffickers"
    )
    assert recs[-1].text.startswith("Develop an updated NAP")
    assert all("\n" not in rec.text for rec in recs)
    assert "tier ratings: 1 created; recommendations: 10 created" in out
    assert err == ""


def test_second_run_changes_nothing():
    import_report(SEED, fixture("nor_2022_title_bullets.txt"))
    before = snapshot()
    out, _ = import_report(SEED, fixture("nor_2022_title_bullets.txt"))
    assert snapshot() == before
    assert "tier ratings: 2 unchanged; recommendations: 14 unchanged" in out
    last = ImportRun.objects.first()
    assert (last.created, last.updated, last.unchanged, last.succeeded) == (0, 0, 16, True)


@pytest.mark.parametrize(
    "name, iso3, year, tier, count",
    [
        ("nor_2022_title_bullets.txt", "NOR", 2022, Tier.TIER_2, 4),
        ("nor_2019_bullets_one_line.txt", "NOR", 2019, Tier.WATCH_LIST, 3),
        ("nor_2020_watch_list_dashes.txt", "NOR", 2020, Tier.WATCH_LIST, 3),
        ("mys_2018_stars_one_line.txt", "MYS", 2018, Tier.WATCH_LIST, 3),
        ("blr_2021_tier_alone.txt", "BLR", 2021, Tier.TIER_3, 2),
        ("lby_2019_special_case.txt", "LBY", 2019, Tier.SPECIAL_CASE, 0),
        ("lby_2020_parens_special_case.txt", "LBY", 2020, Tier.SPECIAL_CASE, 0),
    ],
)
def test_every_layout_imports(name, iso3, year, tier, count):
    import_report(fixture(name))
    country = get_country(iso3)
    assert TierRating.objects.get(country=country, year=year).tier == tier
    assert Recommendation.objects.filter(country=country, year=year).count() == count


def test_year_option_for_chapters_without_one():
    lines = failing_import(fixture("nor_2016_colon_semicolons.txt"))
    assert lines == [
        f"{fixture('nor_2016_colon_semicolons.txt')}:1: the text states no report year; "
        "give one with --year YEAR"
    ]
    import_report(fixture("nor_2016_colon_semicolons.txt"), year=2016)
    assert Recommendation.objects.filter(year=2016).count() == 4


def test_the_text_year_wins_over_the_option_with_a_warning():
    _, err = import_report(SEED, year=2020)
    assert TierRating.objects.filter(year=2023).exists()
    assert not TierRating.objects.filter(year=2020).exists()
    assert f"{SEED}:3: warning: the text states 2023; --year 2020 is ignored" in err


def test_no_recommendations_section_keeps_tier_and_summary_with_a_warning():
    _, err = import_report(fixture("nor_2015_no_heading.txt"), year=2015)
    rating = TierRating.objects.get(year=2015)
    assert rating.tier == Tier.TIER_1
    assert rating.summary.startswith("The Government of Norway fully meets")
    assert not Recommendation.objects.filter(year=2015).exists()
    assert (
        f"{fixture('nor_2015_no_heading.txt')}:1: warning: Norway 2015: no recommendations "
        "section found" in err
    )
    assert ImportRun.objects.get().warnings == [
        f"{fixture('nor_2015_no_heading.txt')}:1: Norway 2015: no recommendations section found"
    ]


def test_a_chapter_without_the_section_leaves_recommendations_on_record_alone(tmp_path):
    import_report(fixture("nor_2016_colon_semicolons.txt"), year=2016)
    ids = set(Recommendation.objects.values_list("pk", flat=True))
    no_heading = tmp_path / "NOR_2016.txt"
    no_heading.write_text(
        fixture("nor_2016_colon_semicolons.txt")
        .read_text(encoding="utf-8")
        .replace("RECOMMENDATIONS FOR NORWAY:", ""),
        encoding="utf-8",
    )
    out, err = import_report(no_heading, year=2016)
    assert set(Recommendation.objects.values_list("pk", flat=True)) == ids
    assert "no recommendations section found" in err
    assert "recommendations: 4 unchanged" in out


def test_derived_tier_facts_are_refreshed():
    import_report(fixture("nor_2022_title_bullets.txt"), SEED)
    rating = TierRating.objects.get(country__iso3="NOR", year=2023)
    assert (rating.movement, rating.previous_tier) == (Movement.SAME, Tier.TIER_2)


@pytest.fixture
def bad_files(tmp_path):
    files = {
        "empty.txt": b"",
        "blank.txt": b"\n  \n",
        "binary.txt": b"NORWAY (Tier 2)\n\x00\x01\x02",
        "latin1.txt": "NORWAY (Tier 2)\n\nThe Government of Norway fait ça.\n".encode("latin-1"),
        "nowhere.txt": b"ATLANTIS (Tier 1) Extracted in part from the 2023 TIP Report\n",
        "no_tier.txt": b"Norway\n\nThe Government of Norway does not fully meet the standards.\n",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


@pytest.mark.parametrize(
    "name, message",
    [
        ("empty.txt", "empty.txt:1: the file is empty"),
        ("blank.txt", "blank.txt:1: the file is empty"),
        ("binary.txt", "binary.txt:2: a binary file, not text"),
        ("latin1.txt", "latin1.txt:3: not UTF-8 text (byte 0xe7); save it as UTF-8"),
        (
            "nowhere.txt",
            "nowhere.txt:1: unknown country 'ATLANTIS' (add the spelling to the aliases in "
            "countries/catalogue.py)",
        ),
        ("no_tier.txt", "no_tier.txt:1: no tier line found"),
    ],
)
def test_bad_input_says_file_line_and_why(bad_files, name, message):
    errors = [
        line for line in failing_import(bad_files / name, year=2023) if "warning:" not in line
    ]
    assert len(errors) == 1
    assert errors[0].startswith(f"{bad_files}/{message}")


def test_two_chapters_for_the_same_country_and_year(tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED, copy)
    lines = failing_import(SEED, copy)
    assert lines == [
        f"{copy}:3: a second chapter for Norway 2023 in this run (the first is {SEED}:3)"
    ]


def test_a_bad_file_among_good_ones_writes_nothing(bad_files):
    before = snapshot()
    lines = failing_import(
        SEED,
        bad_files / "empty.txt",
        fixture("nor_2022_title_bullets.txt"),
        bad_files / "no_tier.txt",
    )
    assert len(lines) == 2  # every problem is reported, not only the first
    assert snapshot() == before
    run = ImportRun.objects.get()  # kept although the run's writes were rolled back
    assert run.succeeded is False
    assert run.files == ["NOR_2023.txt", "empty.txt", "nor_2022_title_bullets.txt", "no_tier.txt"]
    assert len(run.errors) == 2 and run.errors[0].endswith("empty.txt:1: the file is empty")


def test_the_command_exits_non_zero_without_a_traceback(bad_files):
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "import_report", str(bad_files / "empty.txt"), "--year=abc"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "--year must be a whole number written in digits 0-9, not 'abc'" in result.stderr


def test_implausible_year_option():
    with pytest.raises(CommandError, match="--year must be between 2001 and 2100, not 1850"):
        import_report(SEED, year=1850)


def test_import_log_names_the_user():
    admin = make_user(username="editor")
    import_report(SEED, user="editor")
    run = ImportRun.objects.get()
    assert (run.command, run.run_by, run.invoked_as) == ("import_report", admin, "command line")
    assert (run.created, run.updated, run.unchanged) == (11, 0, 0)
    assert run.finished_at >= run.started_at
    with pytest.raises(CommandError, match="unknown user 'nobody'"):
        import_report(SEED, user="nobody")


def test_progress_bar_for_many_files_on_stderr_only_without_quiet():
    files = [SEED, fixture("nor_2022_title_bullets.txt")]
    _, err = import_report(*files)
    assert "2/2" in err
    out, err = import_report(*files, quiet=True)
    assert (out, err) == ("", "")


def seed_layout_chapters(directory, countries, year):
    """One chapter per country in the seed's layout, with five recommendations each."""
    paths = []
    for country in countries:
        recs = "\n\n".join(
            f"Ask number {n} of {country.name} in {year}: train {n} more labor inspectors."
            for n in range(1, 6)
        )
        path = directory / f"{country.iso3}_{year}.txt"
        path.write_text(
            f"{country.name.upper()} (Tier 2) Extracted in part from the U.S. State Dept {year} "
            f"TIP Report\n\nThe Government of {country.name} does not fully meet the minimum "
            f"standards.\n\nPrioritized Recommendations\n\n{recs}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.mark.parametrize("size", [2, 8])
def test_queries_per_run_do_not_grow_with_the_number_of_chapters(
    tmp_path, size, django_assert_num_queries
):
    countries = list(Country.objects.existing_in(2022).order_by("iso3")[:size])
    import_report(*seed_layout_chapters(tmp_path, countries, 2022), quiet=True)
    chapters = seed_layout_chapters(tmp_path, countries, 2023)
    # countries; 2 savepoints (the import run, its page-cache write); recommendations (with
    # history flags); the ratings on record (the chapters' tiers are checked against them);
    # ratings; insert ratings; insert recommendations; their themes by the rules (the themes'
    # ids, the chapters' recommendations, which of them an admin corrected, their stored
    # themes, insert the new ones); years on record; link candidates;
    # update links; the countries' rows for chain lengths and what the next year dropped (one
    # read); update chain lengths (one per length: all 2 here; nothing dropped, every 2022 ask is
    # repeated); savepoint, ratings, update derived facts, release; the wording groups from
    # 2023 on (savepoint, the asks, the 2022 groups' first wordings, one update per grown group,
    # release); lock the countries' rows in id order and bump their cache versions (page
    # cache); rebuild their status tally (delete, monthly steps, recommendations per year,
    # their first month, yearly rows); each ask's next-report group and status at the next
    # cut-off (ratings, status history, asks, one update per new value: the 2022 asks, now
    # followed by a 2023 rating); 2 savepoint releases; the ImportRun row; the last release.
    with django_assert_num_queries(41):
        import_report(*chapters, quiet=True)
    assert (
        Recommendation.objects.filter(year=2023, carried_over_from__year=2022).count() == 5 * size
    )


# Re-import after the chapter changed ----------------------------------------------------------


def edited_seed(tmp_path, edit):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "NOR_2023.txt"
    path.write_text("\n".join(edit(lines)), encoding="utf-8")
    return path


def test_reimport_keeps_ids_and_history_and_moves_positions(tmp_path):
    import_report(SEED)
    recs = list(Recommendation.objects.order_by("position"))
    first, second, third = recs[0], recs[1], recs[2]
    make_status(second, "in_progress")
    make_status(third, "partial")

    def edit(lines):
        # Drop the first two recommendations, reword the third slightly, add one at the top.
        lines[8] = "Prosecute officials complicit in trafficking."
        lines[10] = ""
        lines[12] = lines[12].replace("collecting and collating", "collecting and collating all")
        return lines

    # Rewording and removing rows on record is an overwrite: confirmed.
    _, err = import_report(edited_seed(tmp_path, edit), overwrite=True)
    now = {rec.pk: rec for rec in Recommendation.objects.all()}
    # No history: deleted. With history: kept, after the chapter's list, marked removed.
    assert first.pk not in now
    assert now[second.pk].removed_from_report is True
    assert now[second.pk].position == 10  # 9 recommendations in the chapter, then the kept one
    assert now[second.pk].status == "in_progress"
    # Slightly reworded: same row, new wording, history intact, new position.
    assert now[third.pk].position == 2
    assert "collecting and collating all data" in now[third.pk].text
    assert StatusChange.objects.filter(recommendation_id=third.pk).count() == 1
    assert now[third.pk].removed_from_report is False
    in_report = Recommendation.objects.in_report().order_by("position")
    assert [r.position for r in in_report] == list(range(1, 10))
    assert in_report[0].text == "Prosecute officials complicit in trafficking."
    assert "is no longer in the chapter; kept for its status history" in err
    assert "had no status history; deleted" in err
    assert "reworded slightly" in err


def test_reimport_of_the_original_restores_a_removed_recommendation(tmp_path):
    import_report(SEED)
    second = Recommendation.objects.get(position=2)
    make_status(second, "no_progress")

    def drop_second(lines):
        lines[10] = ""
        return lines

    import_report(edited_seed(tmp_path, drop_second), overwrite=True)
    assert Recommendation.objects.get(pk=second.pk).removed_from_report is True
    import_report(SEED)
    second.refresh_from_db()
    assert (second.position, second.removed_from_report, second.status) == (2, False, "no_progress")
    assert Recommendation.objects.count() == 10


def test_reordered_chapter_renumbers_without_breaking_uniqueness(tmp_path):
    import_report(SEED)
    ids = list(Recommendation.objects.order_by("position").values_list("pk", flat=True))

    def reverse(lines):
        recs = [lines[i] for i in range(8, 27, 2)]
        for offset, text in enumerate(reversed(recs)):
            lines[8 + 2 * offset] = text
        return lines

    out, _ = import_report(edited_seed(tmp_path, reverse))
    assert (
        list(Recommendation.objects.order_by("position").values_list("pk", flat=True)) == ids[::-1]
    )
    assert "recommendations: 10 updated" in out


def test_chapters_accept_names_through_time_and_refuse_years_a_country_did_not_exist(tmp_path):
    chapter = "{name}\nTier 2\n\nThe Government of {name} does not fully meet the standards.\n"
    union = tmp_path / "scg.txt"
    union.write_text(chapter.format(name="SERBIA AND MONTENEGRO"), encoding="utf-8")
    import_report(union, year=2005, quiet=True)
    assert TierRating.objects.get(year=2005).country.iso3 == "SCG"
    assert failing_import(union, year=2008)[-1:] == [
        f"{union}:1: Serbia and Montenegro did not exist in the 2008 report (report years "
        "2003–2006)"
    ]
