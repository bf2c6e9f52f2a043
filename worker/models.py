from django.db import models


class WorkerHeartbeat(models.Model):
    """A worker process as last heard from (worker/heartbeat.py)."""

    worker_id = models.CharField(primary_key=True, max_length=64)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"
