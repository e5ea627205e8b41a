"""The account page: personal API tokens, followed countries and the digest's frequency; and
the unsubscribe link of the digest, which works without a login."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from countries.models import Country
from recommendations import services
from recommendations.models import DigestFrequency, DigestSubscription, Follow
from recommendations.unsubscribe import read_unsubscribe_token
from tipwatch.core.models import ApiToken
from tipwatch.core.tokens import create_token, revoke_token

logger = logging.getLogger("tipwatch")


def _account_page(request, status=200, **extra):
    context = {
        "tokens": list(ApiToken.objects.of(request.user)),
        "followed": Follow.objects.countries_of(request.user),
        "frequency": DigestSubscription.objects.frequency_of(request.user),
        "frequencies": DigestFrequency.choices,
        **extra,
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required  # personal: public mode (PUBLIC_READ_ONLY) does not open it
@require_safe
def account(request):
    return _account_page(request)


@require_POST
def token_create(request):
    """Make a token and show it once, in this response only (it is never stored in clear)."""
    try:
        token, raw = create_token(user=request.user, name=request.POST.get("name", ""))
    except ValidationError as invalid:
        return _account_page(request, status=400, token_error=" ".join(invalid.messages))
    return _account_page(request, status=201, new_token=token, new_token_value=raw)


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(token=token, user=request.user)
    return redirect("account")


@require_POST
def digest_frequency(request):
    try:
        services.set_frequency(user=request.user, frequency=request.POST.get("frequency", ""))
    except ValidationError as invalid:
        return _account_page(request, status=400, digest_error=" ".join(invalid.messages))
    return redirect("account")


def _back(request, country):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(country)


@require_POST
def follow(request, slug):
    country = get_object_or_404(Country, slug=slug)
    services.follow(user=request.user, country=country)
    return _back(request, country)


@require_POST
def unfollow(request, slug):
    country = get_object_or_404(Country, slug=slug)
    services.unfollow(user=request.user, country=country)
    return _back(request, country)


@login_not_required
def unsubscribe(request, token):
    """GET asks to confirm (mail scanners follow links); POST stops the digest."""
    user_id, expired = read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        context = {"invalid": True, "expired": expired}
        return render(request, "accounts/unsubscribe.html", context, status=400)
    if request.method == "POST":
        services.set_frequency(user=user, frequency=DigestFrequency.NEVER)
        logger.info("%s unsubscribed from the digest by its link", user.get_username())
        return render(request, "accounts/unsubscribe.html", {"done": True})
    if request.method not in ("GET", "HEAD"):
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=405)
    return render(request, "accounts/unsubscribe.html", {"username": user.get_username()})
