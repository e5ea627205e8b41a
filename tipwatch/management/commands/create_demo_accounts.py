import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_ROLES = {"demo-analyst": "Analyst", "demo-admin": "Admin", "demo-manager": "Manager"}
# Example addresses (example.org is reserved for examples): with them the digest can be tried;
# mail goes to the console unless EMAIL_URL says otherwise.
DEMO_EMAILS = {
    "demo-analyst": "analyst@example.org",
    "demo-admin": "admin@example.org",
    "demo-manager": "manager@example.org",
}


class Command(BaseCommand):
    help = "Create one demo account per role (once) and print their usernames and passwords."

    def handle(self, *args, **options):
        accounts_file = settings.BASE_DIR / "var" / "demo-accounts.json"
        saved = json.loads(accounts_file.read_text()) if accounts_file.exists() else {}
        User = get_user_model()
        with transaction.atomic():
            for username, role in DEMO_ROLES.items():
                password = saved.get(username) or secrets.token_urlsafe(12)
                user, created = User.objects.get_or_create(username=username)
                if created or username not in saved:
                    user.set_password(password)
                user.is_staff = role == "Admin"
                user.email = user.email or DEMO_EMAILS[username]  # an address set since is kept
                user.save()
                user.groups.set([Group.objects.get(name=role)])
                saved[username] = password
        accounts_file.write_text(json.dumps(saved, indent=2))
        accounts_file.chmod(0o600)
        self.stdout.write("Demo accounts (kept in var/demo-accounts.json):")
        for username, role in DEMO_ROLES.items():
            self.stdout.write(
                f"  {role:<8} username: {username:<13} password: {saved[username]}"
                f"  email: {DEMO_EMAILS[username]}"
            )
