"""Review reminders: open recommendations whose current status is older than REVIEW_AFTER_DAYS
(Recommendation.objects.due_for_review), for those who record statuses."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recommendations.filters import DueFilter
from recommendations.models import Recommendation, report_published
from recommendations.views.recommendation_page import CHANGE_STATUS
from tipwatch.core.parsing import Paginator

PER_PAGE = 50


@permission_required(CHANGE_STATUS, raise_exception=True)
@require_safe
def due_list(request):
    today = timezone.localdate()
    filterset = DueFilter(
        request.GET, queryset=Recommendation.objects.due_for_review(today).with_country()
    )
    page = None
    if filterset.is_valid():
        page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)  # read here, never from the template
        for rec in page.object_list:
            rec.reviewed_from = rec.status_as_of or report_published(rec.year)
            rec.age_days = (today - rec.reviewed_from).days
    context = {"filter": filterset, "page": page, "days": settings.REVIEW_AFTER_DAYS}
    return render(request, "recommendations/due_list.html", context, status=200 if page else 400)
