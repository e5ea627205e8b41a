"""The one CSV writer of every export: cells a spreadsheet would run as formulas are
neutralised, and big exports stream row by row so that memory stays flat.

    csv_response(filename=..., header=[...], rows=iterator)          # any size, streamed
    csv_response(filename=..., header=[...], rows=list, stream=False)  # small, in one piece
    csv_response(filename=dated("recommendations"), ...)               # recommendations-DATE.csv
"""

import csv

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone

# A spreadsheet runs a cell starting with one of these as a formula; imported text is not ours
# to run, so such cells get a leading apostrophe (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "text/csv; charset=utf-8"


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def _lines(header, rows):
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def dated(name):
    """A download's file name with today's date: name-2026-12-06.csv."""
    return f"{name}-{timezone.localdate():%Y-%m-%d}.csv"


def csv_response(*, filename, header, rows, stream=True):
    """A CSV download of header and rows (tuples), every cell neutralised. Streamed unless
    stream=False (for small exports, whose queries then run before the response returns)."""
    if stream:
        response = StreamingHttpResponse(_lines(header, rows), content_type=CONTENT_TYPE)
    else:
        response = HttpResponse("".join(_lines(header, rows)), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def chart_csv_response(request, charts, *, name):
    """The CSV of the numbers of one chart of a page, named by ?chart=: `charts` maps each
    chart's name to a function returning (header, rows) from the page's own tables, so the file
    holds what the page shows for the same filters. A 400 naming the charts when ?chart= names
    none of them."""
    chart = request.GET.get("chart", "")
    if chart not in charts:
        return HttpResponseBadRequest(
            f"Name the chart whose numbers you want: chart= one of {', '.join(charts)}.",
            content_type="text/plain; charset=utf-8",
        )
    header, rows = charts[chart]()
    return csv_response(filename=f"{name}-{chart}.csv", header=header, rows=rows, stream=False)
