"""Putting tasks back in the queue: after a failed attempt, and after the
worker running them died.

django-tasks-db marks a task that raises as failed and never runs it again,
and a task whose worker is killed stays "running" for ever (its issue #46).
Here a failed attempt is queued again after its backoff (`retry_failed`, on
the task_finished signal), and the tasks of a worker whose heartbeat stopped
are queued again at once (`forget_workers`). Either way the task's attempts
(one per worker that claimed it) count towards its max_attempts; out of them,
it fails for good, with its last error kept for the admin. (Between the
library marking an attempt failed and `retry_failed` queuing it again, for
a moment, a task with attempts left reads as failed too.)
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat
from .tasks import attempts_allowed, delay_before_retry

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished."""


def retry_failed(sender, task_result, **kwargs):
    """After a failed attempt of a task with attempts left, queue it again
    after its backoff; the error stays on it until an attempt succeeds."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    if task_result.attempts >= attempts_allowed(task_result.task):
        return
    run_after = timezone.now() + delay_before_retry(
        task_result.task, task_result.attempts
    )
    DBTaskResult.objects.filter(
        id=task_result.id, status=TaskResultStatus.FAILED
    ).update(status=TaskResultStatus.READY, run_after=run_after, finished_at=None)


def forget_workers(worker_ids):
    """The workers `worker_ids` are gone: run again, at once, the tasks they
    were running, and drop their heartbeats."""
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for result in running:
            if result.worker_ids and result.worker_ids[-1] in worker_ids:
                _requeue_lost(result)
        WorkerHeartbeat.objects.filter(worker_id__in=worker_ids).delete()


def _requeue_lost(result):
    error = WorkerLost(f"Worker {result.worker_ids[-1]} stopped while running it.")
    try:
        out_of_attempts = len(result.worker_ids) >= attempts_allowed(result.task)
    except (ImportError, SuspiciousOperation):
        out_of_attempts = True  # its code is gone: it can never run
    if out_of_attempts:
        logger.warning("Task id=%s failed for good: %s", result.id, error)
        result.set_failed(error)
        return
    logger.warning("Task id=%s queued again: %s", result.id, error)
    # Recorded as its last error, so the admin shows why it ran again.
    result.exception_class_path = f"{__name__}.{WorkerLost.__qualname__}"
    result.traceback = f"{result.exception_class_path}: {error}\n"
    result.status = TaskResultStatus.READY
    result.run_after = timezone.now()
    result.save(
        update_fields=["status", "run_after", "exception_class_path", "traceback"]
    )


def forget_lost_workers():
    """forget_workers() for every worker not heard from within the lease."""
    cutoff = timezone.now() - timedelta(seconds=settings.NEWSROOM_WORKER_LEASE_SECONDS)
    silent = WorkerHeartbeat.objects.filter(last_seen_at__lt=cutoff)
    if not silent.exists():  # the usual case, without a write transaction
        return
    with transaction.atomic():
        lost = list(
            silent.select_for_update(skip_locked=True).values_list(
                "worker_id", flat=True
            )
        )
        if lost:
            forget_workers(lost)


def prune_finished_tasks():
    """Delete finished tasks older than NEWSROOM_TASK_RESULTS_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.NEWSROOM_TASK_RESULTS_DAYS)
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
