"""Chart data as pure functions of plain rows (tested without a database)."""

from recommendations.models import Status


def status_shares(counts):
    """One row per status in order of progress: status, label, count and percent of all.

    counts maps status codes to numbers (missing ones are zero). Percentages are rounded to one
    decimal and are 0 when there is nothing to count.
    """
    total = sum(counts.values())
    rows = []
    for status in Status:
        count = counts.get(status.value, 0)
        percent = round(100 * count / total, 1) if total else 0.0
        rows.append(
            {
                "status": status.value,
                "css": status.value.replace("_", "-"),
                "label": status.label,
                "count": count,
                "percent": percent,
            }
        )
    return rows
