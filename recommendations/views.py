"""Read-only pages of recommendations and their status history.

Access: every page needs a login through tipwatch.middleware.LoginRequiredMiddleware (which
PUBLIC_READ_ONLY may relax for these GET pages), so the views carry no login decorator.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from recommendations import exports
from recommendations.chains import recurrence_chain
from recommendations.charts import pillar_open_shares, status_shares
from recommendations.filters import RecommendationFilter, StatusChangeFilter
from recommendations.links_views import link_editing_context
from recommendations.models import Recommendation, StatusChange
from recommendations.paging import LAST_PAGE_ASKED, page_without_count

PER_PAGE = 50
FORMATS = ("html", "csv", "json")
LARGEST_ID = 2**63 - 1


def _requested_format(request):
    return request.GET.get("format") or "html"


def _bad_filter_response(request, output, filterset, template, context):
    """Invalid filters: the page with its errors (HTML) or the errors alone, with a 400."""
    if output == "json":
        return JsonResponse({"errors": filterset.form.errors.get_json_data()}, status=400)
    if output == "csv":
        lines = [f"{field}: {' '.join(errors)}" for field, errors in filterset.form.errors.items()]
        return HttpResponseBadRequest(
            "Fix the filter to export:\n" + "\n".join(lines), content_type="text/plain"
        )
    return render(request, template, {"filter": filterset, **context}, status=400)


@require_safe
def recommendation_list(request):
    output = _requested_format(request)
    if output not in FORMATS:
        return HttpResponseBadRequest("Unknown format: use csv, json or leave it out.")
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.with_country().in_list_order()
    )
    template = "recommendations/recommendation_list.html"
    if not filterset.is_valid():
        return _bad_filter_response(request, output, filterset, template, {"page": None})
    rows = filterset.qs
    if output == "csv":
        return exports.csv_response(
            "recommendations", exports.RECOMMENDATION_HEADER, exports.recommendation_rows(rows)
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read here, never from the template
    if output == "json":
        return JsonResponse(_recommendations_json(request, page))
    context = {
        "filter": filterset,
        "page": page,
        "composition": status_shares(rows.status_counts()),
        "pillar_shares": pillar_open_shares(rows.pillar_status_counts()),
        "columns": _columns(request.GET.get("sort", "")),
    }
    return render(request, template, context)


LIST_COLUMNS = [
    ("Country", "country"),
    ("Year", "year"),
    ("#", "position"),
    ("Recommendation", None),
    ("Pillar", None),
    ("Status", "status"),
]


def _columns(sort):
    """Header cells: sortable ones link to their sort, reversed when already sorted by it."""
    current = sort.split(",")[0]
    columns = []
    for label, key in LIST_COLUMNS:
        column = {"label": label, "next": None, "direction": None}
        if key:
            column["next"] = f"-{key}" if current == key else key
            if current in (key, f"-{key}"):
                column["direction"] = "descending" if current.startswith("-") else "ascending"
        columns.append(column)
    return columns


def _recommendations_json(request, page):
    def page_url(number):
        return request.build_absolute_uri("?" + _with_page(request, number))

    return {
        "count": page.paginator.count,
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "per_page": PER_PAGE,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "results": [
            {
                "id": rec.pk,
                "url": request.build_absolute_uri(rec.get_absolute_url()),
                "country": {"name": rec.country.name, "iso3": rec.country.iso3},
                "year": rec.year,
                "position": rec.position,
                "text": rec.text,
                "pillar": rec.pillar,
                "status": rec.status,
                "status_as_of": rec.status_as_of.isoformat() if rec.status_as_of else None,
                "recurrence_years": rec.recurrence_years,
                "carried_over_from": rec.carried_over_from_id,
            }
            for rec in page
        ],
    }


def _with_page(request, number):
    query = request.GET.copy()
    query["page"] = number
    return query.urlencode()


@require_safe
def recommendation_detail(request, pk):
    if pk > LARGEST_ID:
        raise Http404("No such recommendation.")
    recommendation = get_object_or_404(Recommendation.objects.with_country(), pk=pk)
    history = list(recommendation.status_changes.timeline())
    chain = recurrence_chain(recommendation.country.recommendations.chain_links(), pk)
    context = {
        "recommendation": recommendation,
        "history": history,
        "chain": chain if len(chain) > 1 else [],
        **link_editing_context(request, recommendation),
    }
    return render(request, "recommendations/recommendation_detail.html", context)


@require_safe
def change_list(request):
    output = _requested_format(request)
    if output not in ("html", "csv"):
        return HttpResponseBadRequest("Unknown format: use csv or leave it out.")
    filterset = StatusChangeFilter(
        request.GET, queryset=StatusChange.objects.with_context().newest_first()
    )
    template = "recommendations/change_list.html"
    if not filterset.is_valid():
        return _bad_filter_response(request, output, filterset, template, {"page": None})
    if output == "csv":
        return exports.csv_response(
            "status-changes", exports.CHANGE_HEADER, exports.change_rows(filterset.qs)
        )
    page = page_without_count(filterset.qs, request.GET.get("page"), PER_PAGE)
    context = {"filter": filterset, "page": page, "last_page": LAST_PAGE_ASKED}
    return render(request, template, context)
