"""Writes made at most once: one-time form tokens and API idempotency keys.

A form that writes carries a token made when it is rendered (`new_form_token`): random, signed
with the site's key and dated, so it cannot be made up and expires after FORM_TOKEN_MAX_AGE.
The write service consumes it (`claim_form_token`) inside its own transaction, by inserting its
key into a table where keys are unique (Submission): the back button, a double click or a
retried request brings the same token again, whose insert fails, so the second submission
writes nothing. On PostgreSQL a concurrent second insert waits for the first transaction and
fails once it commits; it works the same for any number of hosts sharing the database, and a
write that fails rolls its token back with it, so the form can be submitted again.

An API call names its own key (the `Idempotency-Key` header): see tipwatch/api/idempotency.py,
which keeps the first answer under it. Rows older than KEPT are deleted by the periodic
`prune_submissions` command (tipwatch/core/schedule.py): by then every form token of theirs has
expired, and an API key may be used afresh.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tipwatch.core.models import Submission

FORM_TOKEN_MAX_AGE = timedelta(days=7)
KEPT = FORM_TOKEN_MAX_AGE
_SALT = "tipwatch.core.submissions.form"


class AlreadySubmitted(ValidationError):
    """The form was submitted before: what it asked for was written once, not again."""

    def __init__(self):
        super().__init__(
            "This form was already submitted, and what it asked was recorded then, once; it "
            "is not recorded again.",
            code="already_submitted",
        )


def new_form_token():
    """A token for one rendered form."""
    return signing.TimestampSigner(salt=_SALT).sign(secrets.token_urlsafe(16))


def form_token_key(token):
    """The key a form token stands for; ValidationError when it is not one of ours or has
    expired (both say how to start over)."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token or "", max_age=FORM_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        days = FORM_TOKEN_MAX_AGE.days
        raise ValidationError(
            f"This form is more than {days} days old: reload the page and enter it again.",
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            "The form is damaged: reload the page and enter it again.", code="invalid"
        ) from None
    return f"form:{value}"


def claim(key, *, fingerprint=""):
    """Insert key, in the caller's transaction; None when it is there already (the caller
    reads it then). A savepoint keeps the caller's transaction usable after the refusal."""
    try:
        with transaction.atomic():
            return Submission.objects.create(key=key, fingerprint=fingerprint)
    except IntegrityError:
        return None


def claim_form_token(key):
    """Consume a form's key (form_token_key) in the caller's transaction, or raise
    AlreadySubmitted. Call it in the write's own transaction, before its first write."""
    if claim(key) is None:
        raise AlreadySubmitted()


def prune(*, now=None):
    """Delete the keys older than KEPT; return how many."""
    now = now or timezone.now()
    deleted, _ = Submission.objects.filter(made_at__lt=now - KEPT).delete()
    return deleted
