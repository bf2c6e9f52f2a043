"""Which cached pages a live story's changes drop: its article's page, the
fragments its readers poll, its entries' pages and feed; all of them, and
nothing else. An entry's embeds are fetched by the worker as an article's
are, and their pages dropped once the worker has them."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Author
from articles.publishing.cache import invalidate
from embeds.bodies import naming, note_embeds
from embeds.signals import embed_changed

from .models import LiveEntry, LiveStory
from .reader import LIVE_STORIES, kept_live_stories, live_dependency


@receiver(post_save, sender=LiveEntry)
@receiver(post_delete, sender=LiveEntry)
def entry_changed(sender, instance, **kwargs):
    invalidate(live_dependency(instance.story.article_id))


@receiver(post_save, sender=LiveEntry)
def note_entry_embeds(sender, instance, raw=False, **kwargs):
    if not raw:
        note_embeds(instance.body)


@receiver(embed_changed)
def drop_pages_with_embed(sender, embed, **kwargs):
    """The live stories whose entries show `embed`."""
    named = LiveEntry.objects.filter(naming(embed))
    for article_id in named.values_list("story__article_id", flat=True).distinct():
        invalidate(live_dependency(article_id))


@receiver(m2m_changed, sender=LiveEntry.authors.through)
def entry_byline_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, LiveEntry):
        invalidate(live_dependency(instance.story.article_id))


@receiver(post_save, sender=LiveStory)
@receiver(post_delete, sender=LiveStory)
def story_changed(sender, instance, **kwargs):
    # The article's page too: cached before it became (or stopped being) a
    # live story, it depends on none of the story's own keys.
    invalidate(
        f"article:{instance.article_id}",
        live_dependency(instance.article_id),
        LIVE_STORIES,
    )


@receiver(post_save, sender=Author)
def author_changed(sender, instance, **kwargs):
    """A renamed author's bylines on live entries are shown anew."""
    signed = LiveEntry.objects.filter(authors=instance)
    for article_id in signed.values_list("story__article_id", flat=True).distinct():
        invalidate(live_dependency(article_id))


def next_coverage_end():
    """When a live story's coverage next ends by the clock alone (a
    timestamp), or None: its pages stop saying "Live" then."""
    now = timezone.now()
    ends = [end for end in kept_live_stories().values() if end and end > now]
    return min(ends).timestamp() if ends else None
