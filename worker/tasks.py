"""Declaring background tasks and enqueuing them: the API the other apps use.

    from worker.tasks import background_task

    @background_task(max_attempts=5)
    def send_notification(notification_id: int) -> None: ...

    send_notification.enqueue_on_commit(notification.pk)

Built on Django's tasks framework through its backport (django-tasks) with the
database backend (django-tasks-db). A task that raises, or whose worker dies
under it, runs again until it has had `max_attempts` attempts, waiting
`retry_delay` before the second, twice that before the third, and so on, at
most an hour (worker/recovery.py); then it stays failed, with its traceback,
in the admin. Tasks must therefore be safe to run more than once.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import transaction

# On Django 6, import these from django.tasks instead; nothing else changes.
from django_tasks.base import Task
from django_tasks.exceptions import InvalidTaskError
from django_tasks_db import DatabaseBackend

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_RETRY_DELAY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=1)


def delay_before_retry(task, attempts):
    """How long `task` waits after its `attempts`-th failed attempt: its
    retry_delay, doubled for each earlier attempt, at most MAX_RETRY_DELAY.
    Tasks declared without background_task() get the defaults."""
    first = getattr(task, "retry_delay", DEFAULT_RETRY_DELAY)
    return min(first * 2 ** (attempts - 1), MAX_RETRY_DELAY)


def attempts_allowed(task):
    return getattr(task, "max_attempts", DEFAULT_MAX_ATTEMPTS)


@dataclass(frozen=True, kw_only=True)
class BackgroundTask(Task):
    """A Django task with a retry policy and an enqueue that waits for the
    caller's transaction."""

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    retry_delay: timedelta = DEFAULT_RETRY_DELAY

    def __post_init__(self):
        Task.__post_init__(self)
        if self.max_attempts < 1:
            raise InvalidTaskError("max_attempts must be at least 1.")

    def enqueue_on_commit(self, *args, **kwargs):
        """Enqueue the task so that it runs once the caller's transaction has
        committed, and never if it rolls back. Returns nothing: the task may
        not be stored yet."""
        if isinstance(self.get_backend(), DatabaseBackend):
            # The task's row is written in the caller's transaction, so it
            # becomes visible to workers with the data the task reads, and no
            # crash between the commit and an on_commit hook can lose it.
            self.enqueue(*args, **kwargs)
        else:
            # A broker outside the database would run the task before the
            # commit; a failure to enqueue is logged, never breaks the commit.
            transaction.on_commit(partial(self.enqueue, *args, **kwargs), robust=True)


def background_task(function=None, **options):
    """Declare a module-level function a background task, as django.tasks'
    @task does: bare, or with BackgroundTask's options (max_attempts,
    retry_delay, priority, queue_name, backend, takes_context)."""

    def declare(function):
        return BackgroundTask(func=function, **options)

    return declare(function) if function else declare
