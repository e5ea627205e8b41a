from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import countries.urls
from recommendations.views import changes
from tipwatch.views import (
    accounts,
    analysis,
    brief,
    country_page,
    dashboard,
    imports,
    site,
    trends,
)

# Accounts: log in, log out (POST only) and change one's own password. No self-service password
# reset: mail goes out only as digests (EMAIL_URL), and admins reset passwords in the admin.
account_patterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The account page: API tokens, followed countries, the digest.
    path("", accounts.account, name="account"),
    path("tokens/", accounts.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", accounts.token_revoke, name="token_revoke"),
    path("digest/", accounts.digest_frequency, name="digest_frequency"),
    path("unsubscribe/<str:token>/", accounts.unsubscribe, name="unsubscribe"),
]

# The country page and its brief read both apps, so they are site views, named within the
# countries' URLs.
country_patterns = [
    *countries.urls.urlpatterns,
    path("<slug:slug>/", country_page.country_detail, name="detail"),
    path("<slug:slug>/changes/<int:year>/", country_page.year_changes, name="year_changes"),
    path("<slug:slug>/brief/", brief.country_brief, name="brief"),
]

# Analysis across countries: the pages read both apps, so they are site views.
analysis_patterns = [
    path("", analysis.themes_by_region, name="themes_by_region"),
    path("repeated/", analysis.repeated, name="repeated"),
    path("themes/<slug:slug>/", analysis.theme, name="theme"),
    path("countries/<slug:slug>/", analysis.country, name="country"),
    path("upgrades/", analysis.upgrades, name="upgrades"),
]

urlpatterns = [
    path("", dashboard.dashboard, name="home"),
    path("start/", site.start, name="start"),
    path("countries/<slug:slug>/follow/", accounts.follow, name="follow"),
    path("countries/<slug:slug>/unfollow/", accounts.unfollow, name="unfollow"),
    path("countries/", include((country_patterns, countries.urls.app_name))),
    path("recommendations/", include("recommendations.urls")),
    path("trends/", trends.trends, name="trends"),
    path("analysis/", include((analysis_patterns, "analysis"))),
    path("changes/", changes.change_list, name="changes"),
    path("imports/", imports.import_run_list, name="imports"),
    path("imports/upload/", imports.upload, name="import_upload"),
    path("imports/jobs/<int:job_id>/", imports.import_job, name="import_job"),
    path("imports/jobs/<int:job_id>/apply/", imports.apply_job, name="import_apply"),
    path("imports/jobs/<int:job_id>/discard/", imports.discard_job, name="import_discard"),
    path("accounts/", include(account_patterns)),
    path("api/v1/", include("tipwatch.api.urls")),
    path("admin/", admin.site.urls),
    path("healthz", site.healthz, name="healthz"),
]

handler404 = "tipwatch.views.site.not_found"
