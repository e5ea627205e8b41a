"""The rows migrations load (roles, the country catalogue, the themes), back after a flush.

A transactional test (live server, threads) ends with a flush that empties every table, so a
later transactional test would find no groups and no countries. serialized_rollback should
restore them, but does not once Playwright's event loop runs in the test thread (Django's
connections are context-local, and the serialized copy sits on another context's connection),
so the tests that need these rows call restore_migrated_data() first.
"""

from django.contrib.auth.models import Group, Permission

from countries.catalogue import sync_countries
from countries.models import Country
from recommendations.models import Theme
from recommendations.themes import THEMES
from tipwatch.roles import ROLE_PERMISSIONS


def restore_migrated_data():
    for role, codes in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=role)
        if created:
            for code in codes:
                app_label, codename = code.split(".")
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
    if not Country.objects.exists():
        sync_countries(Country)
    if not Theme.objects.exists():
        Theme.objects.bulk_create(
            Theme(slug=slug, label=label, position=position)
            for position, (slug, label) in enumerate(THEMES, start=1)
        )
