"""The import log and the web import jobs in the admin: read-only, like the history they
record;
API tokens."""

import logging

from django.contrib import admin
from django.utils import timezone

from tipwatch.core.models import ApiToken, ImportJob, ImportRun, UploadedFile

logger = logging.getLogger("tipwatch.core.tokens")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UploadedFileInline(admin.TabularInline):
    model = UploadedFile
    fields = readonly_fields = ["name", "size", "sha256", "uploaded_by", "uploaded_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "created_by", "state", "done", "total"]
    list_filter = ["state"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
    inlines = [UploadedFileInline]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["command", "started_at", "invoked_as", "succeeded", "created", "updated"]
    list_filter = ["command", "succeeded"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their users (shown once); admins see them and may revoke them."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "digest"]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        revoked = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        logger.info("%s revoked %s API token(s) in the admin", request.user, revoked)
        self.message_user(request, f"{revoked} token(s) revoked.")
