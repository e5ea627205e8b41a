"""Who may use the API: the same rules as the pages, by permission, never by group name."""

from django.conf import settings
from rest_framework import permissions

CHANGE_STATUS = "recommendations.change_status"


class ReadAccess(permissions.BasePermission):
    """Reads need a login (session or token) unless PUBLIC_READ_ONLY opens them; nothing else
    is allowed unless a view says so."""

    def has_permission(self, request, view):
        if request.method not in permissions.SAFE_METHODS:
            return False
        return settings.PUBLIC_READ_ONLY or bool(request.user and request.user.is_authenticated)


class CanRecordStatus(permissions.BasePermission):
    message = "Recording a status needs the permission to change statuses (admins)."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(CHANGE_STATUS))
