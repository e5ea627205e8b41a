"""Recording a status from the recommendation page: the form, who may, and no lost update."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Status, StatusChange
from tests.factories import form_token, make_persona, make_recommendation, make_status

pytestmark = pytest.mark.django_db


def status_url(rec):
    return reverse("recommendations:record_status", args=[rec.pk])


def valid_post(rec, **fields):
    return {
        "status": Status.IN_PROGRESS,
        "as_of": "2023-07-01",
        "note": "Draft law sent to parliament.",
        "evidence_url": "https://example.org/law",
        "version": str(rec.status_version),
        "submission": form_token(),
        **fields,
    }


def test_admin_sees_the_form_made_from_the_current_version(logged_in):
    rec = make_recommendation(year=2023)
    make_status(rec, Status.NO_PROGRESS)
    page = logged_in("Admin").get(rec.get_absolute_url())
    html = page.content.decode()
    assert f'action="{status_url(rec)}"' in html
    assert 'name="version" value="1"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html  # as-of defaults to today
    assert 'min="2023-01-01"' in html


@pytest.mark.parametrize("role", ["Analyst", "Manager"])
def test_readers_see_no_form(logged_in, role):
    rec = make_recommendation()
    page = logged_in(role).get(rec.get_absolute_url())
    assert page.status_code == 200
    assert "Record a status" not in page.content.decode()
    assert status_url(rec) not in page.content.decode()


def test_admin_records_a_status_and_is_sent_back_with_a_message(logged_in):
    rec = make_recommendation(year=2023)
    client = logged_in("Admin")
    response = client.post(status_url(rec), valid_post(rec), follow=True)
    assert response.redirect_chain == [(rec.get_absolute_url(), 302)]
    assert "Recorded “In progress” as of 1 July 2023." in response.content.decode()
    change = StatusChange.objects.get()
    assert (change.status, change.as_of, change.note, change.evidence_url) == (
        Status.IN_PROGRESS,
        datetime.date(2023, 7, 1),
        "Draft law sent to parliament.",
        "https://example.org/law",
    )
    assert change.recorded_by == response.wsgi_request.user
    rec.refresh_from_db()
    assert (rec.status, rec.status_version) == (Status.IN_PROGRESS, 1)


@pytest.mark.parametrize("role", ["Analyst", "Manager"])
def test_readers_post_is_forbidden_and_writes_nothing(logged_in, role):
    rec = make_recommendation(year=2023)
    response = logged_in(role).post(status_url(rec), valid_post(rec))
    assert response.status_code == 403
    assert "You are not allowed to do that" in response.content.decode()
    assert not StatusChange.objects.exists()


def test_anonymous_post_is_sent_to_login_and_writes_nothing(client):
    rec = make_recommendation(year=2023)
    response = client.post(status_url(rec), valid_post(rec))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not StatusChange.objects.exists()


def test_get_on_the_write_url_is_not_allowed(logged_in):
    rec = make_recommendation()
    assert logged_in("Admin").get(status_url(rec)).status_code == 405


def test_unknown_recommendation_is_404(logged_in):
    assert logged_in("Admin").post("/recommendations/999999/status/", {}).status_code == 404


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"as_of": TOMORROW}, "The as-of date cannot be in the future."),
        ({"as_of": "2022-12-31"}, "cannot be before 1 January 2023"),
        ({"as_of": "1 July"}, "Enter a valid date."),
        ({"note": "   "}, "a note is required"),
        ({"evidence_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"evidence_url": "ftp://example.org/file"}, "must start with http:// or https://"),
        ({"status": "done"}, "Select a valid choice."),
        ({"version": "x"}, "The form is damaged: reload the page"),
        ({"version": ""}, "The form is incomplete: reload the page"),
    ],
)
def test_invalid_input_re_renders_the_page_with_the_error_and_writes_nothing(
    logged_in, fields, message
):
    rec = make_recommendation(year=2023, text="Train labour inspectors.")
    response = logged_in("Admin").post(status_url(rec), valid_post(rec, **fields))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Train labour inspectors." in html  # the whole recommendation page, not a bare form
    assert not StatusChange.objects.exists()


def test_not_assessed_needs_no_note(logged_in):
    rec = make_recommendation(year=2023)
    response = logged_in("Admin").post(
        status_url(rec), valid_post(rec, status=Status.NOT_ASSESSED, note="")
    )
    assert response.status_code == 302
    assert StatusChange.objects.get().status == Status.NOT_ASSESSED


def test_the_entry_is_kept_after_an_error(logged_in):
    rec = make_recommendation(year=2023)
    response = logged_in("Admin").post(status_url(rec), valid_post(rec, as_of="2022-01-01"))
    assert "Draft law sent to parliament." in response.content.decode()


def test_two_admins_from_the_same_version_the_second_is_refused_and_can_resubmit(logged_in):
    rec = make_recommendation(year=2023)
    first, second = logged_in("Admin"), Client()
    second.force_login(make_persona("Admin"))  # another admin, made for this test alone
    # Both open the page at version 0.
    for client in (first, second):
        assert 'name="version" value="0"' in client.get(rec.get_absolute_url()).content.decode()

    assert first.post(status_url(rec), valid_post(rec, note="First admin.")).status_code == 302

    refused = second.post(
        status_url(rec), valid_post(rec, version="0", status=Status.PARTIAL, note="Second admin.")
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Another status was recorded while you were editing" in html
    assert "First admin." in html  # the newer change is shown, note included
    assert "In progress" in html
    assert 'name="version" value="1"' in html  # the form now carries the newer version
    assert "Second admin." in html  # and keeps what the second admin typed
    assert list(StatusChange.objects.values_list("note", flat=True)) == ["First admin."]

    # Resubmitting on purpose, from the version the refusal showed, is recorded.
    again = second.post(
        status_url(rec), valid_post(rec, version="1", status=Status.PARTIAL, note="Second admin.")
    )
    assert again.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.status_version) == (Status.PARTIAL, 2)
    assert StatusChange.objects.count() == 2


def test_html_in_a_note_is_escaped_on_the_page(logged_in):
    rec = make_recommendation(year=2023, text="<script>alert('rec')</script>")
    make_status(rec, Status.IN_PROGRESS, note="<b>bold</b>")
    html = logged_in("Admin").get(rec.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize("changes", [1, 8])
def test_the_form_adds_no_query_to_the_page(logged_in, django_assert_num_queries, changes):
    rec = make_recommendation(year=2023)
    for day in range(changes):
        make_status(rec, Status.IN_PROGRESS, as_of=datetime.date(2023, 7, day + 1))
    client = logged_in("Admin")
    # session, user with the cache versions, the recommendation with its country, its
    # themes, its theme corrections, its history, the country's chain rows, the user's
    # permissions and their groups' permissions (once, for the nav and the forms), the link
    # form's choices (the nearest earlier year's recommendations), the theme form's themes and
    # the recommendation's ticked ones; the status form is built from the recommendation
    # already loaded.
    with django_assert_num_queries(12):
        page = client.get(rec.get_absolute_url())
    assert f'name="version" value="{changes}"' in page.content.decode()
    # from the page cache: session, user with the cache versions, the recommendation (its
    # country's version keys the page), the link form's choices, the theme form's themes and
    # ticked ones (per user, outside the cache)
    with django_assert_num_queries(6):
        page = client.get(rec.get_absolute_url())
    assert f'name="version" value="{changes}"' in page.content.decode()
