from django.shortcuts import get_object_or_404, render

from countries.models import Country


def dashboard(request):
    countries = Country.objects.with_latest_tier().order_by("name")
    return render(request, "countries/dashboard.html", {"countries": countries})


def country_list(request):
    countries = Country.objects.with_latest_tier().order_by("name")
    return render(request, "countries/country_list.html", {"countries": countries})


def country_detail(request, slug):
    country = get_object_or_404(Country, slug=slug)
    ratings = country.ratings.order_by("-year")
    recommendations = country.recommendations.order_by("-year", "position")
    return render(
        request,
        "countries/country_detail.html",
        {"country": country, "ratings": ratings, "recommendations": recommendations},
    )
