"""Log lines a collector reads: one JSON object per line (tipwatch.settings.LOGGING).

Each line has the time, level, logger and message; lines about a request add its method, path,
status, the user's id and the client's address (never the body, the query string or headers);
errors add the traceback. Client errors (4xx: bad input, unknown pages) are logged at INFO:
they are the visitor's mistake, not the server's.

Paths that carry a secret (SECRET_PATHS: the digest's unsubscribe token) are redacted wherever
they appear: the path field, the message (Django's CSRF refusal names the
path), the traceback. gunicorn's own lines go through `GunicornJsonLogger` for the same shape.
"""

import datetime
import json
import logging
import re

from django.utils.functional import empty

from tipwatch.core.clientip import client_ip

REDACTED = "[redacted]"
# URL paths whose last part is a secret: what stays (`keep`) and the secret after it.
SECRET_PATHS = [re.compile(r'(?P<keep>/unsubscribe/)[^/\s"?#]+')]


def redact(text):
    """`text` with the secret part of every path of SECRET_PATHS replaced."""
    for pattern in SECRET_PATHS:
        text = pattern.sub(lambda found: found.group("keep") + REDACTED, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record):
        return redact(json.dumps(self.event(record), default=str))

    def event(self, record):
        event = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            event.update(request_fields(request))
        status = getattr(record, "status_code", None)
        if status is not None:
            event["status"] = status
        if record.exc_info:
            event["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return event


def request_fields(request):
    """What a log line says about a request: no body, no query string, no cookies."""
    return {
        "method": request.method,
        "path": request.path,
        "user_id": user_id(request),
        "client_ip": client_ip(request),
    }


def user_id(request):
    """The logged-in user's id, without a query: only if the request has loaded its user."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class ClientErrorsAsInfo(logging.Filter):
    """Django logs 4xx responses as warnings (django.request) or errors with a traceback
    (django.security, e.g. a Host header the site does not serve); they are the client's
    errors: INFO, without the traceback."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500 and record.levelno > logging.INFO:
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
            record.exc_info = record.exc_text = None
            # Lowered after the logger's level check: drop it if that level leaves INFO out.
            return logging.getLogger(record.name).isEnabledFor(logging.INFO)
        return True
