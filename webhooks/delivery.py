"""Sending deliveries: one worker at a time per endpoint, oldest first, so
each article's events arrive in order; at-least-once, as a killed worker's
lease runs out and a job already queued for that moment takes over.

A failed attempt (no answer within the timeouts, or not a 2xx) holds the
endpoint's queue until `retry_at`, which doubles with each failure in a row
from NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS up to an hour; a delivery still not
taken NEWSROOM_WEBHOOK_RETRY_HOURS after its event is given up. A dead
endpoint so costs one attempt per back-off step, and never a save: saves only
write rows (events.py).
"""

import http.client
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from operations.outbound import RefusedTarget, pinned_connection

from . import events
from .models import Attempt, Delivery, Endpoint
from .queue import run_later
from .signing import signature

MAX_BACKOFF_SECONDS = 3600
# A receiver's answer is read up to this much; only its status matters.
MAX_RESPONSE_BYTES = 64 * 1024


def lease_seconds():
    """How long a worker may hold an endpoint: a batch and one more attempt."""
    return (
        settings.NEWSROOM_WEBHOOK_BATCH_SECONDS
        + settings.NEWSROOM_WEBHOOK_CONNECT_TIMEOUT
        + settings.NEWSROOM_WEBHOOK_TIMEOUT
        + 5
    )


def backoff(failures):
    base = settings.NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** (failures - 1), MAX_BACKOFF_SECONDS))


def post(endpoint, event, attempt_number):
    """POST the event to the endpoint: (status code or None, error text)."""
    content = events.body(event)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Newsroom-Webhooks/1",
        "Newsroom-Event-Id": str(event.public_id),
        "Newsroom-Event-Type": event.type,
        "Newsroom-Timestamp": timestamp,
        "Newsroom-Signature": signature(endpoint.secret, timestamp, content),
        "Newsroom-Delivery-Attempt": str(attempt_number),
    }
    try:
        connection, path = pinned_connection(
            endpoint.url,
            networks=settings.NEWSROOM_WEBHOOK_ALLOWED_NETWORKS,
            timeout=settings.NEWSROOM_WEBHOOK_TIMEOUT,
            connect_timeout=settings.NEWSROOM_WEBHOOK_CONNECT_TIMEOUT,
        )
        try:
            connection.request("POST", path, body=content, headers=headers)
            response = connection.getresponse()
            response.read(MAX_RESPONSE_BYTES)
            return response.status, ""
        finally:
            connection.close()
    except RefusedTarget as refused:
        return None, refused.message
    except (OSError, http.client.HTTPException) as error:
        return None, f"{type(error).__name__}: {error}"


def claim(endpoint_id):
    """Take the endpoint for one batch if it has something due and no other
    worker holds it; queue the job that takes over should this one die."""
    from .tasks import deliver_to

    now = timezone.now()
    with transaction.atomic():
        endpoint = Endpoint.objects.select_for_update().filter(pk=endpoint_id).first()
        if endpoint is None or not endpoint.is_active:
            return None
        if endpoint.sending_until and endpoint.sending_until > now:
            return None
        if endpoint.retry_at and endpoint.retry_at > now:
            return None
        if not endpoint.deliveries.filter(status=Delivery.Status.PENDING).exists():
            return None
        endpoint.sending_until = now + timedelta(seconds=lease_seconds())
        endpoint.save(update_fields=["sending_until"])
        run_later(deliver_to, endpoint_id, at=endpoint.sending_until)
    return endpoint


def attempt(endpoint, delivery):
    """Try one delivery and record it; True if the receiver took it."""
    now = timezone.now()
    if not events.seal(delivery.event):
        delivery.status = Delivery.Status.SKIPPED
        delivery.save(update_fields=["status"])
        return True
    delivery.attempts += 1
    started = time.monotonic()
    status_code, error = post(endpoint, delivery.event, delivery.attempts)
    elapsed_ms = int((time.monotonic() - started) * 1000)
    taken = status_code is not None and 200 <= status_code < 300
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            started_at=now,
            status_code=status_code,
            response_ms=elapsed_ms,
            error=error,
        )
        delivery.last_status_code = status_code
        delivery.last_error = error or ("" if taken else f"HTTP {status_code}")
        if taken:
            delivery.status = Delivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            endpoint.failures, endpoint.retry_at = 0, None
        else:
            endpoint.failures += 1
            endpoint.retry_at = timezone.now() + backoff(endpoint.failures)
            if endpoint.retry_at > delivery.gives_up_at():
                delivery.status = Delivery.Status.FAILED
        delivery.save()
        endpoint.save(update_fields=["failures", "retry_at"])
    return taken


def send_due(endpoint_id):
    """Send the endpoint's pending deliveries, oldest first, until one fails,
    none is left or the batch's time is up; then queue the next run."""
    from .tasks import deliver_to

    endpoint = claim(endpoint_id)
    if endpoint is None:
        return
    deadline = time.monotonic() + settings.NEWSROOM_WEBHOOK_BATCH_SECONDS
    try:
        while time.monotonic() < deadline:
            delivery = (
                endpoint.deliveries.filter(status=Delivery.Status.PENDING)
                .select_related("event")
                .order_by("pk")
                .first()
            )
            if delivery is None or not attempt(endpoint, delivery):
                break
    finally:
        Endpoint.objects.filter(pk=endpoint_id).update(sending_until=None)
    endpoint.refresh_from_db()
    if endpoint.deliveries.filter(status=Delivery.Status.PENDING).exists():
        run_later(deliver_to, endpoint_id, at=endpoint.retry_at)
