from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article


class Transition(models.Model):
    """One step of an article through the workflow, with who took it: the
    record the dashboard and notifications read "who submitted" and "who
    scheduled" from. Written by desk/history.py as articles announces each
    step, in the transaction that makes it."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Sent back to draft"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="desk_transitions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for commands and imports.",
    )
    at = models.DateTimeField(default=timezone.now)
    # The publication time a scheduling set, so the moment it comes can be
    # told from a later rescheduling.
    scheduled_for = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # The latest step of a kind for an article (who submitted it).
            models.Index(
                fields=["article", "kind", "-at"], name="desk_transition_latest_idx"
            ),
            # A user's own articles (a Reporter's dashboard).
            models.Index(fields=["by", "kind"], name="desk_transition_by_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article_id} by {self.by_id}"
