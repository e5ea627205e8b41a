"""The one CSV writer (tipwatch/core/exports.py): cells, no database."""

import pytest

from tipwatch.core.exports import safe_cell


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Train judges.", "Train judges."),
        (-3, -3),
        (None, None),
    ],
)
def test_safe_cell_neutralises_spreadsheet_formulas(value, expected):
    assert safe_cell(value) == expected
