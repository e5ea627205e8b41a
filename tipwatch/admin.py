"""The import log in the admin: read-only, like the history it records."""

from django.contrib import admin

from tipwatch.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["command", "started_at", "invoked_as", "succeeded", "created", "updated"]
    list_filter = ["command", "succeeded"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
