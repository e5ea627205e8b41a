from django.core.management.base import BaseCommand, CommandError

from recommendations.digests import send_digests


class Command(BaseCommand):
    help = (
        "Email each subscriber the digest of their followed countries for the period that "
        "ended (daily or weekly). Idempotent: run it as often as you like (e.g. hourly)."
    )

    def handle(self, *args, **options):
        prepared, sent, failed = send_digests()
        self.stdout.write(f"Digests: {prepared} prepared, {sent} sent, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent; the next run retries them.")
