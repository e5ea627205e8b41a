"""What import_report and import_tiers share: options, the progress bar, problems on stderr."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tipwatch.core.importlog import ImportFailed

KINDS = {"rating": "tier ratings", "recommendation": "recommendations"}


class ImportCommand(BaseCommand):
    unit = "file"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--quiet", action="store_true", help="No progress bar, no summary.")
        parser.add_argument(
            "--user", metavar="USERNAME", help="Who runs the import (kept in the import log)."
        )

    def run_import(self, service, options, **arguments):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"unknown user {options['user']!r}")
        files = options["files"]
        show_progress = not options["quiet"] and len(files) > 1

        def progress(items):
            # The bar writes to the real stream: Django's wrapper would add a newline per update.
            stream = getattr(self.stderr, "_out", self.stderr)
            return tqdm(items, disable=not show_progress, file=stream, unit=self.unit)

        started = time.monotonic()
        try:
            outcome = service(
                files, user=user, invoked_as="command line", progress=progress, **arguments
            )
        except ImportFailed as failure:
            self.report_failure(failure)
        for warning in outcome.warnings:
            self.stderr.write(warning.as_warning())
        if not options["quiet"]:
            self.stdout.write(self.summary(files, outcome, time.monotonic() - started))
        return outcome

    def run_preview(self, service, options, **arguments):
        """Print the plan of an import (service: a preview function) and write nothing."""
        try:
            plan = service(options["files"], **arguments)
        except ImportFailed as failure:
            self.report_failure(failure)
        self.stdout.write(plan.as_text())
        return plan

    def report_failure(self, failure):
        for warning in failure.warnings:
            self.stderr.write(warning.as_warning())
        for problem in failure.problems:
            self.stderr.write(str(problem))
        raise CommandError(f"{len(failure.problems)} problem(s) found; nothing was imported.")

    def summary(self, files, outcome, seconds):
        parts = []
        for kind, label in KINDS.items():
            counts = {
                what: n for (counted, what), n in sorted(outcome.counts.items()) if counted == kind
            }
            if counts:
                parts.append(f"{label}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
        if outcome.links:
            parts.append(f"{outcome.links} linked to an earlier year")
        parts.append(f"{len(outcome.warnings)} warning(s)")
        rate = f", {len(files) / seconds:.0f} {self.unit}s/s" if seconds > 0 else ""
        return f"Imported {len(files)} file(s) in {seconds:.2f} s{rate}: " + "; ".join(parts) + "."
