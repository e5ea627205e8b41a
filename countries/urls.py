"""The countries' own URLs; tipwatch/urls.py adds the country page and its "what changed"
view (which read recommendations too) under the same "countries" namespace."""

from django.urls import path

from countries import views

app_name = "countries"

urlpatterns = [
    path("", views.country_list, name="list"),
    path("<slug:slug>/waivers/<int:year>/", views.waiver, name="waiver"),
]
