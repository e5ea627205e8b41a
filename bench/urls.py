"""The site's URLs plus the benchmark's reference views (only in bench.settings)."""

from django.urls import path

from bench import views
from tipwatch.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/bare/", views.bare, name="bench-bare"),
    path("bench/bare-open/", views.bare_open, name="bench-bare-open"),
    *site_urlpatterns,
]
