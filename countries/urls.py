from django.urls import path

from countries import views, waiver_views

app_name = "countries"

urlpatterns = [
    path("", views.country_list, name="list"),
    path("<slug:slug>/", views.country_detail, name="detail"),
    path("<slug:slug>/changes/<int:year>/", views.year_changes, name="year_changes"),
    path("<slug:slug>/waivers/<int:year>/", waiver_views.waiver, name="waiver"),
]
