from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something one user is told: in the admin's list until read, and by
    email unless they turned email off."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Sent back to draft"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        LOCK_TAKEN = "lock_taken", "Taken over"
        WENT_LIVE = "went_live", "Went live"

    class Email(models.TextChoices):
        PENDING = "pending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, retrying"
        GIVEN_UP = "given_up", "Failed"
        OFF = "off", "Not sent (email off or no address)"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True)
    # When a scheduled article goes live, for the text (it may move later).
    scheduled_for = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(
        max_length=20, choices=Email.choices, default=Email.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"],
                name="notification_inbox_idx",
            )
        ]

    def __str__(self):
        return self.message()

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])

    def message(self):
        """One sentence saying what happened, as the list and the email's
        subject read it."""
        who = str(self.actor) if self.actor else "Someone"
        title = f"“{self.article.title}”"
        match self.kind:
            case self.Kind.SUBMITTED:
                return f"{who} submitted {title} for review."
            case self.Kind.RETURNED:
                return f"{who} sent {title} back to draft."
            case self.Kind.PUBLISHED:
                return f"{who} published {title}."
            case self.Kind.SCHEDULED:
                return f"{who} scheduled {title} for {_when(self.scheduled_for)}."
            case self.Kind.LOCK_TAKEN:
                return f"{who} took over {title}, which you had open."
            case self.Kind.WENT_LIVE:
                return f"{title}, which you scheduled, is now live."
        return f"{title}: {self.get_kind_display()}."

    def mark_read(self):
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


def _when(moment):
    if moment is None:
        return "later"
    return date_format(timezone.localtime(moment), "D j M, H:i T")


class EmailPreference(models.Model):
    """A user's choice about notification email; without a row, they get it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    wants_email = models.BooleanField(
        "email me my notifications",
        default=True,
        help_text="Untick to see them in the editor panel only.",
    )

    def __str__(self):
        return f"{self.user}: email {'on' if self.wants_email else 'off'}"


def wants_email(user):
    return not EmailPreference.objects.filter(user=user, wants_email=False).exists()
