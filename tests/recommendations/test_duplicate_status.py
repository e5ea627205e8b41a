"""No status is recorded twice: the one-time token of the single and the bulk status form
(tipwatch/core/submissions.py), and the service's refusal of a change already in the history.

Forms are read from the pages as a browser would (BeautifulSoup), filled and sent; "back and
resubmit" sends a form read from a page rendered before the first submission."""

import datetime
import time

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.urls import reverse

from recommendations.models import Status, StatusChange
from tests.factories import get_country, make_recommendation, make_status
from tipwatch.core.models import Submission
from tipwatch.core.submissions import FORM_TOKEN_MAX_AGE, new_form_token, prune

pytestmark = pytest.mark.django_db

BULK = reverse("recommendations:bulk_status")


def page_form(html, action):
    """The fields a browser would send from the form posting to `action`: {name: value}."""
    form = BeautifulSoup(html, "html.parser").find("form", action=action)
    assert form is not None, f"no form posting to {action}"
    fields = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name:
            continue
        if field.name == "textarea":
            fields[name] = field.get_text().removeprefix("\n")  # as browsers read it
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            fields[name] = chosen["value"] if chosen else ""
        else:
            fields[name] = field.get("value", "")
    return fields


def errors(html):
    soup = BeautifulSoup(html, "html.parser")
    return " ".join(block.get_text(" ", strip=True) for block in soup.select(".form-errors"))


def status_url(rec):
    return reverse("recommendations:record_status", args=[rec.pk])


def filled_status_form(client, rec, **entry):
    fields = page_form(client.get(rec.get_absolute_url()).content.decode(), status_url(rec))
    return {
        **fields,
        "status": Status.IN_PROGRESS,
        "as_of": "2023-07-01",
        "note": "Draft law sent to parliament.",
        **entry,
    }


# -- the single form -----------------------------------------------------------------------


def test_each_rendering_of_the_form_carries_a_new_token_and_the_page_is_not_kept_whole(logged_in):
    rec = make_recommendation(year=2023)
    admin = logged_in("Admin")
    first, second = (admin.get(rec.get_absolute_url()) for _ in range(2))
    tokens = [
        page_form(page.content.decode(), status_url(rec))["submission"] for page in (first, second)
    ]
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]
    assert not first.has_header("ETag") and not second.has_header("ETag")
    # Readers, who see no form, still get the whole page from the cache.
    assert logged_in("Analyst").get(rec.get_absolute_url()).has_header("ETag")


def test_a_double_submit_records_one_change(logged_in):
    rec = make_recommendation(year=2023)
    admin = logged_in("Admin")
    form = filled_status_form(admin, rec)
    assert admin.post(status_url(rec), form).status_code == 302
    again = admin.post(status_url(rec), form)
    assert again.status_code == 400
    html = again.content.decode()
    assert "This form was already submitted, and what it asked was recorded then, once" in errors(
        html
    )
    assert StatusChange.objects.filter(recommendation=rec).count() == 1
    # The refused form keeps the entry, with a new token and the current version.
    carried = page_form(html, status_url(rec))
    assert carried["submission"] != form["submission"]
    assert carried["version"] == "1"
    assert carried["note"] == "Draft law sent to parliament."


def test_back_and_resubmit_records_one_change_and_resubmitting_it_is_already_recorded(logged_in):
    rec = make_recommendation(year=2023)
    admin = logged_in("Admin")
    before = filled_status_form(admin, rec)  # the page the back button returns to
    assert admin.post(status_url(rec), before).status_code == 302
    refused = admin.post(status_url(rec), before)
    assert "already submitted" in errors(refused.content.decode())
    # Submitting the carried entry again is a new write, of the very same change: refused.
    carried = page_form(refused.content.decode(), status_url(rec))
    twice = admin.post(status_url(rec), carried)
    assert twice.status_code == 400
    assert (
        "Already recorded: “In progress” as of 1 July 2023, with the same note and evidence "
        "link, is in this recommendation's history (recorded by"
    ) in errors(twice.content.decode())
    assert StatusChange.objects.filter(recommendation=rec).count() == 1
    # Another note is another change.
    changed = {**page_form(twice.content.decode(), status_url(rec)), "note": "Law adopted."}
    assert admin.post(status_url(rec), changed).status_code == 302
    assert StatusChange.objects.filter(recommendation=rec).count() == 2


