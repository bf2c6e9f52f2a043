"""Article changes, heard on every write path (admin, importers, shell,
revision restores), become webhook events in the same transaction; the
front page desk's front_changed becomes front_page.changed."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, Correction, TaggedArticle
from articles.signals import articles_created
from frontpage.signals import front_changed

from .events import note_article, note_created, note_deleted, note_site_event
from .models import EventType


@receiver(post_save, sender=Article)
def article_saved(sender, instance, created, raw, **kwargs):
    if not raw:
        note_article(instance.pk, created=created)


@receiver(articles_created)
def articles_created_together(sender, articles, **kwargs):
    note_created(articles)


@receiver(pre_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    note_deleted(instance)


@receiver(m2m_changed, sender=Article.authors.through)
def byline_changed(sender, instance, action, **kwargs):
    if isinstance(instance, Article) and action in (
        "post_add",
        "post_remove",
        "post_clear",
    ):
        note_article(instance.pk)


@receiver(post_save, sender=TaggedArticle)
@receiver(post_delete, sender=TaggedArticle)
def tagging_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        note_article(instance.content_object_id)


@receiver(post_save, sender=Correction)
def correction_saved(sender, instance, created, raw, **kwargs):
    if not raw:
        note_article(instance.article_id, corrected=created)


@receiver(post_delete, sender=Correction)
def correction_deleted(sender, instance, **kwargs):
    note_article(instance.article_id)


@receiver(front_changed)
def front_changed_told(sender, front, arrangement, **kwargs):
    """A front readers see changed: receivers get which front, since when,
    and the placed stories readers can see, in order (never a draft's id)."""
    visible = set(
        Article.objects.published()
        .filter(pk__in=arrangement.stories)
        .values_list("pk", flat=True)
    )
    note_site_event(
        EventType.FRONT_PAGE_CHANGED,
        {
            "front": front.section.slug if front.section_id else "home",
            "takes_effect_at": arrangement.takes_effect_at.isoformat(),
            "stories": [pk for pk in arrangement.stories if pk in visible],
        },
    )
