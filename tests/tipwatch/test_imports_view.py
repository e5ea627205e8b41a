"""The admins' list of import runs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.pages import parse, rows
from tipwatch.core.models import ImportRun
from tipwatch.views.imports import RUNS_PER_PAGE

pytestmark = pytest.mark.django_db

URL = reverse("imports")


def make_run(minutes_ago, **fields):
    started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return ImportRun.objects.create(
        command=fields.pop("command", "import_report"),
        started_at=started,
        finished_at=started + datetime.timedelta(seconds=3),
        **fields,
    )


def test_runs_are_listed_newest_first_with_who_files_counts_warnings_and_errors(
    logged_in, admin_user
):
    make_run(
        60,
        command="import_tiers",
        invoked_as="manage.py import_tiers data/tiers/tiers.csv",
        files=["data/tiers/tiers.csv"],
        created=190,
        updated=4,
        unchanged=1706,
        warnings=["line 12: unknown country 'Atlantis', skipped"],
        succeeded=True,
    )
    make_run(
        5,
        run_by=admin_user,
        files=["NOR_2023.txt", "SWE_2023.txt"],
        errors=["SWE_2023.txt:14: no tier line found"],
        succeeded=False,
    )
    response = logged_in("Admin").get(URL)
    html = response.content.decode()
    assert html.index("import_report") < html.index("import_tiers")  # newest first
    header, newest, _ = rows(parse(response).find("table", class_="import-runs"))
    assert newest[header.index("Run by")] == admin_user.username  # (the header names them too)
    for text in [
        "manage.py import_tiers data/tiers/tiers.csv",
        "NOR_2023.txt",
        "SWE_2023.txt",
        "<td>190</td><td>4</td><td>1706</td>",
        "Warning: line 12: unknown country &#x27;Atlantis&#x27;, skipped",
        "Error: SWE_2023.txt:14: no tier line found",
        "<strong>Failed</strong>",
        "Succeeded",
    ]:
        assert text in html, text


def test_the_list_is_paginated(logged_in):
    for minutes in range(RUNS_PER_PAGE + 1):
        make_run(minutes, files=[f"file-{minutes}.txt"])
    client = logged_in("Admin")
    first = client.get(URL).content.decode()
    assert "file-0.txt" in first and f"file-{RUNS_PER_PAGE}.txt" not in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert f"file-{RUNS_PER_PAGE}.txt" in second and "file-0.txt" not in second


@pytest.mark.parametrize("runs", [1, 40])
def test_the_page_runs_a_fixed_number_of_queries(
    logged_in, admin_user, django_assert_num_queries, runs
):
    for minutes in range(runs):
        make_run(minutes, run_by=admin_user)
    client = logged_in("Admin")
    # session, user with the cache versions (the key of the cached permissions), user
    # permissions, group permissions, count of runs, the page of runs with their users
    # (select_related), the latest web import jobs (none here, so no query for their files)
    with django_assert_num_queries(7):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", ["Analyst", "Manager"])
def test_readers_get_403(logged_in, role):
    assert logged_in(role).get(URL).status_code == 403


def test_nav_link_only_for_those_who_may_see_it(logged_in):
    assert f'href="{URL}"' in logged_in("Admin").get("/").content.decode()
    assert f'href="{URL}"' not in logged_in("Analyst").get("/").content.decode()
