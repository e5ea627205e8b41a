from django import forms
from django.contrib import admin, messages

from recommendations.models import (
    Digest,
    DigestSubscription,
    Follow,
    Recommendation,
    StatusChange,
    ThemeCorrection,
)
from recommendations.services import (
    KEEP_CARRIED_OVER,
    AlreadyRecorded,
    check_carried_over,
    confirm_carried_over,
    record_status,
    recorded_twice,
    save_recommendation,
    validate_status_input,
)


class StatusChangeInline(admin.TabularInline):
    """The history, read-only: new statuses go through record_status (see StatusChangeAdmin)."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["as_of", "status", "note", "evidence_url", "recorded_by", "recorded_at"]
    readonly_fields = fields
    ordering = ["-as_of", "-id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ThemeCorrectionInline(admin.TabularInline):
    """Who corrected the themes and when, read-only: corrections are made on the
    recommendation's page (recommendations.services.correct_themes)."""

    model = ThemeCorrection
    extra = 0
    can_delete = False
    fields = ["action", "theme", "corrected_by", "corrected_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecommendationAdminForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = [
            "country",
            "year",
            "position",
            "text",
            "pillar",
            "carried_over_from",
            "removed_from_report",
            "source",
            "is_synthetic",
        ]

    def clean(self):
        cleaned = super().clean()
        if "carried_over_from" in self.changed_data and not self.errors:
            draft = Recommendation(
                pk=self.instance.pk, country=cleaned["country"], year=cleaned["year"]
            )
            check_carried_over(recommendation=draft, target=cleaned["carried_over_from"])
        return cleaned


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    form = RecommendationAdminForm
    list_display = [
        "country",
        "year",
        "position",
        "pillar",
        "status",
        "recurrence_years",
        "carried_over_confirmed",
    ]
    list_filter = ["year", "status", "pillar", "themes", "country__region"]
    search_fields = ["text", "country__name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country", "carried_over_from"]
    readonly_fields = [
        "status",
        "status_as_of",
        "status_version",
        "carried_over_similarity",
        "carried_over_confirmed",
        "recurrence_years",
        "theme_labels",
        "themes_corrected",
        "created_at",
    ]
    inlines = [StatusChangeInline, ThemeCorrectionInline]
    actions = ["confirm_carried_over"]

    @admin.display(description="Themes (corrected on the recommendation's page)")
    def theme_labels(self, obj):
        return ", ".join(theme.label for theme in obj.themes.all()) or "No theme"

    @admin.action(description="Confirm what they are carried over from (imports keep it)")
    def confirm_carried_over(self, request, queryset):
        confirmed = confirm_carried_over(recommendations=queryset)
        self.message_user(
            request,
            f"{confirmed} recommendation(s) confirmed as carried over (or repeating nothing).",
        )

    def save_model(self, request, obj, form, change):
        # A carried_over_from an admin sets, changes or removes goes through the service: it is
        # confirmed, kept one to one, and recurrence_years recomputed.
        carried_over_changed = "carried_over_from" in form.changed_data
        save_recommendation(
            recommendation=obj,
            new_carried_over_from=obj.carried_over_from
            if carried_over_changed
            else KEEP_CARRIED_OVER,
        )


class StatusChangeAdminForm(forms.ModelForm):
    class Meta:
        model = StatusChange
        fields = ["recommendation", "status", "as_of", "note", "evidence_url"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        validate_status_input(
            year=cleaned["recommendation"].year,
            status=cleaned["status"],
            as_of=cleaned["as_of"],
            note=cleaned.get("note", ""),
            evidence_url=cleaned.get("evidence_url", ""),
        )
        if refusal := recorded_twice(
            [cleaned["recommendation"]],
            status=cleaned["status"],
            as_of=cleaned["as_of"],
            note=cleaned.get("note", ""),
            evidence_url=cleaned.get("evidence_url", ""),
        ):
            raise refusal
        return cleaned


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """Adding is allowed (through the service); changing and deleting never, for anyone."""

    list_display = ["recommendation", "status", "as_of", "recorded_by", "recorded_at"]
    list_filter = ["status", "as_of"]
    list_select_related = ["recommendation__country", "recorded_by"]
    search_fields = ["note", "recommendation__country__name"]
    autocomplete_fields = ["recommendation"]
    form = StatusChangeAdminForm

    def has_add_permission(self, request):
        return request.user.has_perm("recommendations.change_status")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The form already applied the service's rules; the service writes history and status.
        try:
            saved = record_status(
                recommendation=obj.recommendation,
                status=obj.status,
                as_of=obj.as_of,
                note=obj.note,
                evidence_url=obj.evidence_url,
                user=request.user,
            )
        except AlreadyRecorded as done:  # by a concurrent save since the form was checked
            saved = done.latest_change
            self.message_user(request, done.messages[0], level=messages.WARNING)
        obj.pk = saved.pk
        obj.recorded_by = saved.recorded_by
        obj.recorded_at = saved.recorded_at


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "created_at"]
    search_fields = ["user__username", "country__name"]
    raw_id_fields = ["user", "country"]


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "since"]
    list_filter = ["frequency"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """What was sent (or is waiting to be): read-only, the record that stops a second send."""

    list_display = ["user", "frequency", "period_start", "period_end", "items", "sent_at"]
    list_filter = ["frequency", "sent_at"]
    search_fields = ["user__username"]
    readonly_fields = [f.name for f in Digest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
