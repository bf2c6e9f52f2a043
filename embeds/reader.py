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
from .providers import origin


class ShownEmbeds:
    """The embeds that `bodies` name, read in one query, to show each body
    with its embeds in place of their lines.

    `may_frame` is the set of origins the page's Content-Security-Policy will
    let frames come from (None: whatever those embeds need, which the page
    then allows): a frame from anywhere else is shown as its link card, as
    in a fragment added to a page that is already open.
    """

    def __init__(self, bodies, may_frame=None):
        self.addresses = {url for body in bodies for url in embed_addresses(body)}
        self.embeds = (
            {
                embed.url: embed
                for embed in Embed.objects.filter(url__in=self.addresses)
                .select_related("thumbnail")
                .prefetch_related("thumbnail__renditions")
            }
            if self.addresses
            else {}  # most bodies: no query
        )
        self.may_frame = may_frame

    def framed(self, embed):
        return embed.is_frame and (
            self.may_frame is None or origin(embed.frame_url) in self.may_frame
        )

    def body(self, html):
        """`html` (safe, sanitised) with its embeds' lines rendered."""
        if not self.addresses:
            return html

        def render(url):
            if url not in self.addresses:
                return None  # not a provider's: the line as it is
            embed = self.embeds.get(url)
            return render_to_string(
                "embeds/embed.html",
                {"url": url, "embed": embed, "framed": embed and self.framed(embed)},
            )

        # The facades come from an autoescaped template; the rest is the
        # sanitised body as it was.
        return mark_safe(replace_embed_lines(html, render))

    def frame_sources(self):
        return frozenset(
            source
            for embed in self.embeds.values()
            if self.framed(embed)
            for source in embed.provider_info.frame_sources_for(embed.url)
        )


def embed_part(request, article):
    shown = ShownEmbeds([article.body])
    if not shown.addresses:
        return None
    return ArticlePart(body=shown.body, frame_sources=shown.frame_sources())
