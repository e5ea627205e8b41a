"""The status history is append-only: no admin, no superuser, no database write changes it."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from recommendations.models import Status, StatusChange
from tests.factories import make_recommendation, make_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def change():
    return make_status(make_recommendation(year=2023), Status.IN_PROGRESS, note="Original note.")


def admin_url(name, *args):
    return reverse(f"admin:recommendations_statuschange_{name}", args=args)


def test_superuser_cannot_change_a_status_change_in_the_admin(superuser_client, change):
    response = superuser_client.post(
        admin_url("change", change.pk),
        {
            "recommendation": change.recommendation_id,
            "status": Status.IMPLEMENTED,
            "as_of": "2023-08-01",
            "note": "Rewritten.",
        },
    )
    assert response.status_code == 403
    change.refresh_from_db()
    assert (change.status, change.note) == (Status.IN_PROGRESS, "Original note.")


def test_the_admin_change_page_is_read_only_even_for_a_superuser(superuser_client, change):
    page = superuser_client.get(admin_url("change", change.pk))
    html = page.content.decode()
    # Django shows a view-only page: no input for the note, no save button.
    assert page.status_code == 200
    assert 'name="note"' not in html and 'name="_save"' not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_superuser_cannot_delete_a_status_change_in_the_admin(superuser_client, change, method):
    response = getattr(superuser_client, method)(admin_url("delete", change.pk), {"post": "yes"})
    assert response.status_code == 403
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_the_admin_list_has_no_bulk_delete(superuser_client, change):
    response = superuser_client.post(
        admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"},
    )
    assert StatusChange.objects.filter(pk=change.pk).exists()
    page = superuser_client.get(admin_url("changelist")).content.decode()
    assert "delete_selected" not in page
    assert response.status_code in (200, 302)


def test_recommendation_inline_history_is_read_only(superuser_client, change):
    url = reverse("admin:recommendations_recommendation_change", args=[change.recommendation_id])
    html = superuser_client.get(url).content.decode()
    assert "Original note." in html
    assert 'name="status_changes-0-note"' not in html  # shown as text, not as a field
    assert 'name="status_changes-0-DELETE"' not in html
    assert "status_changes-empty" not in html  # no blank row to add one


def test_admin_role_adds_a_status_change_through_the_service(change, admin_role_client, admin_user):
    client = admin_role_client
    response = client.post(
        admin_url("add"),
        {
            "recommendation": change.recommendation_id,
            "status": Status.IMPLEMENTED,
            "as_of": "2024-02-01",
            "note": "Law in force.",
            "evidence_url": "",
        },
    )
    assert response.status_code == 302
    rec = change.recommendation
    rec.refresh_from_db()
    assert (rec.status, rec.status_version) == (Status.IMPLEMENTED, 2)
    assert StatusChange.objects.latest().recorded_by == admin_user


def test_the_admin_refuses_the_same_change_twice(change, admin_role_client):
    same = {
        "recommendation": change.recommendation_id,
        "status": change.status,
        "as_of": change.as_of.isoformat(),
        "note": "Original note.",
        "evidence_url": "",
    }
    response = admin_role_client.post(admin_url("add"), same)
    assert response.status_code == 200  # the form again, with the reason
    assert "Already recorded: “In progress” as of 1 June 2023" in response.content.decode()
    assert StatusChange.objects.count() == 1


@pytest.mark.parametrize("role", ["Analyst", "Manager"])
def test_readers_have_no_admin(logged_in, role):
    response = logged_in(role).get(admin_url("changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


POSTGRES_ONLY = (
    "PostgreSQL only: the append-only trigger (migration 0003) exists there; on SQLite the "
    "history is protected by the application paths tested above"
)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE recommendations_statuschange SET note = 'rewritten' WHERE id = %s",
        "DELETE FROM recommendations_statuschange WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_update_and_delete(change, statement):
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [change.pk])
    change.refresh_from_db()
    assert change.note == "Original note."


@pytest.mark.parametrize(
    "write",
    [
        lambda change: StatusChange.objects.filter(pk=change.pk).update(note="rewritten"),
        lambda change: StatusChange.objects.filter(pk=change.pk).delete(),
        lambda change: change.delete(),
        lambda change: (setattr(change, "as_of", datetime.date(2023, 1, 2)), change.save()),
    ],
    ids=["queryset-update", "queryset-delete", "instance-delete", "instance-save"],
)
def test_the_database_refuses_orm_update_and_delete(change, write):
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            write(change)
    assert StatusChange.objects.get(pk=change.pk).note == "Original note."


def test_inserting_history_still_works_with_the_trigger(change):
    make_status(change.recommendation, Status.IMPLEMENTED, as_of=datetime.date(2024, 1, 1))
    assert StatusChange.objects.count() == 2


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE recommendations_statuschange",
        "TRUNCATE recommendations_recommendation CASCADE",
        "TRUNCATE countries_country, recommendations_statuschange RESTART IDENTITY CASCADE",
    ],
)
def test_the_database_refuses_truncate(change, statement):
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's writes, checked
            cursor.execute(statement)
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_truncate_is_let_through_only_inside_emptying_history(change):
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)
    from recommendations.models import emptying_history

    with emptying_history(connection), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE recommendations_statuschange")
    assert not StatusChange.objects.exists()
    # Its permission ended with it.
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE recommendations_statuschange")
