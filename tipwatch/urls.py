from django.contrib import admin
from django.urls import include, path

from countries import views as country_views
from recommendations import views as recommendation_views

urlpatterns = [
    path("", country_views.dashboard, name="home"),
    path("countries/", include("countries.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("trends/", country_views.trends, name="trends"),
    path("changes/", recommendation_views.change_list, name="changes"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
