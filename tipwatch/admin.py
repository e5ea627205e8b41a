"""The import log and the web import jobs in the admin: read-only, like the history they
record."""

from django.contrib import admin

from tipwatch.models import ImportJob, ImportRun, UploadedFile


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
