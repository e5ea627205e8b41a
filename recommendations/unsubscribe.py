"""The digest's unsubscribe link: a signed token naming the user, so it works without a login."""

from django.core import signing

UNSUBSCRIBE_SALT = "tipwatch.digest.unsubscribe"


def unsubscribe_token(user):
    """A signed token naming the user, for the digest's unsubscribe link (no login needed)."""
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)


def user_id_from_unsubscribe_token(token):
    """The user id a token names, or None when it was not made by this site."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["user"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
