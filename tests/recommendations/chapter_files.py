"""Paths of the chapter files the import tests read, and running import_report on them."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "chapters"
SEED = ROOT / "data" / "chapters" / "NOR_2023.txt"


def fixture(name):
    return FIXTURES / name


def import_report(*paths, **options):
    """Run the command; return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command("import_report", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def failing_import(*paths, **options):
    """Run a command that must fail; return its stderr lines."""
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_report", *map(str, paths), stdout=StringIO(), stderr=err, quiet=True, **options
        )
    return err.getvalue().splitlines()
