from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from recommendations.models import Recommendation


def recommendation_list(request):
    rows = Recommendation.objects.with_country().order_by("-year", "country__name", "position")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "recommendations/recommendation_list.html", {"page": page})


def recommendation_detail(request, pk):
    recommendation = get_object_or_404(Recommendation.objects.with_country(), pk=pk)
    history = recommendation.status_changes.select_related("recorded_by").order_by("-as_of", "-id")
    return render(
        request,
        "recommendations/recommendation_detail.html",
        {"recommendation": recommendation, "history": history},
    )
