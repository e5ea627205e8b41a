"""Every id a page refers to (aria-describedby, aria-labelledby, a label's for) is on the page:
a form field's help text is found by screen readers (Django names it <field id>_helptext)."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_recommendation


def missing_references(response):
    soup = BeautifulSoup(response.content, "html.parser")
    ids = {element["id"] for element in soup.find_all(id=True)}
    missing = []
    for attribute in ("aria-describedby", "aria-labelledby", "for"):
        for element in soup.find_all(attrs={attribute: True}):
            missing += [
                f"{attribute}={ref}" for ref in element[attribute].split() if ref not in ids
            ]
    return missing


@pytest.mark.django_db
def test_forms_refer_to_help_text_that_exists(admin_role_client):
    rec = make_recommendation(year=2023)
    status_page = admin_role_client.get(rec.get_absolute_url())
    assert 'aria-describedby="id_as_of_helptext"' in status_page.content.decode()
    for response in (
        status_page,
        admin_role_client.get(f"/recommendations/bulk-status/?id={rec.pk}"),
        admin_role_client.get("/imports/"),
        admin_role_client.get("/accounts/"),
    ):
        assert response.status_code == 200
        assert missing_references(response) == []
