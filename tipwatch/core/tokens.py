"""Personal API tokens: made, checked and revoked only here.

A token reads `tw_<prefix>_<secret>`: the prefix (8 hex digits) looks the row up, the secret
(32 random bytes) is never stored: the row keeps the SHA-256 of the whole token, compared in
constant time. The plain token is returned once, at creation.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tipwatch.core.models import ApiToken

logger = logging.getLogger("tipwatch.core.tokens")

TOKEN_START = "tw_"
MAX_ACTIVE_TOKENS = 20
# last_used_at is written at most this often per token, so a busy script does not turn every
# read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(*, user, name):
    """Make a token for user; returns (ApiToken, the plain token to show once)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Name the token (what will use it?)."})
    if len(name) > 100:
        raise ValidationError({"name": "Keep the name under 100 characters."})
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(f"You have {MAX_ACTIVE_TOKENS} active tokens: revoke one first.")
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=_digest(raw))
    logger.info("API token %s (%r) created by %s", prefix, name, user.get_username())
    return token, raw


@transaction.atomic
def revoke_token(*, token, user):
    """Revoke one of user's own tokens (kept, marked revoked, so the list shows it)."""
    if token.user_id != user.pk:
        raise ValidationError("That token is not yours.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        logger.info("API token %s revoked by %s", token.prefix, user.get_username())
    return token


def token_for(raw):
    """The active token `raw` names, with its user, or None (malformed, unknown, revoked)."""
    if not raw.startswith(TOKEN_START) or raw.count("_") < 2 or len(raw) > 100:
        return None
    prefix = raw[len(TOKEN_START) :].split("_", 1)[0]
    token = ApiToken.objects.active().select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    return token


def mark_used(token, now=None):
    """Record the token's use (at most once per LAST_USED_PRECISION)."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
