"""What the import commands print: one progress bar however deep the output is wrapped (a
command calling another, as load_initial_data does), a rate only when it says something, and
the chapters imported named in the summary."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper

from tests.recommendations.chapter_files import SEED, fixture
from tipwatch.core.import_command import ImportCommand
from tipwatch.core.importlog import ImportOutcome

pytestmark = pytest.mark.django_db


def test_one_progress_bar_through_nested_output_wrappers():
    buffer = StringIO()
    # load_initial_data passes its own stderr (a wrapper) on to import_report, which wraps it
    # again: the bar must reach the stream itself, updated in place on one line.
    call_command(
        "import_report",
        str(SEED),
        str(fixture("nor_2022_title_bullets.txt")),
        stdout=StringIO(),
        stderr=OutputWrapper(buffer),
    )
    bar = buffer.getvalue()
    assert "2/2" in bar
    assert bar.count("\n") == 1  # one line, closed once: not a line per update
    assert "\x1b[" not in bar  # no colour codes from Django's error style


def test_summary_names_the_chapters_and_gives_no_rate_under_one_a_second():
    outcome = ImportOutcome(imported=["Norway 2023"])
    outcome.counts["rating", "updated"] += 1
    summary = ImportCommand().summary(["NOR_2023.txt"], outcome, seconds=4.0)
    assert summary == (
        "Imported 1 file(s) (Norway 2023) in 4.00 s: tier ratings: 1 updated; 0 warning(s)."
    )
    many = ImportOutcome(imported=[f"Country {n} 2023" for n in range(7)])
    summary = ImportCommand().summary(["report.pdf"] * 4, many, seconds=2.0)
    assert summary.startswith(
        "Imported 4 file(s) (Country 0 2023, Country 1 2023, Country 2 2023, Country 3 2023, "
        "Country 4 2023 and 2 more) in 2.00 s, 2 files/s:"
    )