def test_the_same_change_from_a_fresh_form_is_already_recorded(logged_in):
    rec = make_recommendation(year=2023)
    make_status(rec, Status.IN_PROGRESS, as_of=datetime.date(2023, 7, 1), note="Draft law.")
    admin = logged_in("Admin")
    response = admin.post(status_url(rec), filled_status_form(admin, rec, note="Draft law."))
    assert response.status_code == 400
    assert "Already recorded" in errors(response.content.decode())
    assert StatusChange.objects.filter(recommendation=rec).count() == 1
    # The same status and note as of another date is a change.
    other_day = filled_status_form(admin, rec, note="Draft law.", as_of="2023-08-01")
    assert admin.post(status_url(rec), other_day).status_code == 302


@pytest.mark.parametrize(
    "token, message",
    [
        ("", "The form is incomplete: reload the page and enter it again."),
        ("made-up", "The form is damaged: reload the page and enter it again."),
        ("old", "This form is more than 7 days old: reload the page and enter it again."),
    ],
)
def test_a_missing_forged_or_expired_token_is_refused(logged_in, monkeypatch, token, message):
    rec = make_recommendation(year=2023)
    admin = logged_in("Admin")
    if token == "old":
        made = time.time() - (FORM_TOKEN_MAX_AGE + datetime.timedelta(minutes=1)).total_seconds()
        monkeypatch.setattr(signing.time, "time", lambda: made)
        token = new_form_token()
        monkeypatch.undo()
    response = admin.post(status_url(rec), filled_status_form(admin, rec, submission=token))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StatusChange.objects.exists()


def test_a_refused_submission_leaves_its_token_usable(logged_in):
    rec = make_recommendation(year=2023)
    admin = logged_in("Admin")
    form = filled_status_form(admin, rec)
    assert admin.post(status_url(rec), {**form, "as_of": "2999-01-01"}).status_code == 400
    assert not Submission.objects.exists()
    assert admin.post(status_url(rec), form).status_code == 302


def test_used_tokens_are_pruned_after_they_expire(logged_in):
    rec = make_recommendation(year=2023)
    admin = logged_in("Admin")
    admin.post(status_url(rec), filled_status_form(admin, rec))
    assert prune() == 0
    later = Submission.objects.get().made_at + FORM_TOKEN_MAX_AGE + datetime.timedelta(seconds=1)
    assert prune(now=later) == 1
    assert not Submission.objects.exists()


# -- the bulk form -------------------------------------------------------------------------


def filled_bulk_form(client, query, **entry):
    page = client.get(f"{BULK}?{query}")
    assert page.status_code == 200
    return {
        **page_form(page.content.decode(), BULK),
        "status": Status.PARTIAL,
        "as_of": "2024-05-01",
        "note": "Ministry report of May 2024.",
        **entry,
    }


def test_a_bulk_double_submit_records_one_change_each(logged_in):
    recs = [make_recommendation(year=2023) for _ in range(2)]
    admin = logged_in("Admin")
    form = filled_bulk_form(admin, f"id={recs[0].pk}&id={recs[1].pk}")
    assert admin.post(BULK, form).status_code == 302
    again = admin.post(BULK, form)  # the back button, or a second click
    assert again.status_code == 400
    assert "This form was already submitted" in errors(again.content.decode())
    assert StatusChange.objects.count() == 2
    # Confirming the carried entry again (a new token): the very same change, refused.
    carried = page_form(again.content.decode(), BULK)
    assert carried["submission"] != form["submission"]
    twice = admin.post(BULK, carried)
    assert twice.status_code == 400
    assert "Already recorded for all 2 selected recommendations" in errors(twice.content.decode())
    assert StatusChange.objects.count() == 2


def test_a_bulk_change_some_already_have_is_refused_for_all(logged_in):
    norway = get_country("NOR")
    recs = [make_recommendation(norway, year=2023) for _ in range(3)]
    make_status(recs[1], Status.PARTIAL, as_of=datetime.date(2024, 5, 1), note="Same.")
    admin = logged_in("Admin")
    form = filled_bulk_form(admin, "country=norway&all=1", note="Same.")
    response = admin.post(BULK, form)
    assert response.status_code == 400
    assert (
        f"Already recorded for 1 of the 3 selected recommendations (#{recs[1].pk}): "
        "“Partially implemented” as of 1 May 2024, with the same note and evidence link, is "
        "in their history. Nothing was recorded"
    ) in errors(response.content.decode())
    assert StatusChange.objects.count() == 1
