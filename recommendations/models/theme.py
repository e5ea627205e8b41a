"""Themes of the asks (DESIGN.md, "Themes of the asks"): the fixed list of 18 themes, the
many-to-many from Recommendation to them, and the admins' corrections of a recommendation's
themes, append-only. The rules that propose themes are in recommendations/themes.py (pure)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recommendations.models.recommendation import Recommendation


class ThemeQuerySet(models.QuerySet):
    def in_order(self):
        """DESIGN.md's order of the themes (position)."""
        return self.order_by("position")

    def by_slug(self):
        """One query: {slug: Theme} of every theme."""
        return {theme.slug: theme for theme in self.all()}


class Theme(models.Model):
    """One of the fixed themes; made by migration 0010, never by a user."""

    slug = models.SlugField(max_length=32, unique=True)
    label = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(
        unique=True, help_text="Order of DESIGN.md's table of themes."
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.label


class ThemeAction(models.TextChoices):
    ADD = "add", "Added"
    REMOVE = "remove", "Removed"


class ThemeCorrectionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-corrected_at", "-id")

    def with_context(self):
        """With the theme and who corrected, for a recommendation's page (one query)."""
        return self.select_related("theme", "corrected_by").newest_first()


class ThemeCorrection(models.Model):
    """An admin added or removed one theme of a recommendation. Append-only: never updated,
    never deleted (recommendations.services.themes.correct_themes writes it)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="theme_corrections"
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="corrections")
    action = models.CharField(max_length=6, choices=ThemeAction.choices)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="theme_corrections",
        help_text="Empty when a command recorded it.",
    )
    corrected_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ThemeCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-corrected_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ThemeAction.values), name="theme_correction_action_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["recommendation", "-corrected_at"], name="theme_correction_rec"),
        ]

    def __str__(self):
        return f"{self.recommendation}: {self.get_action_display()} {self.theme}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("A theme correction is never changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A theme correction is never deleted.")
