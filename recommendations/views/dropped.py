"""The dropped recommendations page: asks of a country's previous report year that its next
report does not repeat (Recommendation.objects.dropped()). Possibly addressed, so admins review
them and record a status.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.views.decorators.http import require_safe

from recommendations.filters import DroppedFilter
from recommendations.models import Recommendation
from recommendations.views.recommendation_page import CHANGE_STATUS
from tipwatch.core.pagecache import cache_whole_response, render_cached_body
from tipwatch.core.parsing import Paginator

PER_PAGE = 50


@permission_required(CHANGE_STATUS, raise_exception=True)
@require_safe
@cache_whole_response
def dropped_list(request):
    # The same for every user who may see it (admins who record statuses): cached whole.
    return render_cached_body(
        request,
        "recommendations",
        "dropped_list",
        lambda: _dropped_list_context(request),
        params=[*DroppedFilter.base_filters, "page"],
    )


def _dropped_list_context(request):
    """The page's context; with invalid filters, the form and its errors alone (no page)."""
    filterset = DroppedFilter(request.GET, queryset=Recommendation.objects.dropped())
    if not filterset.is_valid():
        return {"filter": filterset, "page": None, "status": 400}
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read here, never from the template
    for rec in page.object_list:
        rec.review_url = review_url(rec)
    return {"filter": filterset, "page": page, "status": 200}


def review_url(rec):
    """The recommendation's status form, its note naming the report that dropped it."""
    note = urlencode({"note": f"Not repeated in the {rec.dropped_in} report."})
    return f"{rec.get_absolute_url()}?{note}#record-status-heading"
