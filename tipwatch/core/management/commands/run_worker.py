from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from tipwatch.core import jobs
from tipwatch.core.schedule import Scheduler


class Command(DatabaseWorkerCommand):
    help = (
        "Run a background worker: first mark failed the import jobs a stopped worker left "
        "unfinished, then run queued jobs (django-tasks' db_worker, same options) and queue "
        "the periodic commands of tipwatch/core/schedule.py when due."
    )

    def handle(self, *args, **options):
        failed = jobs.fail_stopped_jobs()
        if failed:
            self.stderr.write(f"{failed} import job(s) a stopped worker left are marked failed.")
        scheduler = None
        if not options["batch"]:
            scheduler = Scheduler()
            scheduler.start()
        try:
            super().handle(*args, **options)
        finally:
            if scheduler:
                scheduler.stop()
