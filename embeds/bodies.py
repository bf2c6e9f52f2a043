"""The bodies that name embeds. Each save of one (an article's here; a live
entry's through note_embeds()) notes the embeds it names and has the worker
fetch those not yet ready, after the commit: nothing is fetched in the
request, and nothing on a reader's. When the worker changes what readers get
of an embed (signals.embed_changed), the pages showing it are dropped."""

from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article
from articles.publishing.cache import invalidate

from .lines import embed_addresses
from .models import Embed
from .providers import provider_for
from .signals import embed_changed
from .tasks import resolve_embed


def note_embeds(body):
    for url in embed_addresses(body):
        embed, _ = Embed.objects.get_or_create(
            url=url, defaults={"provider": provider_for(url).name}
        )
        if embed.state != Embed.State.READY:
            resolve_embed.enqueue_on_commit(embed.pk)


def naming(embed, field="body"):
    """A filter for the rows whose `field` names `embed`'s address."""
    escaped = embed.url.replace("&", "&amp;")
    return Q(**{f"{field}__contains": embed.url}) | Q(**{f"{field}__contains": escaped})


@receiver(post_save, sender=Article)
def note_article_embeds(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata: the fixture's own embeds, if any, come with it
    note_embeds(instance.body)


@receiver(embed_changed)
def drop_article_pages(sender, embed, **kwargs):
    """The article pages that show `embed`."""
    shown_on = Article.objects.filter(naming(embed)).values_list("pk", flat=True)
    invalidate(*(f"article:{pk}" for pk in shown_on))
