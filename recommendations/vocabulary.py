"""The recommendations' vocabulary: implementation statuses (in order of progress) and the 3P
pillars. Pure: the models, charts, exports and pillar rules import these without the database
(as countries/tiers.py holds the tier vocabulary)."""

from django.db import models


class Status(models.TextChoices):
    """Implementation status, in order of progress."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    NO_PROGRESS = "no_progress", "No progress"
    IN_PROGRESS = "in_progress", "In progress"
    PARTIAL = "partial", "Partially implemented"
    IMPLEMENTED = "implemented", "Implemented"


OPEN_STATUSES = [Status.NOT_ASSESSED, Status.NO_PROGRESS, Status.IN_PROGRESS, Status.PARTIAL]


class Pillar(models.TextChoices):
    PROSECUTION = "prosecution", "Prosecution"
    PROTECTION = "protection", "Protection"
    PREVENTION = "prevention", "Prevention"
    PARTNERSHIP = "partnership", "Partnership"
    GENERAL = "general", "General"
