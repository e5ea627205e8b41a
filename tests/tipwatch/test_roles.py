"""Roles: the groups and their permissions, where each lands after login, and who exists."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"

WRITES = {
    "recommendations.change_status",
    "recommendations.import_data",
    "recommendations.add_statuschange",
    "recommendations.change_recommendation",
    "countries.change_tierrating",
}


@pytest.fixture
def perms_of(personas):
    """perms_of(role) -> every permission of the persona of that role."""
    return lambda role: personas[role].get_all_permissions()


@pytest.mark.parametrize("role", ["Analyst", "Manager", "Admin"])
def test_every_role_reads_everything(perms_of, role):
    assert {
        "countries.view_country",
        "countries.view_tierrating",
        "recommendations.view_recommendation",
        "recommendations.view_statuschange",
    } <= perms_of(role)


@pytest.mark.parametrize("role", ["Analyst", "Manager"])
def test_readers_change_nothing(perms_of, role):
    perms = perms_of(role)
    assert not perms & WRITES
    assert not any(p.split(".")[1].startswith(("add_", "change_", "delete_")) for p in perms)


def test_admins_record_statuses_and_import_but_never_edit_or_delete_history(perms_of):
    perms = perms_of("Admin")
    assert WRITES <= perms
    assert "tipwatch.view_importrun" in perms
    assert "recommendations.change_statuschange" not in perms
    assert "recommendations.delete_statuschange" not in perms


def test_only_managers_start_on_the_trends(perms_of):
    assert "countries.trends_home" in perms_of("Manager")
    assert "countries.trends_home" not in perms_of("Analyst")
    assert "countries.trends_home" not in perms_of("Admin")


def test_the_three_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Analyst", "Admin", "Manager"}


def users_but(made):
    """Every user but those of `made` ({name: user}, the module's personas)."""
    return get_user_model().objects.exclude(pk__in=[user.pk for user in made.values()])


def test_no_migration_creates_a_user(module_personas):
    assert not users_but(module_personas).exists()  # none but the personas this module made


def log_in_through_the_form(user, password=PASSWORD):
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client, response


@pytest.mark.parametrize("role, home", [("Manager", "/trends/"), ("Analyst", "/"), ("Admin", "/")])
def test_each_role_lands_on_its_home_after_login(personas, role, home):
    client, response = log_in_through_the_form(personas[role])
    assert response["Location"] == reverse("start")
    assert client.get(response["Location"])["Location"] == home


def test_landing_follows_the_permission_not_the_group_name():
    user = make_user(perms=["countries.trends_home"])  # in no group at all
    client = Client()
    client.force_login(user)
    assert client.get(reverse("start"))["Location"] == "/trends/"


def test_superuser_lands_home_and_may_record_statuses(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-superuser-password")
    call_command(
        "createsuperuser", interactive=False, username="root", email="root@example.org", verbosity=0
    )
    root = get_user_model().objects.get(username="root")
    assert root.is_superuser and root.has_perm("recommendations.change_status")
    client, response = log_in_through_the_form(root, "a-long-superuser-password")
    assert client.get(response["Location"])["Location"] == "/"


def test_an_explicit_next_still_wins_over_the_role_home(manager):
    client = Client()
    response = client.post(
        reverse("login"),
        {"username": manager.username, "password": PASSWORD, "next": "/recommendations/"},
    )
    assert response["Location"] == "/recommendations/"


def test_demo_accounts_come_only_from_the_quick_start_command(settings, tmp_path, module_personas):
    settings.BASE_DIR = tmp_path
    (tmp_path / "var").mkdir()
    assert not users_but(module_personas).exists()
    call_command("create_demo_accounts", stdout=io.StringIO())
    users = {u.username: u for u in users_but(module_personas)}
    assert set(users) == {"demo-analyst", "demo-admin", "demo-manager"}
    assert users["demo-admin"].has_perm("recommendations.change_status")
    assert not users["demo-analyst"].has_perm("recommendations.change_status")
    assert users["demo-manager"].has_perm("countries.trends_home")
    assert users["demo-analyst"].email == "analyst@example.org"


def test_demo_accounts_can_try_the_digest(settings, tmp_path, module_personas):
    """The account page names the demo account's example address, not "no email address"."""
    settings.BASE_DIR = tmp_path
    (tmp_path / "var").mkdir()
    call_command("create_demo_accounts", stdout=io.StringIO())
    for username in ("demo-analyst", "demo-admin", "demo-manager"):
        client = Client()
        client.force_login(users_but(module_personas).get(username=username))
        page = client.get("/accounts/").content.decode()
        assert "no email address" not in page
        assert f"Sent to {username.removeprefix('demo-')}@example.org" in page
