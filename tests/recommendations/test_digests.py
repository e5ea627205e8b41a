"""Follows and email digests: what a digest says, that it goes once per period, and that a run
stopped half-way is finished by the next (locmem email backend)."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from recommendations import digests
from recommendations.models import Digest, DigestSubscription, Follow
from recommendations.services import follow, set_frequency
from recommendations.unsubscribe import unsubscribe_token
from tests.factories import (
    get_country,
    make_ratings,
    make_recommendation,
    make_status,
)

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(days=8)  # past the end of the current weekly period


def subscriber(user, email="reader@example.org", frequency="weekly"):
    """The persona `user` with an email address and a digest subscription from yesterday."""
    user.email = email
    user.save()
    set_frequency(user=user, frequency=frequency)
    DigestSubscription.objects.filter(user=user).update(
        since=timezone.now() - datetime.timedelta(days=1)
    )
    return user


@pytest.fixture
def norway_news(analyst):
    """Norway on the Watch List in 2022 with two recommendations; the user follows it; then
    the 2023 report arrives (Watch List again: at risk), repeating one of them, adding one,
    and a status is recorded."""
    norway = get_country("NOR")
    make_ratings(norway, {2022: "2WL"})
    kept = make_recommendation(norway, year=2022, text="Fund shelters.")
    make_recommendation(norway, year=2022, text="Train judges.")
    user = subscriber(analyst)
    follow(user=user, country=norway)
    make_ratings(norway, {2023: "2WL"})
    make_recommendation(norway, year=2023, text="Fund shelters, again.", carried_over_from=kept)
    make_recommendation(norway, year=2023, text="Screen migrants.")
    make_status(kept, status="in_progress", note="Budget proposed.")
    return user


def test_digest_says_what_changed(norway_news):
    prepared, sent, failed = digests.send_digests(now=timezone.now() + LATER)
    assert (prepared, sent, failed) == (1, 1, 0)
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    text = message.body
    assert "Norway 2022 #1: In progress" in text
    assert "New report year 2023: Tier 2 Watch List" in text
    assert "1 new, 1 repeated, 1 dropped" in text
    assert "Now at risk of automatic downgrade" in text
    assert "due for review" not in text  # analysts record no statuses
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and "<strong>Tier 2 Watch List</strong>" in html
    token = unsubscribe_token(norway_news)
    assert f"/accounts/unsubscribe/{token}/" in text and token in html
    assert message.extra_headers["List-Unsubscribe"].endswith(f"/accounts/unsubscribe/{token}/>")


def test_admins_get_the_due_items_of_followed_countries(admin_user):
    norway = get_country("NOR")
    make_ratings(norway, {2024: "2"})
    old = make_recommendation(norway, year=2024, text="Old ask.")
    make_recommendation(get_country("TCD"), year=2024, text="Not followed.")
    admin = subscriber(admin_user, email="admin@example.org")
    follow(user=admin, country=norway)
    make_status(old, status="no_progress", as_of=datetime.date(2024, 7, 1), note="Checked.")
    digests.send_digests(now=timezone.now() + LATER)
    [message] = mail.outbox
    assert "1 recommendation due for review" in message.body
    assert "Old ask." in message.body and "Not followed." not in message.body
    assert "/recommendations/due/?country=norway" in message.body


def test_nothing_is_sent_twice_and_empty_periods_are_not_mailed(norway_news):
    now = timezone.now() + LATER
    digests.send_digests(now=now)
    assert digests.send_digests(now=now) == (0, 0, 0)
    assert len(mail.outbox) == 1
    # The next week: nothing new, so no mail, but the period is recorded.
    assert digests.send_digests(now=now + datetime.timedelta(days=7)) == (1, 0, 0)
    assert len(mail.outbox) == 1
    # Each period starts where the last ended: nothing counted twice, no gap.
    first, second = Digest.objects.filter(user=norway_news).order_by("period_end")
    assert second.period_start == first.period_end
    assert second.period_end - first.period_end == datetime.timedelta(days=7)
    assert (second.items, second.text) == (0, "")


def test_a_run_stopped_half_way_is_finished_by_the_next(norway_news, manager, monkeypatch):
    second = subscriber(manager, email="second@example.org")  # another reader
    follow(user=second, country=get_country("NOR"))
    make_status(get_country("NOR").recommendations.last(), note="Seen by the second.")
    now = timezone.now() + LATER
    real_send = digests.EmailMultiAlternatives.send
    calls = []

    def crash_on_second(message, *args, **kwargs):
        calls.append(message.to)
        if len(calls) == 2:
            raise ConnectionError("mail server went away")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(digests.EmailMultiAlternatives, "send", crash_on_second)
    assert digests.send_digests(now=now) == (2, 1, 1)
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert Digest.objects.filter(sent_at__isnull=True).count() == 1
    monkeypatch.setattr(digests.EmailMultiAlternatives, "send", real_send)
    # The next run sends the one that failed, with the content frozen then, and only it.
    assert digests.send_digests(now=now) == (0, 1, 0)
    assert [m.to for m in mail.outbox] == [["reader@example.org"], ["second@example.org"]]
    assert digests.send_digests(now=now + datetime.timedelta(hours=1)) == (0, 0, 0)


def test_a_crash_between_preparing_and_sending_loses_nothing(norway_news):
    now = timezone.now() + LATER
    assert digests.prepare(now=now) == 1  # then the process dies
    assert mail.outbox == []
    assert digests.send_digests(now=now) == (0, 1, 0)
    assert len(mail.outbox) == 1


def test_daily_digests_cover_one_day(norway_news):
    set_frequency(user=norway_news, frequency="daily")
    now = timezone.now() + datetime.timedelta(days=1)
    digests.send_digests(now=now)
    digest = Digest.objects.get()
    assert digest.period_end == digests.period_end("daily", now)
    assert digest.period_end.hour == 0 and len(mail.outbox) == 1


def test_command_reports_and_fails_loudly(norway_news, monkeypatch):
    monkeypatch.setattr(
        digests.EmailMultiAlternatives, "send", lambda *a, **k: (_ for _ in ()).throw(OSError)
    )
    later = timezone.now() + LATER
    monkeypatch.setattr(digests.timezone, "now", lambda: later)
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("send_digests")
    assert Digest.objects.get().sent_at is None


def test_unsubscribe_link_works_without_a_login(norway_news):
    browser = Client()
    url = f"/accounts/unsubscribe/{unsubscribe_token(norway_news)}/"
    assert "Stop the TIPWatch email digest" in browser.get(url).content.decode()
    assert DigestSubscription.objects.get(user=norway_news).frequency == "weekly"
    assert browser.post(url).status_code == 200
    assert DigestSubscription.objects.get(user=norway_news).frequency == "never"
    assert digests.send_digests(now=timezone.now() + LATER) == (0, 0, 0)
    assert browser.get(url[:-5] + "x/").status_code == 400  # a tampered token


def test_follow_from_the_country_page_and_the_account_page(analyst_client, analyst):
    page = analyst_client.get("/countries/norway/").content.decode()
    assert "Follow Norway" in page
    assert analyst_client.post("/countries/norway/follow/")["Location"] == "/countries/norway/"
    assert analyst_client.post("/countries/norway/follow/").status_code == 302  # again: no-op
    assert Follow.objects.filter(user=analyst).count() == 1
    assert "Following Norway" in analyst_client.get("/countries/norway/").content.decode()
    account = analyst_client.get("/accounts/").content.decode()
    assert 'href="/countries/norway/"' in account
    assert DigestSubscription.objects.get(user=analyst).frequency == "weekly"
    back = analyst_client.post("/countries/norway/unfollow/", {"next": "/accounts/"})
    assert back["Location"] == "/accounts/"
    assert not Follow.objects.exists()
    evil = analyst_client.post("/countries/norway/follow/", {"next": "https://evil.example/"})
    assert evil["Location"] == "/countries/norway/"


def test_frequency_is_chosen_on_the_account_page(analyst_client, analyst):
    assert analyst_client.post("/accounts/digest/", {"frequency": "daily"}).status_code == 302
    assert DigestSubscription.objects.get(user=analyst).frequency == "daily"
    assert analyst_client.post("/accounts/digest/", {"frequency": "hourly"}).status_code == 400
    assert DigestSubscription.objects.get(user=analyst).frequency == "daily"
