"""HTML to PDF (WeasyPrint), reading nothing but the site's own static files.

WeasyPrint fetches whatever a document links to (stylesheets, images, fonts) through a URL
fetcher. `static_files_only()` serves the static files (STATIC_URL, as collected or as found in
the apps' folders) and refuses everything else: no other host, no local path, no data the
document did not bring. Fonts come from the system (fontconfig: fonts-dejavu-core), which
`dev.py` and `.ci/run` install with WeasyPrint's libraries (pango).
"""

import functools
import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

logger = logging.getLogger(__name__)

# The base URL documents are rendered under: relative links resolve to it, and it names no
# real host, so nothing resolved against it can leave the machine.
BASE_URL = "https://tipwatch.invalid/"


class Refused(ValueError):
    """A document asked for something other than a static file."""


def static_file_path(url):
    """The file on disk that a static URL under BASE_URL names, or Refused."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
        raise Refused(f"not a static file of this site: {url[:200]}")
    name = unquote(parts.path.removeprefix(prefix))
    if ".." in name.split("/"):
        raise Refused(f"not a static file of this site: {url[:200]}")
    if staticfiles_storage.exists(name):  # collected (hashed names in production)
        return staticfiles_storage.path(name)
    found = finders.find(name)
    if not found:
        raise Refused(f"no such static file: {name[:200]}")
    return found


@functools.cache
def static_files_only():
    """WeasyPrint's URL fetcher class serving static files only (made on first use: importing
    WeasyPrint loads its system libraries)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            try:
                path = static_file_path(url)
            except Refused:
                logger.warning("PDF: refused to fetch %s", url[:200])
                raise
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as handle:
                return URLFetcherResponse(url, handle.read(), {"Content-Type": kind})

    return StaticFilesOnly


def pdf_document(html):
    """The laid-out pages of an HTML document (`.pages`, `.write_pdf()`); its links resolve
    under BASE_URL and only static files are read."""
    import weasyprint  # its system libraries load on first use, not at start-up

    fetcher = static_files_only()()
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
