from datetime import timedelta

from django.db.models import Q

from articles.models import Article
from articles.publishing.cache import invalidate
from worker.tasks import background_task

from .models import Embed
from .resolver import resolve


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
            invalidate(*shown_on(embed))


def shown_on(embed):
    """The pages that show `embed` (only article pages show bodies)."""
    escaped = embed.url.replace("&", "&amp;")
    articles = Article.objects.filter(
        Q(body__contains=embed.url) | Q(body__contains=escaped)
    )
    return {f"article:{pk}" for pk in articles.values_list("pk", flat=True)}
