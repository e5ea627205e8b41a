from django.core.management.base import BaseCommand

from tipwatch.core.submissions import KEPT, prune


class Command(BaseCommand):
    help = (
        f"Delete the used form tokens and API idempotency keys older than {KEPT.days} days "
        "(tipwatch/core/submissions.py). Run daily by the background workers."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Submissions: {prune()} older than {KEPT.days} days deleted.")
