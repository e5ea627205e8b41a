"""The `Idempotency-Key` header of the API's write: a call repeated with the same key (a retry
after a timeout, a script run twice) gets the first call's answer and writes nothing.

The key is the caller's (any 1-255 printable ASCII characters, e.g. a UUID), scoped to its user.
It is claimed (tipwatch.core.submissions.claim) in the same transaction as the write, and the first
successful answer (status code and body) is kept with it: a repeat with the same body gets that
answer again, with the header `Idempotent-Replayed: true`; a repeat with another body (another
recommendation, other values) is refused with 422. A concurrent repeat waits for the first
call's transaction and then gets its answer. A refused call (4xx) keeps nothing: its key may be
used again. Keys are kept KEPT (tipwatch.core.submissions), then may be used afresh.
"""

import hashlib
import json
import re

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from tipwatch.api.schema import NEW_PER_REQUEST
from tipwatch.core.models import Submission
from tipwatch.core.submissions import KEPT, claim

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
# 1-255 printable ASCII characters but the space ("!" is \x21, "~" is \x7e): the check and,
# as it is, the schema's pattern.
KEY_PATTERN = "^[!-~]{1,255}$"
KEY_SHAPE = re.compile(KEY_PATTERN)

PARAMETER = OpenApiParameter(
    HEADER,
    {"type": "string", "pattern": KEY_PATTERN},
    OpenApiParameter.HEADER,
    required=False,
    description="Optional; any 1-255 printable ASCII characters, new for each new write (e.g. "
    "a UUID). Sent again with the same body (a retry), the call writes nothing and gets the "
    f"first call's answer again, with `{REPLAYED}: true`; with another body it is refused "
    f"(422). Keys are kept {KEPT.days} days.",
    extensions={NEW_PER_REQUEST: True},
)
REUSED_RESPONSE = OpenApiResponse(
    description=f"The {HEADER} was already used for another request (another recommendation "
    "or other values).",
)


class _NotKept(Exception):
    def __init__(self, response):
        self.response = response


def key_problem(request):
    """A 400 Response when the header is there but malformed, else None."""
    key = request.headers.get(HEADER)
    if key is None or KEY_SHAPE.fullmatch(key):
        return None
    return Response(
        {"detail": f"The {HEADER} header must be 1 to 255 printable ASCII characters."},
        status=status.HTTP_400_BAD_REQUEST,
    )


def once(request, asked, write):
    """write() (returning a Response) at most once per the request's Idempotency-Key and user;
    asked: what the call asks (JSON-able), compared between repeats. Without the header, just
    write(). Call key_problem first."""
    key = request.headers.get(HEADER)
    if key is None:
        return write()
    full_key = f"api:{request.user.pk}:{key}"
    fingerprint = hashlib.sha256(
        json.dumps([request.path, asked], sort_keys=True, default=str).encode()
    ).hexdigest()
    try:
        with transaction.atomic():
            if claim(full_key, fingerprint=fingerprint) is None:
                return _repeat(Submission.objects.get(key=full_key), fingerprint)
            response = write()
            if response.status_code >= 300:
                raise _NotKept(response)  # rolls the key back with the write
            body = json.loads(JSONRenderer().render(response.data))
            Submission.objects.filter(key=full_key).update(
                response_status=response.status_code, response_body=body
            )
            return response
    except _NotKept as refused:
        return refused.response


def _repeat(first, fingerprint):
    if first.fingerprint != fingerprint:
        when = timezone.localtime(first.made_at)
        return Response(
            {
                "detail": f"This {HEADER} was used on {when:%Y-%m-%d at %H:%M} for another "
                "request (another recommendation or other values); nothing was written. Use a "
                "new key for a new request."
            },
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    return Response(first.response_body, status=first.response_status, headers={REPLAYED: "true"})
