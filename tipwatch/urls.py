from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from countries import views as country_views
from recommendations import imports_views
from recommendations import views as recommendation_views
from tipwatch import views as site_views

# Accounts: log in, log out (POST only) and change one's own password. No self-service password
# reset: no mail is configured, and admins reset passwords in the admin.
account_patterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("", country_views.dashboard, name="home"),
    path("start/", site_views.start, name="start"),
    path("countries/", include("countries.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("trends/", country_views.trends, name="trends"),
    path("changes/", recommendation_views.change_list, name="changes"),
    path("imports/", imports_views.import_run_list, name="imports"),
    path("accounts/", include(account_patterns)),
    path("admin/", admin.site.urls),
]
