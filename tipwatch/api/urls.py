from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from tipwatch.api import views

app_name = "api"

router = SimpleRouter()
router.register("countries", views.CountryViewSet, basename="country")
router.register("tiers", views.TierRatingViewSet, basename="tier")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")

# DRF views are exempt from the site's login redirect (DRF marks them so): a script gets 401
# from ReadAccess, not a login page. The documentation page is for browsers: it keeps the
# site's login redirect (and PUBLIC_READ_ONLY opens it like the other read pages).
docs = SpectacularSwaggerSplitView.as_view(url_name="api:schema")
docs.login_required = True

urlpatterns = [
    *router.urls,
    path("changes/", views.ChangeFeed.as_view(), name="changes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
]
