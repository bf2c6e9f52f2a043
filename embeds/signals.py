"""Each article save notes the embeds its body names and has the worker
fetch those not yet ready, after the commit; nothing is fetched in the
request, and nothing on a reader's."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article

from .lines import embed_addresses
from .models import Embed
from .providers import provider_for
from .tasks import resolve_embed


@receiver(post_save, sender=Article)
def note_embeds(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata: the fixture's own embeds, if any, come with it
    for url in embed_addresses(instance.body):
        embed, _ = Embed.objects.get_or_create(
            url=url, defaults={"provider": provider_for(url).name}
        )
        if embed.state != Embed.State.READY:
            resolve_embed.enqueue_on_commit(embed.pk)
