"""The one place webhooks hand work to the background worker (worker/,
infra.md)."""


def run_later(task, *args, at=None):
    """Run `task(*args)` on the worker at `at` (a time) or as soon as it can,
    once the current transaction commits: with the database backend the job
    is written in the transaction itself, so it exists exactly when the
    transaction's other writes do."""
    job = task.using(run_after=at) if at is not None else task
    job.enqueue_on_commit(*args)
