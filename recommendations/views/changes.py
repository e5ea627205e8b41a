"""Every status change, newest first (/changes/), filterable, as a page or CSV."""

from django.http import HttpResponseBadRequest
from django.views.decorators.http import require_safe

from recommendations import exports
from recommendations.filters import StatusChangeFilter
from recommendations.models import StatusChange
from recommendations.paging import LAST_PAGE_ASKED, page_without_count
from recommendations.views.recommendation_list import (
    PER_PAGE,
    bad_filter_response,
    requested_format,
)
from tipwatch.core.exports import csv_response, dated
from tipwatch.core.pagecache import cache_whole_response, render_cached_parts
from tipwatch.core.people import names_shown


@require_safe
@cache_whole_response
def change_list(request):
    output = requested_format(request)
    if output not in ("html", "csv"):
        return HttpResponseBadRequest("Unknown format: use csv or leave it out.")
    filterset = StatusChangeFilter(
        request.GET, queryset=StatusChange.objects.with_context().newest_first(), request=request
    )
    template = "recommendations/change_list.html"
    if output == "html":
        return render_cached_parts(
            request,
            template,
            {"body": "recommendations/_change_list_body.html"},
            lambda: _change_list_context(request, filterset),
            params=[*StatusChangeFilter.base_filters, "page"],
        )
    if not filterset.is_valid():
        return bad_filter_response(filterset)
    rows = exports.change_rows(filterset.qs, names_shown=names_shown(request))
    return csv_response(filename=dated("status-changes"), header=exports.CHANGE_HEADER, rows=rows)


def _change_list_context(request, filterset):
    if not filterset.is_valid():
        return {"filter": filterset, "page": None, "status": 400}
    page = page_without_count(filterset.qs, request.GET.get("page"), PER_PAGE)
    return {"filter": filterset, "page": page, "last_page": LAST_PAGE_ASKED, "status": 200}
