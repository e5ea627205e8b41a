"""The digest's unsubscribe link: a signed token naming the user, so it works without a login.

The token carries the time it was made and is valid for TOKEN_DAYS: an old digest's link then
shows a page that explains and points to the account page. Tokens never reach the logs
(tipwatch/core/logs.py redacts the paths that carry them).
"""

import datetime

from django.core import signing

UNSUBSCRIBE_SALT = "tipwatch.digest.unsubscribe"
TOKEN_DAYS = 365


def unsubscribe_token(user):
    """A signed, timestamped token naming the user, for the digest's unsubscribe link."""
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(user id, expired): the user a token names, or None when it was not made by this site
    or is older than TOKEN_DAYS (then expired is True)."""
    max_age = datetime.timedelta(days=TOKEN_DAYS)
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age)["user"]), False
    except signing.SignatureExpired:
        return None, True
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, False
