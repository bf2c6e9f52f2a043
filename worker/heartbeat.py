"""A worker's heartbeat: a row it refreshes from a thread of its own while it
runs, which is how other processes tell a live worker from a dead one.

While it beats, the thread also does the queue's housekeeping: it hands the
tasks of workers silent for longer than the lease to the queue again
(recovery.py) and, hourly, deletes old finished tasks.
"""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone

from .models import WorkerHeartbeat
from .recovery import forget_lost_workers, forget_workers, prune_finished_tasks

logger = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = 3600


class Heartbeat:
    """Beat for `worker_id` while the block runs.

    On entry it first runs again what an earlier process with the same id was
    running (that process is gone); on exit, whatever the worker claimed but
    did not finish, as when a stop signal lands between a claim and its run.
    """

    def __init__(self, worker_id):
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self.thread = threading.Thread(
            target=self.keep_beating, name="worker-heartbeat", daemon=True
        )
        self.pruned_at = None

    def __enter__(self):
        forget_workers([self.worker_id])
        self.beat()
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        self.thread.join()
        forget_workers([self.worker_id])

    def beat(self):
        now = timezone.now()
        seen = WorkerHeartbeat.objects.filter(worker_id=self.worker_id)
        if not seen.update(last_seen_at=now):
            WorkerHeartbeat.objects.create(
                worker_id=self.worker_id,
                hostname=socket.gethostname(),
                pid=os.getpid(),
                started_at=self.started_at,
                last_seen_at=now,
            )

    def keep_beating(self):
        try:
            while not self.stopping.wait(settings.NEWSROOM_WORKER_HEARTBEAT_SECONDS):
                # A connection the database dropped is replaced, as the
                # worker's own loop does.
                close_old_connections()
                try:
                    self.beat()
                    forget_lost_workers()
                    if self.pruned_at is None or (
                        time.monotonic() - self.pruned_at > PRUNE_EVERY_SECONDS
                    ):
                        prune_finished_tasks()
                        self.pruned_at = time.monotonic()
                except Exception:
                    # Nothing may stop the beat while the worker runs: silence
                    # would hand its task to another worker.
                    logger.exception("Worker %s could not beat", self.worker_id)
        finally:
            connections.close_all()


def last_heard_from():
    """When any worker last beat, or None if none is known."""
    return (
        WorkerHeartbeat.objects.order_by("-last_seen_at")
        .values_list("last_seen_at", flat=True)
        .first()
    )


def worker_silence():
    """Why no background worker counts as running, or None if one does: one
    has beaten within the lease, after which its tasks go to another. The
    worker's check in /readyz."""
    limit = settings.NEWSROOM_WORKER_LEASE_SECONDS
    try:
        last_seen_at = last_heard_from()
    except DatabaseError:
        logger.exception("Readiness check: worker heartbeats unreadable")
        return "the worker heartbeats cannot be read"
    if last_seen_at is None:
        return "no background worker is running (manage.py db_worker)"
    seconds = (timezone.now() - last_seen_at).total_seconds()
    if seconds > limit:
        return (
            f"no background worker heard from for {seconds:.0f} s "
            f"(NEWSROOM_WORKER_LEASE_SECONDS is {limit:g})"
        )
    return None
