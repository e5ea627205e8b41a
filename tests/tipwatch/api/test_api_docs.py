"""The documentation page is served from this site alone: its assets are our static files
(drf-spectacular-sidecar), its setup script our own URL, nothing inline (the CSP forbids it)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles.storage import staticfiles_storage

pytestmark = pytest.mark.django_db


def test_docs_page_loads_nothing_from_another_host(analyst_client):
    page = analyst_client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    tree = BeautifulSoup(html, "html.parser")
    references = [tag.get("src") or tag["href"] for tag in tree.select("[src], [href]")]
    assert references, html
    static = [ref for ref in references if ref.startswith("/static/")]
    others = [ref for ref in references if not ref.startswith("/static/")]
    assert others == ["/api/v1/docs/?script="]
    for ref in static:  # each exists in the collected, hashed static files
        name = ref.removeprefix("/static/")
        assert staticfiles_storage.exists(name), ref
    inline = [
        script for script in tree.find_all("script") if script.string and script.string.strip()
    ]
    assert not inline, "no inline script"
    assert "http://" not in html and "https://" not in html

    script = analyst_client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_schema_is_openapi_3(analyst_client):
    schema = analyst_client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/v1/countries/",
        "/api/v1/tiers/",
        "/api/v1/recommendations/",
        "/api/v1/recommendations/{id}/",
        "/api/v1/changes/",
    } <= paths
    post = schema["paths"]["/api/v1/recommendations/{id}/statuses/"]["post"]
    assert {"201", "400", "403", "409", "429"} <= set(post["responses"])
