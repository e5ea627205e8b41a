"""Mail settings from EMAIL_URL (dj-email-url), so that every URL accepted is one that sends.

Schemes: smtp, smtps, submission, console, file, memory, dummy. A file URL names the folder the
file backend writes each message into: file:///var/mail/tipwatch (absolute), or
file://var/mail (relative to the project). dj-email-url drops the leading slash of an absolute
path and sets no folder at all for the backend; both are handled here.
"""

from pathlib import Path
from urllib.parse import urlparse

import dj_email_url

SCHEMES = "smtp, smtps, submission, console, file, memory, dummy"


class MailURLError(ValueError):
    pass


def mail_settings(url, *, base_dir):
    """The EMAIL_* settings an EMAIL_URL gives: {setting: value}; MailURLError if unusable."""
    try:
        parsed = dj_email_url.parse(url or "console:")
    except (KeyError, ValueError):
        parsed = {}
    if "EMAIL_BACKEND" not in parsed:
        raise MailURLError(
            "EMAIL_URL is not a mail URL such as smtp://user:password@host:587/?tls=True "
            f"(schemes: {SCHEMES})."
        )
    if parsed["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
        parsed["EMAIL_FILE_PATH"] = str(_mail_folder(url, base_dir))
    return parsed


def _mail_folder(url, base_dir):
    parts = urlparse(url)
    folder = Path(parts.netloc + parts.path)
    if not str(parts.netloc + parts.path).strip("/"):
        raise MailURLError("EMAIL_URL=file:// needs a folder, e.g. file:///var/mail/tipwatch.")
    return folder if folder.is_absolute() else Path(base_dir) / folder
