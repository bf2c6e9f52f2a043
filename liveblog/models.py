"""Live stories: an article covered as it happens, in entries posted one by
one, newest first."""

import reversion
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles.models import Article, Author, SaveCounted
from articles.sanitizer import sanitize_body
from operations.links import link


def entry_url(article, entry):
    """`entry`'s permalink, where its story's `article` is at hand already."""
    return link(
        "liveblog:entry",
        section_slug=article.section.slug,
        slug=article.slug,
        pk=entry.pk,
    )


class LiveStory(models.Model):
    """Makes an article a live story: its page lists entries, and readers'
    browsers ask for new ones while coverage lasts."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="live_story"
    )
    coverage_started_at = models.DateTimeField("coverage started", default=timezone.now)
    coverage_ended_at = models.DateTimeField(
        "coverage ended",
        null=True,
        blank=True,
        help_text="Set when the live coverage is over; readers are told, and "
        "their pages stop asking for new entries.",
    )

    class Meta:
        verbose_name_plural = "live stories"
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage_ended_at__isnull=True)
                | Q(coverage_ended_at__gte=models.F("coverage_started_at")),
                name="live_story_ends_after_start",
                violation_error_message="Coverage cannot end before it started.",
            )
        ]

    def __str__(self):
        return str(self.article)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def has_ended(self):
        return (
            self.coverage_ended_at is not None
            and self.coverage_ended_at <= timezone.now()
        )


class LiveEntryQuerySet(models.QuerySet):
    def newer_than(self, entry_id):
        """Entries posted after the one with `entry_id` (ids only grow)."""
        return self.filter(pk__gt=entry_id)

    def older_than(self, entry):
        """Entries after `entry` in the reader's order (newest first)."""
        return self.filter(
            Q(posted_at__lt=entry.posted_at)
            | Q(posted_at=entry.posted_at, pk__lt=entry.pk)
        )

    def for_page(self):
        return self.prefetch_related("authors")


@reversion.register()
class LiveEntry(SaveCounted):
    story = models.ForeignKey(
        LiveStory, on_delete=models.CASCADE, related_name="entries"
    )
    posted_at = models.DateTimeField("time", default=timezone.now)
    authors = models.ManyToManyField(Author, blank=True, related_name="live_entries")
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional; a key event is listed by it (else by its first words).",
    )
    body = models.TextField(
        help_text="The same formatting as an article body; the rest is removed."
    )
    is_pinned = models.BooleanField(
        "pinned", default=False, help_text="Shown above the newest; one at a time."
    )
    is_key_event = models.BooleanField(
        "key event", default=False, help_text="Listed under “Key events”."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "live entries"
        ordering = ["-posted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["story"],
                condition=Q(is_pinned=True),
                name="live_entry_one_pinned",
            )
        ]
        indexes = [
            models.Index(
                fields=["story", "-posted_at", "-id"], name="live_entry_story_idx"
            )
        ]

    def __str__(self):
        return self.title or self.summary()

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body)
        with transaction.atomic(), reversion.create_revision():
            self.lock_stored()
            if self.is_pinned:
                # Pinning one entry unpins the one pinned before, which is a
                # change to it: an editor's copy of it open is now stale.
                self.story.entries.filter(is_pinned=True).exclude(pk=self.pk).update(
                    is_pinned=False, version=models.F("version") + 1
                )
            with self.counting_save():
                super().save(*args, **kwargs)

    def stale_message(self):
        return (
            "This entry was changed by someone else since you opened it; reload "
            "it and apply your change again."
        )

    def get_absolute_url(self):
        """The entry's own page (its permalink)."""
        return entry_url(self.story.article, self)

    def summary(self, words=12):
        """The first words of the body, as plain text."""
        return Truncator(" ".join(strip_tags(self.body).split())).words(words)
