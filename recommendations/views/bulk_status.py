"""Views that record statuses: one recommendation from its page, or many at once.

Both write through recommendations.services only. Errors re-render the page with the form and
its messages, with HTTP 400; a success redirects with a message (POST, redirect, GET).
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from recommendations.forms import BulkStatusForm, StatusForm
from recommendations.models import Recommendation
from recommendations.selection import BULK_LIMIT, filter_query, selected_recommendations
from recommendations.services import StaleStatusError, bulk_record_status, record_status
from recommendations.views import recommendation_list as views

CHANGE_STATUS = "recommendations.change_status"


@permission_required(CHANGE_STATUS, raise_exception=True)
@require_POST
def record_status_view(request, pk):
    recommendation = get_object_or_404(Recommendation, pk=pk)
    form = StatusForm(request.POST, recommendation=recommendation)
    if form.is_valid():
        try:
            change = record_status(
                recommendation=recommendation,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except StaleStatusError as stale:
            recommendation.refresh_from_db(fields=["status", "status_as_of", "status_version"])
            form.refuse_as_stale(stale)
        else:
            messages.success(
                request,
                f"Recorded “{change.get_status_display()}” as of {change.as_of:%-d %B %Y}.",
            )
            return redirect(recommendation)
    return _recommendation_page_with_form(request, pk, form)


def _recommendation_page_with_form(request, pk, form):
    """The recommendation page exactly as a GET shows it, with this bound form in it.

    The page's own view builds its context; the status form partial picks the form up from
    request.status_form (see templatetags/status_editing.py).
    """
    page_request = copy.copy(request)
    page_request.method = "GET"
    page_request.status_form = form
    response = views.recommendation_detail(page_request, pk)
    response.status_code = 400
    return response


@permission_required(CHANGE_STATUS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def bulk_status(request):
    """GET: confirm how many will change, with the form. POST: record them all, or none."""
    # The selection travels as the list's query string: in the URL, then in a hidden field.
    selection = request.GET if request.method == "GET" else QueryDict(request.POST.get("selection"))
    try:
        rows = selected_recommendations(selection)
    except ValidationError as error:
        return _bulk_refused(request, error.messages)

    if request.method == "POST":
        # The very rows that will be written, so the count checked is the count changed.
        chosen = list(rows.order_by("pk"))
        count = len(chosen)
        latest_year = max((rec.year for rec in chosen), default=None)
    else:
        summary = rows.aggregate(count=Count("pk"), latest_year=Max("year"))
        count, latest_year = summary["count"], summary["latest_year"]
    if count == 0:
        return _bulk_refused(request, ["No recommendation matches this selection."])
    if count > BULK_LIMIT:
        return _bulk_refused(
            request,
            [
                f"{count} recommendations match; one update can change at most {BULK_LIMIT}. "
                "Narrow the filter (a country, a year, a status) and try again."
            ],
        )

    form = BulkStatusForm(
        request.POST if request.method == "POST" else None,
        earliest_year=latest_year,
        selection_count=count,
    )
    if request.method == "POST" and form.is_valid():
        try:
            bulk_record_status(
                recommendations=chosen, user=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            data = form.cleaned_data
            messages.success(
                request,
                f"Recorded “{dict(form.fields['status'].choices)[data['status']]}” as of "
                f"{data['as_of']:%-d %B %Y} for {count} recommendation{'s' * (count != 1)}.",
            )
            back = filter_query(selection)
            return redirect(reverse("recommendations:list") + (f"?{back}" if back else ""))

    context = {
        "form": form,
        "count": count,
        "selection": selection.urlencode(),
        "sample": rows.with_country().order_by("-year", "country__name", "position")[:20],
        "back_query": filter_query(selection),
    }
    return render(
        request,
        "recommendations/bulk_status.html",
        context,
        status=400 if form.errors else 200,
    )


def _bulk_refused(request, problems):
    return render(
        request,
        "recommendations/bulk_status.html",
        {"problems": problems, "back_query": ""},
        status=400,
    )
