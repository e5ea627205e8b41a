"""What import_report and import_tiers share: options, the progress bar, problems on stderr."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tipwatch.core.importlog import ImportFailed

KINDS = {"rating": "tier ratings", "recommendation": "recommendations"}
NAMED = 5  # chapters named in the summary, at most


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
            # The bar writes to the real stream: Django's wrappers (one more for each
            # call_command that passes its own on) would add a newline and a colour per update.
            stream = self.stderr
            while hasattr(stream, "_out"):
                stream = stream._out
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
        for decision in outcome.decisions:
            self.stdout.write(f"decided: {decision}")
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
        if outcome.carried_over:
            parts.append(f"{outcome.carried_over} carried over from an earlier year")
        parts.append(f"{len(outcome.warnings)} warning(s)")
        rate = len(files) / seconds if seconds > 0 else 0
        # A rate under one file a second says nothing a reader can use ("0 files/s").
        rate = f", {rate:.0f} files/s" if rate >= 1 else ""
        named = ""
        if outcome.imported:
            shown = ", ".join(outcome.imported[:NAMED])
            more = len(outcome.imported) - NAMED
            named = f" ({shown}{f' and {more} more' if more > 0 else ''})"
        return (
            f"Imported {len(files)} file(s){named} in {seconds:.2f} s{rate}: "
            + "; ".join(parts)
            + "."
        )
