"""Web imports in tests: a preview through the upload form, and what an import wrote."""

from django.urls import reverse

from countries.models import TierRating
from recommendations.models import Recommendation, StatusChange
from tipwatch.core.models import ImportJob

UPLOAD = reverse("import_upload")


def snapshot():
    """Everything an import writes, by meaning (no ids), so two databases can be compared."""
    return (
        sorted(
            TierRating.objects.values_list(
                "country__iso3", "year", "tier", "summary", "source", "movement", "watch_list_years"
            )
        ),
        sorted(
            Recommendation.objects.values_list(
                "country__iso3",
                "year",
                "position",
                "text",
                "pillar",
                "source",
                "removed_from_report",
                "carried_over_from__year",
                "carried_over_from__position",
                "recurrence_years",
            )
        ),
        StatusChange.objects.count(),
    )


def preview(client, *files, year=""):
    response = client.post(UPLOAD, {"files": list(files), "year": year})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
