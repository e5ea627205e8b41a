"""Unicode digits ("²".isdigit() is true, int("²") fails) are refused like any other
non-number: a 4xx with a message on pages, a FILE:LINE problem or usage error in commands."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from countries.models import TierRating
from recommendations.models import Recommendation
from tests.factories import get_country, make_recommendation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "٣", "１"])
def test_bulk_status_refuses_a_unicode_digit_id(admin_role_client, value):
    make_recommendation(year=2023)
    response = admin_role_client.get(reverse("recommendations:bulk_status"), {"id": value})
    assert response.status_code == 400
    assert "not a recommendation" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "٣"])
def test_link_refuses_a_unicode_digit_target(admin_role_client, value):
    norway = get_country("NOR")
    make_recommendation(norway, 2022, text="Adopt a plan.")
    new = make_recommendation(norway, 2023, text="Adopt and fund a plan.")
    response = admin_role_client.post(
        f"/recommendations/{new.pk}/carried-over/", {"action": "set", "target": value}
    )
    assert response.status_code == 400
    assert "Choose the earlier recommendation" in response.content.decode()
    assert Recommendation.objects.get(pk=new.pk).carried_over_from is None


def test_countries_filter_refuses_a_unicode_digit_country(analyst_client):
    response = analyst_client.get("/recommendations/", {"country": "²"})
    assert response.status_code == 400


@pytest.mark.parametrize("year", ["²²", "٢٠٢٣"])
def test_import_tiers_reports_a_unicode_digit_year_at_its_line(tmp_path, year):
    path = tmp_path / "tiers.csv"
    path.write_text(f"country,year,tier\nNOR,{year},Tier 1\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_tiers", str(path), stdout=StringIO(), stderr=err, quiet=True)
    assert err.getvalue().splitlines() == [f"{path}:2: {year!r} is not a report year (2001–2100)"]
    assert not TierRating.objects.exists()


@pytest.mark.parametrize("year", ["²²", "٢٠٢٣"])
def test_import_report_refuses_a_unicode_digit_year_option(tmp_path, year):
    path = tmp_path / "chapter.txt"
    path.write_text("Norway\n", encoding="utf-8")
    with pytest.raises(CommandError, match="digits 0-9"):
        call_command("import_report", str(path), f"--year={year}", stdout=StringIO())


@pytest.mark.parametrize(
    "path",
    [
        "/?year=²",
        "/countries/?year=²&page=²",
        "/countries/?year=²&format=csv",
        "/recommendations/?year=²&recurring=²&page=²&country=²",
        "/recommendations/?year=٢٠٢٣&format=json",
        "/changes/?page=²&recorded_from=²",
        "/trends/?countries=²",
        "/recommendations/dropped/?year=²&page=²",
        "/recommendations/bulk-status/?all=1&year=²",
    ],
)
def test_no_page_fails_on_unicode_digits(admin_role_client, path):
    make_recommendation(year=2023)
    assert admin_role_client.get(path).status_code < 500


@pytest.mark.parametrize("seed", ["²", "٣"])
def test_generate_demo_data_refuses_a_unicode_digit_seed(seed):
    with pytest.raises(CommandError, match="invalid whole_number value"):
        call_command("generate_demo_data", "--scale", "0.1", "--seed", seed, stdout=StringIO())
