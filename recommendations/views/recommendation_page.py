"""A recommendation's page and the forms on it: record a status (admins who record statuses),
correct what it is carried over from, the pillar and the themes (admins who change recommendations).

Every write goes through recommendations.services. A refused status re-renders the page with
the form and its messages; a refused carried-over change or pillar shows what was wrong; both
with HTTP 400.
A success redirects to the page with a message (POST, redirect, GET).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST, require_safe

from recommendations.forms import StatusForm
from recommendations.models import Pillar, Recommendation, Theme
from recommendations.recurrence import recurrence_chain
from recommendations.services import (
    AlreadyRecorded,
    StaleStatusError,
    change_carried_over,
    correct_themes,
    record_status,
    set_pillar,
)
from tipwatch.core.pagecache import cache_whole_response, render_cached_parts
from tipwatch.core.parsing import LARGEST_ID, parse_id
from tipwatch.core.refused import refused
from tipwatch.core.submissions import AlreadySubmitted

CHANGE_STATUS = "recommendations.change_status"
CHANGE_RECOMMENDATION = "recommendations.change_recommendation"

DETAIL_PARTS = {
    "top": "recommendations/_recommendation_detail_top.html",
    "history": "recommendations/_recommendation_detail_history.html",
}


def _recommendation(pk):
    if pk > LARGEST_ID:
        raise Http404("No such recommendation.")
    return get_object_or_404(Recommendation.objects.with_country(), pk=pk)


@require_safe
@cache_whole_response
def recommendation_detail(request, pk):
    return _page(request, _recommendation(pk))


def _page(request, recommendation, status_form=None):
    """The page; status_form is a refused submission to show in place of a fresh form.

    With the status form, the page is never kept whole in the cache (its parts are): the
    form's one-time token must be new on every render."""
    response = render_cached_parts(
        request,
        "recommendations/recommendation_detail.html",
        DETAIL_PARTS,
        lambda: _detail_context(recommendation),
        scope=recommendation.country,
        recommendation=recommendation,
        status_form=status_form,
        **_editing_context(request, recommendation),
    )
    if request.user.has_perm(CHANGE_STATUS):
        response.whole_page_cacheable = False
    return response


def _detail_context(recommendation):
    chain = recurrence_chain(
        recommendation.country.recommendations.recurrence_rows(), recommendation.pk
    )
    return {
        "recommendation": recommendation,
        "themes": list(recommendation.themes.in_order()),
        "theme_corrections": list(recommendation.theme_corrections.with_context()),
        "history": list(recommendation.status_changes.timeline()),
        "chain": chain if len(chain) > 1 else [],
        "similar_countries": Recommendation.objects.in_report().similar_countries(recommendation),
    }


def _editing_context(request, recommendation):
    """What the carried-over, pillar and theme forms need, for users who may use them (three
    queries: the carried-over candidates, every theme, the recommendation's themes), else {}."""
    if not request.user.has_perm(CHANGE_RECOMMENDATION):
        return {}
    candidates = Recommendation.objects.carried_over_candidates(recommendation)
    return {
        "carried_over_candidates": list(candidates),
        "pillars": Pillar.choices,
        "all_themes": list(Theme.objects.in_order()),
        "theme_ids": set(recommendation.themes.values_list("pk", flat=True)),
    }


@permission_required(CHANGE_STATUS, raise_exception=True)
@require_POST
def record_status_view(request, pk):
    recommendation = _recommendation(pk)
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
        except (AlreadySubmitted, AlreadyRecorded) as done:
            recommendation.refresh_from_db(fields=["status", "status_as_of", "status_version"])
            form.refuse_as_done(done)
        else:
            messages.success(
                request,
                f"Recorded “{change.get_status_display()}” as of {change.as_of:%-d %B %Y}.",
            )
            return redirect(recommendation)
    response = _page(request, recommendation, status_form=form)
    response.status_code = 400
    return response


def _refused(request, recommendation, title, problem):
    return refused(request, title=title, problem=problem, back=recommendation)


@permission_required(CHANGE_RECOMMENDATION, raise_exception=True)
@require_POST
def carried_over(request, pk):
    recommendation = _recommendation(pk)
    action, target_id = request.POST.get("action", ""), request.POST.get("target", "")
    target = None
    if action == "set":
        try:
            target_pk = parse_id(target_id)
        except ValueError:
            problem = "Choose the earlier recommendation this one repeats."
            return _refused(request, recommendation, "Carried over from not changed", problem)
        target = Recommendation.objects.find(target_pk)
        if target is None:
            problem = f"There is no recommendation #{target_id}."
            return _refused(request, recommendation, "Carried over from not changed", problem)
    try:
        change_carried_over(recommendation=recommendation, action=action, target=target)
    except ValidationError as error:
        return _refused(
            request, recommendation, "Carried over from not changed", " ".join(error.messages)
        )
    done = {
        "confirm": "Confirmed what it is carried over from",
        "set": f"Now carried over from {target}",
        "remove": "Now carried over from nothing",
    }[action]
    messages.success(request, f"{done}; imports will keep it.")
    return redirect(recommendation)


@permission_required(CHANGE_RECOMMENDATION, raise_exception=True)
@require_POST
def pillar(request, pk):
    recommendation = _recommendation(pk)
    try:
        set_pillar(recommendation=recommendation, pillar=request.POST.get("pillar", ""))
    except ValidationError as error:
        return _refused(request, recommendation, "Pillar not changed", " ".join(error.messages))
    messages.success(request, f"Pillar set to {recommendation.get_pillar_display()}.")
    return redirect(recommendation)


@permission_required(CHANGE_RECOMMENDATION, raise_exception=True)
@require_POST
def themes(request, pk):
    """An admin's themes for the recommendation: the ticked ones (`theme`, slugs); what differs
    from its themes is recorded as corrections, and the rules leave it alone from then on."""
    recommendation = _recommendation(pk)
    ticked = set(request.POST.getlist("theme"))
    has = set(recommendation.themes.values_list("slug", flat=True))
    try:
        made = correct_themes(
            recommendation=recommendation,
            add=sorted(ticked - has),
            remove=sorted(has - ticked),
            user=request.user,
        )
    except ValidationError as error:
        return _refused(request, recommendation, "Themes not changed", " ".join(error.messages))
    messages.success(
        request,
        f"Themes corrected ({len(made)} change{'s' if len(made) != 1 else ''}); "
        "the theme rules will leave them as they are.",
    )
    return redirect(recommendation)
