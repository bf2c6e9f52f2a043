"""What readers get of embeds: on an article's page (a part,
articles/reader/parts.py), each embed's line shown as a facade with a button
that loads the provider's frame (static/js/reader.js), a quotation with a
link, or a link card while the provider is unreachable; a line not fetched
yet is a plain link. The page may frame those providers' frames, and
no other page may."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.reader.parts import ArticlePart

from .lines import embed_addresses, replace_embed_lines
from .models import Embed


def embed_part(request, article):
    addresses = embed_addresses(article.body)
    if not addresses:
        return None  # most articles: no query
    embeds = {
        embed.url: embed
        for embed in Embed.objects.filter(url__in=addresses)
        .select_related("thumbnail")
        .prefetch_related("thumbnail__renditions")
    }

    def body(html):
        def render(url):
            if url not in addresses:
                return None  # not a provider's: the line as it is
            return render_to_string(
                "embeds/embed.html", {"url": url, "embed": embeds.get(url)}
            )

        # The facades come from an autoescaped template; the rest is the
        # sanitised body as it was.
        return mark_safe(replace_embed_lines(html, render))

    sources = frozenset(
        source
        for embed in embeds.values()
        if embed.is_frame
        for source in embed.provider_info.frame_sources_for(embed.url)
    )
    return ArticlePart(body=body, frame_sources=sources)
