"""Which cached pages a live story's changes drop: its article's page, the
fragments its readers poll, its entries' pages and feed; all of them, and
nothing else."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.publishing.cache import invalidate

from .models import LiveEntry, LiveStory
from .reader import LIVE_STORIES, live_dependency


@receiver(post_save, sender=LiveEntry)
@receiver(post_delete, sender=LiveEntry)
def entry_changed(sender, instance, **kwargs):
    invalidate(live_dependency(instance.story.article_id))


@receiver(m2m_changed, sender=LiveEntry.authors.through)
def entry_byline_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, LiveEntry):
        invalidate(live_dependency(instance.story.article_id))


@receiver(post_save, sender=LiveStory)
@receiver(post_delete, sender=LiveStory)
def story_changed(sender, instance, **kwargs):
    invalidate(live_dependency(instance.article_id), LIVE_STORIES)
