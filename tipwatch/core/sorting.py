"""The header cells of a sortable table: which column the list is sorted by, in which direction,
and the sort each header's link sets. One helper for every list page; the cells are drawn by
templates/partials/_sortable_headers.html."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A column of a table: its header text and the sort key its link sets (None: no link)."""

    label: str
    key: str | None = None


def sortable_headers(columns, sort):
    """For each Column, a header cell: its label, `next` (the sort its link sets, reversed when
    the list is already sorted by it; None when the column is not sortable) and `direction`
    ("ascending", "descending" or None: aria-sort, from the first key of `sort`)."""
    current = (sort or "").split(",")[0]
    cells = []
    for column in columns:
        cell = {"label": column.label, "next": None, "direction": None}
        if column.key:
            cell["next"] = f"-{column.key}" if current == column.key else column.key
            if current == column.key:
                cell["direction"] = "ascending"
            elif current == f"-{column.key}":
                cell["direction"] = "descending"
        cells.append(cell)
    return cells
