"""Dropped recommendations: asks of a country's previous report year that its next report does
not repeat (no recommendation of that year has carried_over_from = it). Possibly addressed, so
admins review them and record a status.
"""

from urllib.parse import urlencode

import django_filters
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import render
from django.views.decorators.http import require_safe

from recommendations.filters import CountryFilter, YearChoices
from recommendations.models import Recommendation
from recommendations.views.bulk_status import CHANGE_STATUS

PER_PAGE = 50


def dropped_recommendations():
    """Every recommendation the country's next report year on record does not repeat, annotated
    with dropped_in (that year), newest first. One query per use, whatever the data size."""
    listed = Recommendation.objects.in_report()
    next_year = (
        listed.filter(country=OuterRef("country"), year__gt=OuterRef("year"))
        .order_by("year")
        .values("year")[:1]
    )
    repeated = listed.filter(carried_over_from=OuterRef("pk"), year=OuterRef("dropped_in"))
    return (
        listed.with_country()
        .annotate(dropped_in=Subquery(next_year))
        .filter(dropped_in__isnull=False)
        .filter(~Exists(repeated))
        .order_by("-dropped_in", "country__name", "position")
    )


class DroppedFilter(YearChoices, django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        choices=[],
        empty_label="All years",
        label="Dropped from the report of",
        method="dropped_from",
    )
    country = CountryFilter()

    class Meta:
        model = Recommendation
        fields = []

    def dropped_from(self, queryset, name, value):
        # A valid choice is a year; year__lt narrows the rows whose next year is computed.
        year = int(value)
        return queryset.filter(dropped_in=year, year__lt=year)


@permission_required(CHANGE_STATUS, raise_exception=True)
@require_safe
def dropped_list(request):
    filterset = DroppedFilter(request.GET, queryset=dropped_recommendations())
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
