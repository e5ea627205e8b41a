"""The recommendations app's models, one module per domain: recommendation.py (Recommendation
and its reads), status.py (the status history), tally.py (status over time, derived), theme.py
(themes and their corrections), follows.py
(follows, digest subscriptions, digests). Every name is exported here:
`from recommendations.models import X` is the one way to import them."""

from recommendations.models.follows import (
    Digest,
    DigestFrequency,
    DigestSubscription,
    DigestSubscriptionQuerySet,
    Follow,
    FollowQuerySet,
)
from recommendations.models.recommendation import (
    REPORT_PUBLISHED,
    Recommendation,
    RecommendationQuerySet,
    report_published,
)
from recommendations.models.status import StatusChange, StatusChangeQuerySet, emptying_history
from recommendations.models.tally import StatusTally, StatusTallyQuerySet, rebuild_tally, tally_rows
from recommendations.models.theme import (
    Theme,
    ThemeAction,
    ThemeCorrection,
    ThemeCorrectionQuerySet,
    ThemeQuerySet,
)
from recommendations.vocabulary import OPEN_STATUSES, Pillar, Status

__all__ = [
    "OPEN_STATUSES",
    "REPORT_PUBLISHED",
    "Digest",
    "DigestFrequency",
    "DigestSubscription",
    "DigestSubscriptionQuerySet",
    "Follow",
    "FollowQuerySet",
    "Pillar",
    "Recommendation",
    "RecommendationQuerySet",
    "Status",
    "StatusChange",
    "StatusChangeQuerySet",
    "StatusTally",
    "StatusTallyQuerySet",
    "Theme",
    "ThemeAction",
    "ThemeCorrection",
    "ThemeCorrectionQuerySet",
    "ThemeQuerySet",
    "emptying_history",
    "rebuild_tally",
    "report_published",
    "tally_rows",
]
