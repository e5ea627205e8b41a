"""The recommendations list: filters, sort, status and pillar shares, and the same rows as CSV
(?format=csv). Its JSON is the API's: ?format=json redirects to /api/v1/recommendations/ with the
same filters, sort and page (the same FilterSet, order and access rules), so a list has one JSON
shape.

Access: every page needs a login through tipwatch.core.middleware.LoginRequiredMiddleware (which
PUBLIC_READ_ONLY may relax for these GET pages), so the views carry no login decorator.
"""

from django.http import HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from recommendations import exports
from recommendations.charts import pillar_open_shares, status_shares, status_totals
from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation
from tipwatch.core.exports import csv_response, dated
from tipwatch.core.pagecache import cache_whole_response, render_cached_parts
from tipwatch.core.parsing import Paginator
from tipwatch.core.sorting import Column, sortable_headers

PER_PAGE = 50
FORMATS = ("html", "csv", "json")


def requested_format(request):
    return request.GET.get("format") or "html"


def bad_filter_response(filterset):
    """Invalid filters of a CSV export: the errors alone, with a 400 (HTML pages show the form)."""
    lines = [f"{field}: {' '.join(errors)}" for field, errors in filterset.form.errors.items()]
    return HttpResponseBadRequest(
        "Fix the filter to export:\n" + "\n".join(lines), content_type="text/plain"
    )


LIST_PARTS = {
    "summary": "recommendations/_recommendation_list_summary.html",
    "results": "recommendations/_recommendation_list_results.html",
}


@require_safe
@cache_whole_response
def recommendation_list(request):
    output = requested_format(request)
    if output not in FORMATS:
        return HttpResponseBadRequest("Unknown format: use csv, json or leave it out.")
    if output == "json":
        return _to_the_api(request)
    template = "recommendations/recommendation_list.html"
    if output == "html":
        # The selection checkboxes show for those who may record a status: a second variant.
        can_select = request.user.has_perm("recommendations.change_status")
        return render_cached_parts(
            request,
            template,
            LIST_PARTS,
            lambda: _recommendation_list_context(request, can_select),
            can_select,
            texts=("total",),
            params=[*RecommendationFilter.base_filters, "page"],
        )
    filterset = _recommendation_filter(request)
    if not filterset.is_valid():
        return bad_filter_response(filterset)
    return csv_response(
        filename=dated("recommendations"),
        header=exports.RECOMMENDATION_HEADER,
        rows=exports.recommendation_rows(filterset.qs),
    )


def _to_the_api(request):
    query = request.GET.copy()
    del query["format"]
    encoded = query.urlencode()
    url = reverse("api:recommendation-list")
    return HttpResponsePermanentRedirect(f"{url}?{encoded}" if encoded else url)


def _recommendation_filter(request):
    return RecommendationFilter(
        request.GET, queryset=Recommendation.objects.with_country().in_list_order()
    )


def _page(request, rows, count=None):
    """The requested page of rows with their themes (one query for the page's); `count`, when
    the caller summed it already, spares the paginator its COUNT query."""
    paginator = Paginator(rows.with_themes(), PER_PAGE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never computed
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read here, never from the template
    return page


def _recommendation_list_context(request, can_select):
    """The list's context; with invalid filters, the form and its errors alone (no page)."""
    filterset = _recommendation_filter(request)
    if not filterset.is_valid():
        return {"filter": filterset, "page": None, "total": "", "status": 400}
    rows = filterset.qs
    # One GROUP BY gives the pillar shares, the status shares and the total.
    counts = rows.pillar_status_counts()
    page = _page(request, rows, count=sum(counts.values()))
    return {
        "filter": filterset,
        "page": page,
        "total": page.paginator.count,
        "composition": status_shares(status_totals(counts)),
        "pillar_shares": pillar_open_shares(counts),
        "columns": sortable_headers(LIST_COLUMNS, request.GET.get("sort")),
        "page_has_synthetic": any(rec.is_synthetic for rec in page),
        "can_select": can_select,
        "status": 200,
    }


LIST_COLUMNS = [
    Column("Country", "country"),
    Column("Year", "year"),
    Column("#", "position"),
    Column("Recommendation"),
    Column("Pillar"),
    Column("Themes"),
    Column("Status", "status"),
]
