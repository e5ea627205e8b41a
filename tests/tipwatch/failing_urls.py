"""The site's URLs plus one view that fails, to see the 500 page (test_error_pages.py)."""

from django.urls import path

from tipwatch.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("internal detail: /srv/tipwatch/secret.py password=hunter2")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
