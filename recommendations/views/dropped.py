"""The dropped recommendations page: asks of a country's previous report year that its next
report does not repeat (Recommendation.objects.dropped()). Possibly addressed, so admins review
them and record a status.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from recommendations.filters import DroppedFilter
from recommendations.models import Recommendation
from recommendations.views.recommendation_page import CHANGE_STATUS

PER_PAGE = 50


@permission_required(CHANGE_STATUS, raise_exception=True)
@require_safe
def dropped_list(request):
    filterset = DroppedFilter(request.GET, queryset=Recommendation.objects.dropped())
    page = None
    if filterset.is_valid():
        page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)  # read here, never from the template
        for rec in page.object_list:
            rec.review_url = review_url(rec)
    status = 200 if page is not None else 400
    context = {"filter": filterset, "page": page}
    return render(request, "recommendations/dropped_list.html", context, status=status)


def review_url(rec):
    """The recommendation's status form, its note naming the report that dropped it."""
    note = urlencode({"note": f"Not repeated in the {rec.dropped_in} report."})
    return f"{rec.get_absolute_url()}?{note}#record-status-heading"
