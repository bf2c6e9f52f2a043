"""Embeds in a body: an address on a line of its own, as text or as a link
whose text is the address (the editor's Embed button writes that), of a known
provider. Anything else, and any link within a sentence, stays a link."""

import re
from html import unescape

from .providers import provider_for

# A sanitised body's paragraph holding only an address, or only a link.
EMBED_LINE = re.compile(
    r'<p>\s*(?:<a href="(?P<href>[^"]+)"[^>]*>(?P<text>[^<]+)</a>'
    r"|(?P<bare>https?://[^\s<]+))\s*</p>"
)


def line_address(match):
    """The address a matched line gives, or None for a link whose text is
    not its own address (a caption-like link, not an embed)."""
    if match["bare"]:
        return unescape(match["bare"])
    href = unescape(match["href"])
    return href if unescape(match["text"]).strip() == href else None


def embed_addresses(body):
    """The providers' addresses on lines of their own in `body`, in order, once each."""
    found = (line_address(match) for match in EMBED_LINE.finditer(body or ""))
    return list(dict.fromkeys(url for url in found if url and provider_for(url)))


def replace_embed_lines(body, render):
    """`body` with each embed's line replaced by render(address), or kept
    when render gives None."""

    def replace(match):
        url = line_address(match)
        shown = render(url) if url else None
        return match[0] if shown is None else shown

    return EMBED_LINE.sub(replace, body)
