"""Record one status for many recommendations at once: the ticked rows of the list, or all
that match its filter, after a confirmation page; all or nothing.

Writes through recommendations.services only. Errors re-render the page with the form and
its messages, with HTTP 400; a success redirects to the list with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recommendations.forms import BulkStatusForm
from recommendations.selection import BULK_LIMIT, filter_query, selected_recommendations
from recommendations.services import bulk_record_status
from recommendations.views.recommendation_page import CHANGE_STATUS

# How many of the selected recommendations the confirmation page lists.
SAMPLE_SIZE = 20


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
        chosen = list(rows.in_id_order())
        count = len(chosen)
        latest_year = max((rec.year for rec in chosen), default=None)
    else:
        count, latest_year = rows.selection_summary()
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
        "sample": rows.preview(SAMPLE_SIZE),
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
