"""Users following countries, how often they want the digest, and each digest written."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from countries.models import Country


class DigestFrequency(models.TextChoices):
    NEVER = "never", "No digest"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly (Mondays)"


class FollowQuerySet(models.QuerySet):
    def of(self, user):
        """The follows of user, with their countries, by country name (one query)."""
        return self.filter(user=user).select_related("country")

    def countries_of(self, user):
        """The countries user follows, by name (one query)."""
        return [follow.country for follow in self.of(user)]

    def following(self, user, country):
        """Whether user follows country (one query)."""
        return self.filter(user=user, country=country).exists()


class Follow(models.Model):
    """A user follows a country: its news goes into the user's digest.

    known_year and known_at_risk are the country's latest report year on record and its
    downgrade risk when followed: the baseline of the first digest after it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    known_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    known_at_risk = models.BooleanField(default=False, editable=False)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["country__sort_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="one_follow_per_country")
        ]

    def __str__(self):
        return f"{self.user} follows {self.country}"


class DigestSubscriptionQuerySet(models.QuerySet):
    def frequency_of(self, user):
        """How often user gets the digest: never without a subscription (one query)."""
        subscription = self.filter(user=user).first()
        return subscription.frequency if subscription else DigestFrequency.NEVER


class DigestSubscription(models.Model):
    """How often a user wants the digest; `since` is when the first period starts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    frequency = models.CharField(
        max_length=6, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    since = models.DateTimeField(default=timezone.now)

    objects = DigestSubscriptionQuerySet.as_manager()

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class Digest(models.Model):
    """One user's digest of one period: written (content frozen) before it is sent, marked
    sent after, so a run that stops half-way is finished by the next, never repeated."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    frequency = models.CharField(max_length=6, choices=DigestFrequency.choices)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    subject = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    items = models.PositiveIntegerField(default=0, help_text="0: nothing to tell, not mailed.")
    state = models.JSONField(
        default=dict, help_text="Latest report year and risk per followed country (ISO3)."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period_end"], name="one_digest_per_period")
        ]
        indexes = [models.Index(fields=["sent_at"], name="digest_unsent")]

    def __str__(self):
        return f"{self.user} digest to {self.period_end:%Y-%m-%d}"
