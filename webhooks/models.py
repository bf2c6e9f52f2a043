import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .targets import validate_target


class EventType(models.TextChoices):
    PUBLISHED = (
        "article.published",
        "Article published (incl. a scheduled one going live)",
    )
    UPDATED = "article.updated", "Published article updated"
    CORRECTED = "article.corrected", "Correction added to a published article"
    UNPUBLISHED = "article.unpublished", "Article taken off the site"
    DELETED = "article.deleted", "Published article deleted"
    FRONT_PAGE_CHANGED = "front_page.changed", "Front page changed"


def new_secret():
    return secrets.token_urlsafe(32)


class Endpoint(models.Model):
    """A receiver that wants to be told of some events, at one URL."""

    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_target],
        help_text="Where events are POSTed. Public addresses only.",
    )
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(
        default=list, help_text="The event types this endpoint is sent."
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        help_text="Shared with the receiver, which checks each delivery's "
        "signature with it.",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # While set in the future, a worker is sending to this endpoint; one at a
    # time keeps each article's events in order and caps what a slow
    # receiver can hold up. A killed worker's lease simply runs out.
    sending_until = models.DateTimeField(null=True, blank=True, editable=False)
    # After a failed attempt nothing is sent here until retry_at, which backs
    # off exponentially with each failure in a row; a success resets both.
    failures = models.PositiveIntegerField(default=0, editable=False)
    retry_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["url", "pk"]

    def __str__(self):
        return self.description or self.url


class Event(models.Model):
    """Something receivers are told once: a change to one article, or the
    front page. Its payload is fixed when it is first sent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=40, choices=EventType.choices)
    # A plain id: the article may since have been deleted.
    article_id = models.BigIntegerField(null=True, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField(null=True, blank=True, editable=False)
    # Published or updated, but no longer live when it came to be sent: a
    # later "unpublished" or "deleted" event tells receivers instead.
    is_superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        subject = f"article {self.article_id}" if self.article_id else "site"
        return f"{self.type} ({subject}, {self.occurred_at:%Y-%m-%d %H:%M:%S})"


class Delivery(models.Model):
    """One event to one endpoint, tried until it is taken or a day has gone."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"
        SKIPPED = "skipped", "Not sent (superseded)"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="deliveries"
    )
    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "endpoint"], name="delivery_unique_per_endpoint"
            )
        ]
        indexes = [models.Index(fields=["endpoint", "status"], name="delivery_due_idx")]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"

    def gives_up_at(self):
        return self.created_at + timedelta(hours=settings.NEWSROOM_WEBHOOK_RETRY_HOURS)


class Attempt(models.Model):
    """One try at a delivery, as the admin shows it."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    started_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField("response time (ms)", default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.status_code or self.error} after {self.response_ms} ms"


class ArticleState(models.Model):
    """Whether receivers were last told an article is live, so each change
    is told as the right event (published, updated, unpublished)."""

    article_id = models.BigIntegerField(primary_key=True)
    is_live = models.BooleanField(default=False)
    # Set as the article is deleted, so that the deletion of its taggings and
    # corrections that follows tells nothing more (a restore clears it).
    is_deleted = models.BooleanField(default=False)

    def __str__(self):
        return f"article {self.article_id}: {'live' if self.is_live else 'not live'}"
