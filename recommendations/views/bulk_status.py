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
from tipwatch.core.submissions import AlreadySubmitted

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
    chosen, count, latest_year = _measured(request, rows)
    if problem := _size_problem(count):
        return _bulk_refused(request, [problem])
    form = BulkStatusForm(
        request.POST if request.method == "POST" else None,
        earliest_year=latest_year,
        selection_count=count,
    )
    if request.method == "POST" and form.is_valid() and _recorded(request, form, chosen):
        back = filter_query(selection)
        return redirect(reverse("recommendations:list") + (f"?{back}" if back else ""))
    context = {
        "form": form,
        "count": count,
        "selection": selection.urlencode(),
        "sample": rows.preview(SAMPLE_SIZE),
        "back_query": filter_query(selection),
    }
    status = 400 if form.errors else 200
    return render(request, "recommendations/bulk_status.html", context, status=status)


def _measured(request, rows):
    """(rows to write or None, how many, their latest report year). A POST reads the very rows
    it will write, so the count checked is the count changed; a GET counts in SQL."""
    if request.method == "POST":
        chosen = list(rows.in_id_order())
        return chosen, len(chosen), max((rec.year for rec in chosen), default=None)
    return (None, *rows.selection_summary())


def _size_problem(count):
    if count == 0:
        return "No recommendation matches this selection."
    if count > BULK_LIMIT:
        return (
            f"{count} recommendations match; one update can change at most {BULK_LIMIT}. "
            "Narrow the filter (a country, a year, a status) and try again."
        )
    return None


def _recorded(request, form, chosen):
    """Record the form's status for every chosen recommendation, or none (the error goes on
    the form); say so in a message. A form submitted before gets a new token, so that
    confirming again is a deliberate new write."""
    try:
        bulk_record_status(recommendations=chosen, user=request.user, **form.service_arguments())
    except ValidationError as error:
        if isinstance(error, AlreadySubmitted):
            form.renew_token()
        form.add_error(None, error)
        return False
    data, count = form.cleaned_data, len(chosen)
    messages.success(
        request,
        f"Recorded “{dict(form.fields['status'].choices)[data['status']]}” as of "
        f"{data['as_of']:%-d %B %Y} for {count} recommendation{'s' * (count != 1)}.",
    )
    return True


def _bulk_refused(request, problems):
    return render(
        request,
        "recommendations/bulk_status.html",
        {"problems": problems, "back_query": ""},
        status=400,
    )
