"""Email digests: what changed for the countries a user follows since their last digest.

send_digests() is the one entry point (the `send_digests` command and a scheduled task call
it). It works in two steps, so that a run stopped at any point is finished by the next one and
nothing goes out twice:

1. prepare: for each subscriber whose period (daily: to midnight UTC; weekly: to Monday
   midnight UTC) has ended and who has no Digest row for it, the digest is built and saved,
   content frozen, in one transaction (the unique (user, period_end) refuses a second one).
2. deliver: each saved, unsent digest is locked, mailed and marked sent in one transaction;
   a run that finds it sent skips it. A crash before the mark leaves it unsent: the next run
   sends it. The one window left is a crash after the mail server accepted the message and
   before the commit; the message then goes again with the same Message-ID, which mail
   clients use to fold duplicates.

A period with nothing to tell is recorded (items 0, marked sent) but not mailed.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from countries.models import TierRating
from recommendations.models import (
    Digest,
    DigestFrequency,
    DigestSubscription,
    Follow,
    Recommendation,
    StatusChange,
)
from recommendations.unsubscribe import unsubscribe_token

logger = logging.getLogger("tipwatch.digests")

LISTED_CHANGES = 100  # status changes listed in one digest; the rest are counted
LISTED_DUE = 10  # due recommendations listed per country
CHANGE_STATUS = "recommendations.change_status"


def period_end(frequency, now):
    """The end of the latest finished period: midnight UTC today, or Monday's for weekly."""
    midnight = now.astimezone(datetime.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == DigestFrequency.WEEKLY:
        midnight -= datetime.timedelta(days=midnight.weekday())
    return midnight


@dataclass
class CountryNews:
    country: object
    report_years: list = field(default_factory=list)
    newly_at_risk: bool = False
    due: list = field(default_factory=list)
    due_count: int = 0

    @property
    def has_news(self):
        return bool(self.report_years or self.newly_at_risk or self.due_count)


def _absolute(path):
    return settings.SITE_URL + path


def build_digest(*, user, start, end, baseline, today):
    """What a digest for user over (start, end] says, and the state the next one starts from.

    baseline maps ISO3 to [latest report year, at risk] as of the previous digest (or the
    follow); countries missing from it start from their Follow's known values.
    """
    follows = list(Follow.objects.of(user))
    countries = {f.country_id: f.country for f in follows}
    known = {
        f.country_id: baseline.get(f.country.iso3, [f.known_year, f.known_at_risk]) for f in follows
    }
    changes = list(
        StatusChange.objects.with_context()
        .filter(recommendation__country__in=countries, recorded_at__gt=start, recorded_at__lte=end)
        .order_by("recommendation__country__sort_name", "recorded_at", "id")[: LISTED_CHANGES + 1]
    )
    ratings = defaultdict(dict)
    for rating in TierRating.objects.filter(country__in=countries).order_by("year"):
        ratings[rating.country_id][rating.year] = rating
    news = {pk: CountryNews(country) for pk, country in countries.items()}
    state = {}
    new_years = []
    for pk, by_year in ratings.items():
        known_year, known_risk = known[pk]
        latest = by_year[max(by_year)]
        state[countries[pk].iso3] = [latest.year, latest.at_risk]
        for year, rating in by_year.items():
            if known_year is None or year > known_year:
                news[pk].report_years.append({"year": year, "rating": rating})
                new_years.append((pk, year))
        news[pk].newly_at_risk = latest.at_risk and not known_risk
    for pk in countries:
        state.setdefault(countries[pk].iso3, list(known[pk]))
    _count_recommendations(news, new_years)
    if user.has_perm(CHANGE_STATUS):
        _add_due(news, countries, today)
    country_news = [n for n in news.values() if n.has_news]
    country_news.sort(key=lambda n: n.country.sort_name)
    items = min(len(changes), LISTED_CHANGES) + sum(
        len(n.report_years) + n.newly_at_risk + n.due_count for n in country_news
    )
    return {
        "changes": changes[:LISTED_CHANGES],
        "more_changes": len(changes) > LISTED_CHANGES,
        "countries": country_news,
        "items": items,
        "state": state,
    }


def _count_recommendations(news, new_years):
    """New, repeated and dropped recommendations of each newly imported report year (two
    queries, whatever the number of years)."""
    if not new_years:
        return
    wanted = Q()
    for pk, year in new_years:
        wanted |= Q(country_id=pk, year=year)
    made = defaultdict(lambda: {"new": 0, "repeated": 0})
    rows = (
        Recommendation.objects.in_report()
        .filter(wanted)
        .values_list("country_id", "year")
        .annotate(
            new=Count("id", filter=Q(carried_over_from__isnull=True)),
            repeated=Count("id", filter=Q(carried_over_from__isnull=False)),
        )
        .order_by()
    )
    for pk, year, new, repeated in rows:
        made[(pk, year)] = {"new": new, "repeated": repeated}
    dropped_wanted = Q()
    for pk, year in new_years:
        dropped_wanted |= Q(country_id=pk, dropped_in=year)
    dropped = dict(
        ((pk, year), n)
        for pk, year, n in Recommendation.objects.dropped()
        .filter(dropped_wanted)
        .values_list("country_id", "dropped_in")
        .annotate(n=Count("id"))
        .order_by()
    )
    for pk, country_news in news.items():
        for entry in country_news.report_years:
            entry.update(made[(pk, entry["year"])], dropped=dropped.get((pk, entry["year"]), 0))


def _add_due(news, countries, today):
    """Recommendations due for review in followed countries: a count and the oldest few."""
    due = Recommendation.objects.due_for_review(today).filter(country__in=countries)
    counts = dict(due.values_list("country_id").annotate(n=Count("id")).order_by())
    for pk, n in counts.items():
        news[pk].due_count = n
        news[pk].due_url = _absolute(
            reverse("recommendations:due") + f"?country={countries[pk].slug}"
        )
    for rec in due.filter(country__in=list(counts))[: LISTED_DUE * max(len(counts), 1)]:
        if len(news[rec.country_id].due) < LISTED_DUE:
            news[rec.country_id].due.append(rec)


def _render(user, digest_period, content):
    context = {
        "user": user,
        "period": digest_period,
        "site_url": settings.SITE_URL,
        "account_url": _absolute(reverse("account")),
        "unsubscribe_url": _absolute(reverse("unsubscribe", args=[unsubscribe_token(user)])),
        **content,
    }
    for n in content["countries"]:
        n.url = _absolute(n.country.get_absolute_url())
    text = render_to_string("emails/digest.txt", context)
    html = render_to_string("emails/digest.html", context)
    return text, html


def prepare(*, now):
    """Save the digest of every subscriber whose period ended and has none yet."""
    prepared = 0
    subscriptions = (
        DigestSubscription.objects.exclude(frequency=DigestFrequency.NEVER)
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for subscription in subscriptions:
        user = subscription.user
        end = period_end(subscription.frequency, now)
        last = Digest.objects.filter(user=user).order_by("-period_end").first()
        start = max(subscription.since, last.period_end) if last else subscription.since
        if start >= end:
            continue
        content = build_digest(
            user=user,
            start=start,
            end=end,
            baseline=last.state if last else {},
            today=end.date(),
        )
        period = {"start": start, "end": end, "frequency": subscription.get_frequency_display()}
        text, html = _render(user, period, content) if content["items"] else ("", "")
        try:
            with transaction.atomic():
                Digest.objects.create(
                    user=user,
                    frequency=subscription.frequency,
                    period_start=start,
                    period_end=end,
                    subject=f"TIPWatch: {content['items']} update(s) to {end:%d %B %Y}",
                    text=text,
                    html=html,
                    items=content["items"],
                    state=content["state"],
                    sent_at=None if content["items"] and user.email else now,
                )
        except IntegrityError:  # another run prepared this period first
            continue
        if content["items"] and not user.email:
            logger.warning("Digest for %s not mailed: no email address", user.get_username())
        prepared += 1
    return prepared


def deliver(*, connection=None):
    """Mail every prepared, unsent digest; each marked sent in the transaction that sent it."""
    sent = failed = 0
    for pk in (
        Digest.objects.filter(sent_at__isnull=True).order_by("id").values_list("pk", flat=True)
    ):
        try:
            with transaction.atomic():
                digest = Digest.objects.select_for_update().select_related("user").get(pk=pk)
                if digest.sent_at is not None:
                    continue
                _message(digest, connection).send()
                digest.sent_at = timezone.now()
                digest.save(update_fields=["sent_at"])
        except Exception:
            failed += 1
            logger.exception("Digest %s not sent; the next run retries it", pk)
            continue
        sent += 1
        logger.info("Digest %s sent to %s (%s items)", pk, digest.user.get_username(), digest.items)
    return sent, failed


def _message(digest, connection):
    unsubscribe = _absolute(reverse("unsubscribe", args=[unsubscribe_token(digest.user)]))
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=digest.text,
        to=[digest.user.email],
        connection=connection,
        headers={
            "Message-ID": f"<digest-{digest.pk}-{digest.period_end:%Y%m%d}@tipwatch>",
            "List-Unsubscribe": f"<{unsubscribe}>",
        },
    )
    message.attach_alternative(digest.html, "text/html")
    return message


def send_digests(*, now=None, connection=None):
    """Prepare and deliver every due digest; returns (prepared, sent, failed). Safe to run as
    often as wanted, and concurrently: nothing is sent twice."""
    now = now or timezone.now()
    prepared = prepare(now=now)
    sent, failed = deliver(connection=connection)
    return prepared, sent, failed
