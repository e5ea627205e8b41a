"""Users follow countries and choose how often their digest comes."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from recommendations.models import DigestFrequency, DigestSubscription, Follow
from tipwatch.core.versions import atomic_write, changed

logger = logging.getLogger("tipwatch.digests")


@atomic_write
def follow(*, user, country):
    """Follow a country (again: nothing changes). The first follow subscribes the user to the
    weekly digest, which they can change or stop on the account page. The country's pages are
    outdated: each user's cached copy carries their own Follow button."""
    latest = country.ratings.newest_first().first()
    try:
        with transaction.atomic():
            Follow.objects.create(
                user=user,
                country=country,
                known_year=latest.year if latest else None,
                known_at_risk=bool(latest and latest.at_risk),
            )
    except IntegrityError:
        return False
    DigestSubscription.objects.get_or_create(user=user)
    changed(scopes=[country.pk], rebuild=False)
    logger.info("%s follows %s", user.get_username(), country.iso3)
    return True


@atomic_write
def unfollow(*, user, country):
    deleted, _ = Follow.objects.filter(user=user, country=country).delete()
    if deleted:
        changed(scopes=[country.pk], rebuild=False)
        logger.info("%s no longer follows %s", user.get_username(), country.iso3)
    return bool(deleted)


@transaction.atomic
def set_frequency(*, user, frequency):
    """Daily, weekly or never; a new or resumed subscription starts its first period now."""
    if frequency not in DigestFrequency.values:
        raise ValidationError(
            f"Unknown frequency {frequency!r}: choose one of {', '.join(DigestFrequency.values)}."
        )
    subscription, created = DigestSubscription.objects.select_for_update().get_or_create(
        user=user, defaults={"frequency": frequency}
    )
    if not created and subscription.frequency != frequency:
        if subscription.frequency == DigestFrequency.NEVER:
            subscription.since = timezone.now()
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency", "since"])
    logger.info("%s digest: %s", user.get_username(), frequency)
    return subscription
