"""The one place webhooks hand work to the background worker (django-tasks
with its database backend; see infra.md). Swapping the worker changes only
this function."""

from django.db import transaction


def run_later(task, *args, at=None, after_commit=True):
    """Run `task(*args)` on the worker at `at` (a time) or as soon as it can:
    after the current transaction commits, or within it, so the job exists
    exactly when the transaction's other writes do."""
    job = task.using(run_after=at) if at is not None else task

    if after_commit:
        transaction.on_commit(lambda: job.enqueue(*args))
    else:
        job.enqueue(*args)
