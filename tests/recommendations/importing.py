"""Running import_report in tests: its output, a run that must fail, what it wrote."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from countries.models import TierRating
from recommendations.models import Recommendation


def import_report(*paths, **options):
    """Run the command; return (stdout, stderr)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_report", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def failing_import(*paths, **options):
    """Run a command that must fail; return its stderr lines."""
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_report", *map(str, paths), stdout=StringIO(), stderr=err, quiet=True, **options
        )
    return err.getvalue().splitlines()


def snapshot():
    return (
        list(TierRating.objects.order_by("pk").values_list("pk", "country_id", "year", "tier")),
        list(Recommendation.objects.order_by("pk").values_list("pk", "year", "position", "text")),
    )
