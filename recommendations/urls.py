from django.urls import path

from recommendations.views import (
    bulk_status,
    dropped,
    due,
    recommendation_list,
    recommendation_page,
)

app_name = "recommendations"

urlpatterns = [
    path("", recommendation_list.recommendation_list, name="list"),
    path("bulk-status/", bulk_status.bulk_status, name="bulk_status"),
    path("dropped/", dropped.dropped_list, name="dropped"),
    path("due/", due.due_list, name="due"),
    path("<int:pk>/", recommendation_page.recommendation_detail, name="detail"),
    path("<int:pk>/status/", recommendation_page.record_status_view, name="record_status"),
    path("<int:pk>/carried-over/", recommendation_page.carried_over, name="carried_over"),
    path("<int:pk>/pillar/", recommendation_page.pillar, name="pillar"),
    path("<int:pk>/themes/", recommendation_page.themes, name="themes"),
]
