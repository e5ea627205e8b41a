"""Admins correct a recommendation's recurrence link and its pillar from its page.

Both write through recommendations.services. Bad input is refused with HTTP 400 and a message
saying what was wrong; a success redirects to the page with a message (POST, redirect, GET).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from recommendations.models import Pillar, Recommendation
from recommendations.services import change_link, link_candidates, set_pillar

CHANGE_RECOMMENDATION = "recommendations.change_recommendation"
LARGEST_ID = 2**63 - 1


def link_editing_context(request, recommendation):
    """What the link and pillar forms need, for users who may use them (one query), else {}."""
    if not request.user.has_perm(CHANGE_RECOMMENDATION):
        return {}
    return {"link_candidates": list(link_candidates(recommendation)), "pillars": Pillar.choices}


def _recommendation(pk):
    if pk > LARGEST_ID:
        raise Http404("No such recommendation.")
    return get_object_or_404(Recommendation.objects.with_country(), pk=pk)


def _refused(request, recommendation, title, problem):
    context = {"title": title, "problem": problem, "back": recommendation}
    return render(request, "refused.html", context, status=400)


@permission_required(CHANGE_RECOMMENDATION, raise_exception=True)
@require_POST
def link(request, pk):
    recommendation = _recommendation(pk)
    action, target_id = request.POST.get("action", ""), request.POST.get("target", "")
    target = None
    if action == "set":
        if not target_id.isdigit() or int(target_id) > LARGEST_ID:
            problem = "Choose the earlier recommendation this one repeats."
            return _refused(request, recommendation, "Link not changed", problem)
        target = Recommendation.objects.filter(pk=int(target_id)).first()
        if target is None:
            problem = f"There is no recommendation #{target_id}."
            return _refused(request, recommendation, "Link not changed", problem)
    try:
        change_link(recommendation=recommendation, action=action, target=target)
    except ValidationError as error:
        return _refused(request, recommendation, "Link not changed", " ".join(error.messages))
    done = {"confirm": "confirmed", "set": f"set to {target}", "remove": "removed"}[action]
    messages.success(request, f"Link {done}; imports will keep it.")
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
