"""Every mail URL that settings accept sends a digest (tipwatch/core/mail.py): console, file,
memory and SMTP (against a local debugging server)."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from recommendations import digests
from recommendations.models import DigestSubscription
from recommendations.services import follow, set_frequency
from tests.factories import get_country, make_ratings, make_recommendation, make_status
from tipwatch.core.mail import MailURLError, mail_settings

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(days=8)


@pytest.fixture
def reader(analyst):
    """The analyst, with an address and a weekly digest, follows Norway; then a report and a
    status arrive."""
    norway = get_country("NOR")
    make_ratings(norway, {2022: "2WL"})
    asked = make_recommendation(norway, year=2022, text="Fund shelters for men.")
    analyst.email = "reader@example.org"
    analyst.save()
    set_frequency(user=analyst, frequency="weekly")
    DigestSubscription.objects.filter(user=analyst).update(
        since=timezone.now() - datetime.timedelta(days=1)
    )
    follow(user=analyst, country=norway)
    make_ratings(norway, {2023: "2WL"})
    make_status(asked, status="in_progress", note="Budget proposed.")
    return analyst


def send_with(url, tmp_path):
    with override_settings(**mail_settings(url, base_dir=tmp_path)):
        return digests.send_digests(now=timezone.now() + LATER)


def test_console(reader, tmp_path, capsys):
    assert send_with("console:", tmp_path) == (1, 1, 0)
    assert "reader@example.org" in capsys.readouterr().out


@pytest.mark.parametrize("relative", [False, True])
def test_file(reader, tmp_path, relative):
    url = "file://mail/out" if relative else f"file://{tmp_path}/mail/out"
    assert send_with(url, tmp_path) == (1, 1, 0)
    [written] = (tmp_path / "mail" / "out").iterdir()
    assert "reader@example.org" in written.read_text()


def test_memory(reader, tmp_path):
    assert send_with("memory:", tmp_path) == (1, 1, 0)
    assert mail.outbox[0].to == ["reader@example.org"]


class Received(Sink):
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 OK"


def test_smtp_against_a_local_server(reader, tmp_path):
    handler = Received()
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        assert send_with(f"smtp://127.0.0.1:{port}", tmp_path) == (1, 1, 0)
    finally:
        server.stop()
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["reader@example.org"]


@pytest.mark.parametrize("url", ["file://", "nonsense://x", "smtp"])
def test_urls_that_cannot_send_are_refused_at_start(url, tmp_path):
    with pytest.raises(MailURLError):
        mail_settings(url, base_dir=tmp_path)
