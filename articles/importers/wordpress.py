"""WordPress eXtended RSS (WXR) exports, read as a stream.

defusedxml refuses entity declarations and external entities, so a file cannot
expand into an XML bomb or make the parser read other files or URLs. Items are
read one at a time and dropped once parsed, so memory stays flat however large
the export is.
"""

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import BinaryIO
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from . import AuthorRef, InvalidSource, ParsedArticle, SectionRef, SkippedItem

# WXR 1.0 to 1.2 differ only in the version at the end of this namespace.
WP_NAMESPACE_PREFIX = "{http://wordpress.org/export/"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

# WordPress statuses: published now, or at post_date ("future" is scheduled).
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
ZERO_DATE = "0000-00-00 00:00:00"

# Content that starts with one of these (or a block editor comment) already has
# its paragraphs marked up.
BLOCK_START = re.compile(
    r"<!--|<(p|h[1-6]|ul|ol|blockquote|div|figure|table|pre)\b", re.IGNORECASE
)


def local_name(tag: str) -> str:
    """ "wp:post_type" for the WordPress namespace, the bare name otherwise."""
    if tag.endswith("/excerpt/}encoded"):  # versioned like the wp namespace
        return "excerpt:encoded"
    if tag.startswith(WP_NAMESPACE_PREFIX):
        return "wp:" + tag.rpartition("}")[2]
    if tag == CONTENT_ENCODED:
        return "content:encoded"
    if tag == DC_CREATOR:
        return "dc:creator"
    return tag


def parse_wxr(label: str, stream: BinaryIO) -> Iterator[ParsedArticle | SkippedItem]:
    """Posts in the export as articles; everything else in it as skipped items.

    Raises InvalidSource, possibly after some items, if the file is not a
    well-formed WordPress export; the caller's transaction undoes those items.
    """
    if not stream.read(1):
        raise InvalidSource("is empty")
    stream.seek(0)
    authors: dict[str, AuthorRef] = {}
    is_wxr = False
    channel = None
    try:
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                if channel is None and element.tag == "channel":
                    channel = element
                continue
            name = local_name(element.tag)
            if name == "wp:wxr_version":
                is_wxr = True
            elif name == "wp:author":
                author = parse_author(element)
                authors[author.slug] = author
            elif name == "item" and channel is not None:
                if not is_wxr:
                    break
                yield parse_item(element, authors)
                channel.remove(element)
    except DefusedXmlException:
        raise InvalidSource(
            "declares XML entities, which are refused: they can expand into an "
            "XML bomb or read other files, and a WordPress export has none"
        ) from None
    except ParseError as error:
        raise InvalidSource(f"is not well-formed XML ({error})") from None
    if not is_wxr:
        raise InvalidSource("is not a WordPress export (its XML has no wp:wxr_version)")


def children(element) -> dict[str, str]:
    return {local_name(child.tag): (child.text or "").strip() for child in element}


def parse_author(element) -> AuthorRef:
    fields = children(element)
    login = fields.get("wp:author_login", "")
    return AuthorRef(
        slug=slugify(login), name=fields.get("wp:author_display_name") or login
    )


def parse_item(element, authors: dict[str, AuthorRef]) -> ParsedArticle | SkippedItem:
    fields = children(element)
    post_type = fields.get("wp:post_type", "post")
    wp_status = fields.get("wp:status", "")
    label = f"post {fields.get('wp:post_id', '?')} “{fields.get('title', '')}”"
    if post_type != "post":
        return SkippedItem(label.replace("post", post_type, 1), "not a post")
    if wp_status not in PUBLISHED_STATUSES | DRAFT_STATUSES:
        return SkippedItem(label, f"WordPress status “{wp_status}”")
    title = fields.get("title", "")
    if not title:
        return SkippedItem(label, "no title")
    section, tags = None, []
    for category in element.iterfind("category"):
        name = (category.text or "").strip()
        if category.get("domain") == "category" and section is None:
            nicename = unquote(category.get("nicename", ""))
            section = SectionRef(slug=slugify(nicename), name=name)
        elif category.get("domain") == "post_tag" and name:
            tags.append(name)
    login = fields.get("dc:creator", "")
    author = authors.get(slugify(login)) or AuthorRef(slug=slugify(login), name=login)
    is_published = wp_status in PUBLISHED_STATUSES
    try:
        published_at = post_time(fields) if is_published else None
    except ValueError:
        return SkippedItem(label, "unreadable publication date")
    return ParsedArticle(
        label=label,
        title=title,
        body=paragraphs(fields.get("content:encoded", "")),
        # WordPress percent-encodes non-ASCII slugs; addresses here are ASCII.
        slug=slugify(unquote(fields.get("wp:post_name", ""))),
        section=section,
        dek=html.unescape(strip_tags(fields.get("excerpt:encoded", ""))).strip(),
        status="published" if is_published else "draft",
        published_at=published_at,
        authors=[author] if author.slug else [],
        tags=tags,
        source_guid=fields.get("guid", ""),
        source_url=fields.get("link", ""),
    )


def post_time(fields: dict[str, str]) -> datetime | None:
    """When the post was (or is scheduled to be) published, as an aware time."""
    gmt = fields.get("wp:post_date_gmt", "")
    if gmt and gmt != ZERO_DATE:
        return datetime.fromisoformat(gmt).replace(tzinfo=UTC)
    if fields.get("pubDate"):
        try:
            return parsedate_to_datetime(fields["pubDate"])
        except ValueError:
            pass
    local = fields.get("wp:post_date", "")
    if local and local != ZERO_DATE:
        return timezone.make_aware(datetime.fromisoformat(local))
    return None


def paragraphs(content: str) -> str:
    """WordPress's classic editor stores paragraphs as blank-line-separated
    text, adding <p> only when it displays them; do the same here."""
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", content)]
    return "\n".join(
        chunk
        if BLOCK_START.match(chunk)
        else "<p>{}</p>".format(chunk.replace("\n", "<br>"))
        for chunk in chunks
        if chunk
    )
