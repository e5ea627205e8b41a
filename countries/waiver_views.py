"""Admins record a waiver of the automatic downgrade for one country and report year."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from countries.models import LAST_PLAUSIBLE_YEAR, Country, TierRating
from countries.services import set_waiver

GRANTED = {"1": True, "0": False}


@permission_required("countries.change_tierrating", raise_exception=True)
@require_POST
def waiver(request, slug, year):
    country = get_object_or_404(Country, slug=slug)
    if year > LAST_PLAUSIBLE_YEAR:
        raise Http404(f"{country} has no tier rating for {year}.")
    granted = GRANTED.get(request.POST.get("granted", ""))
    if granted is None:
        return refused(request, country, "Say whether the waiver was granted (granted=1 or 0).")
    try:
        set_waiver(country=country, year=year, granted=granted)
    except TierRating.DoesNotExist:
        raise Http404(f"{country} has no tier rating for {year}.") from None
    except ValidationError as error:
        return refused(request, country, " ".join(error.messages))
    done = "recorded" if granted else "withdrawn"
    messages.success(request, f"Waiver for {year} {done}; the downgrade clock is recomputed.")
    return redirect(country)


def refused(request, country, problem):
    context = {"title": "Waiver not recorded", "problem": problem, "back": country}
    return render(request, "refused.html", context, status=400)
