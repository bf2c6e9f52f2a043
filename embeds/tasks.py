from datetime import timedelta

from worker.tasks import background_task

from .models import Embed
from .resolver import resolve
from .signals import embed_changed


@background_task(max_attempts=6, retry_delay=timedelta(minutes=1))
def resolve_embed(embed_id: int) -> None:
    """Fetch an embed's oEmbed answer; an unreachable provider raises, and
    the worker tries again with backoff. Idempotent: a ready embed is left."""
    embed = Embed.objects.filter(pk=embed_id).first()
    if embed is None or embed.state == Embed.State.READY:
        return
    before = embed.state
    try:
        resolve(embed)
    finally:
        if embed.state != before:
            embed_changed.send(sender=Embed, embed=embed)
