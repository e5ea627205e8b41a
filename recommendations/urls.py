from django.urls import path

from recommendations import dropped, editing, links_views, views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("bulk-status/", editing.bulk_status, name="bulk_status"),
    path("dropped/", dropped.dropped_list, name="dropped"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/status/", editing.record_status_view, name="record_status"),
    path("<int:pk>/link/", links_views.link, name="link"),
    path("<int:pk>/pillar/", links_views.pillar, name="pillar"),
]
