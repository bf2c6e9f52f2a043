import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from worker.heartbeat import Heartbeat


class Command(db_worker.Command):
    help = (
        "Run a database background worker, with a heartbeat so that another "
        "worker runs again whatever this one was running if it dies."
    )

    def handle(self, *args, **options):
        reloading = options["reload"] and not options["batch"]
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent process only restarts the child that
            # runs tasks; the child beats.
            return super().handle(*args, **options)
        with Heartbeat(options["worker_id"]):
            super().handle(*args, **options)
