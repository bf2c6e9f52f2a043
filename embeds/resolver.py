"""Fetching an embed's oEmbed answer, in the worker only (tasks.py).

Every connection goes to an address vetted by the site's outbound guard
(operations/outbound.py: public addresses only, unless
NEWSROOM_OEMBED_ALLOWED_NETWORKS allows a range), pinned for the connection,
with a time limit and a cap on what is read; each redirect is vetted again. The
answer's HTML is never stored: only the frame's address, when it is one of
the provider's own, or the post's text, sanitised.
"""

import json
import re
from urllib.parse import urlencode

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from images.models import Image
from operations.outbound import FetchFailed, RefusedTarget, fetch

from .models import Embed
from .providers import origin

MAX_ANSWER_BYTES = 256 * 1024
MAX_THUMBNAIL_BYTES = 5 * 1024 * 1024
IFRAME_SOURCE = re.compile(r'<iframe\b[^>]*\ssrc="([^"]+)"', re.IGNORECASE)
QUOTATION_TAGS = {"p", "a", "br"}


class Unreachable(Exception):
    """The provider could not be asked, or gave no usable answer; the worker
    tries again later."""


def get(url, limit):
    """GET `url` through the guard: the body, or Unreachable."""
    try:
        return fetch(
            url,
            max_bytes=limit,
            seconds=settings.NEWSROOM_OEMBED_TIMEOUT,
            networks=settings.NEWSROOM_OEMBED_ALLOWED_NETWORKS,
            user_agent="Newsroom-oEmbed/1",
        )
    except RefusedTarget as refused:
        raise Unreachable(refused.message) from None
    except FetchFailed as failed:
        raise Unreachable(f"{url}: {failed}") from None


def oembed_answer(provider, url):
    endpoint = provider.oembed_endpoint_for(url)
    separator = "&" if "?" in endpoint else "?"
    query = urlencode({"url": url, "format": "json", "maxwidth": 1280})
    body = get(f"{endpoint}{separator}{query}", MAX_ANSWER_BYTES)
    try:
        answer = json.loads(body)
    except ValueError:
        raise Unreachable("The provider's answer is not JSON.") from None
    if not isinstance(answer, dict):
        raise Unreachable("The provider's answer is not an oEmbed object.")
    return answer


def own_frame(provider, url, html):
    """The address of the answer's <iframe>, if it is on one of the frame
    sources of the provider's post at `url`; else blank (a quotation)."""
    found = IFRAME_SOURCE.search(html or "")
    if not found:
        return ""
    source = found[1].replace("&amp;", "&")
    return source if origin(source) in provider.frame_sources_for(url) else ""


def quotation(html):
    """A post's text from its provider's markup: paragraphs and links only,
    the script and everything else left out."""
    return nh3.clean(
        html or "",
        tags=QUOTATION_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https"},
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def number(value):
    try:
        return int(value) if 0 < int(value) < 10_000 else None
    except (TypeError, ValueError):
        return None


def library_thumbnail(address, title, provider):
    """The answer's thumbnail as a library image (re-encoded by the library,
    so readers never load it from the provider), or None."""
    if not isinstance(address, str) or not address.startswith(("https://", "http://")):
        return None
    try:
        content = get(address, MAX_THUMBNAIL_BYTES)
        return Image.objects.create(
            file=ContentFile(content, name="thumbnail.jpg"),
            alt_text=f"Preview of “{title[:200]}”"
            if title
            else f"Preview from {provider.name}",
            credit=provider.name,
        )
    except (Unreachable, ValidationError):
        return None  # no picture: the facade shows the title alone


def resolve(embed):
    """Ask the embed's provider about it and keep what readers need; raise
    Unreachable (noting it on the embed) for the worker to try again."""
    provider = embed.provider_info
    embed.attempts += 1
    try:
        if provider.oembed_endpoint_for(embed.url) is None:
            answer = {"title": provider.name}
            frame = embed.url
        else:
            answer = oembed_answer(provider, embed.url)
            frame = own_frame(provider, embed.url, answer.get("html"))
    except Unreachable as error:
        embed.state = Embed.State.UNREACHABLE
        embed.last_error = str(error)
        embed.save()
        raise
    embed.title = str(answer.get("title") or "")[:300]
    embed.author_name = str(answer.get("author_name") or "")[:200]
    embed.frame_url = frame
    embed.frame_width = number(answer.get("width"))
    embed.frame_height = number(answer.get("height"))
    embed.quotation = "" if frame else quotation(answer.get("html"))
    if embed.thumbnail is None:
        embed.thumbnail = library_thumbnail(
            answer.get("thumbnail_url"), embed.title, provider
        )
    embed.state = Embed.State.READY
    embed.last_error = ""
    embed.fetched_at = timezone.now()
    embed.save()
