"""WordPress eXtended RSS (WXR) exports, read as a stream.

defusedxml refuses entity declarations and external entities, so a file cannot
expand into an XML bomb or make the parser read other files or URLs. Items are
read one at a time and dropped once parsed, so memory stays flat however large
the export is.
"""

import html
import io
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

from . import (
    AuthorRef,
    InvalidSource,
    LeftOut,
    ParsedArticle,
    ParsedPicture,
    PictureRef,
    SectionRef,
    SkippedItem,
)
from .autop import autop
from .shortcodes import Pictures, expand

# WXR 1.0 to 1.2 differ only in the version at the end of this namespace, and
# WordPress accepts it with http or https, as do we.
WP_NAMESPACE = re.compile(r"\{https?://wordpress\.org/export/[^}]*\}")
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

# WordPress statuses: published now, or at post_date ("future" is scheduled).
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
ZERO_DATE = "0000-00-00 00:00:00"
# The photographer's credit in an attachment's metadata, which WordPress reads
# from the file's IPTC and keeps PHP-serialised.
IMAGE_CREDIT = re.compile(r's:6:"credit";s:\d+:"([^"]*)";')
# Item types counted in the summary rather than listed one by one.
COUNTED_TYPES = {"nav_menu_item", "revision", "wp_block"}
PICTURE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def local_name(tag: str) -> str:
    """ "wp:post_type" for the WordPress namespace, the bare name otherwise."""
    if tag.endswith("/excerpt/}encoded"):  # versioned like the wp namespace
        return "excerpt:encoded"
    if match := WP_NAMESPACE.match(tag):
        return "wp:" + tag[match.end() :]
    if tag == CONTENT_ENCODED:
        return "content:encoded"
    if tag == DC_CREATOR:
        return "dc:creator"
    return tag


class NotWellFormed(InvalidSource):
    """The export is not well-formed XML."""


# An element's text that is one CDATA section, up to the closing tag.
CDATA_SECTION = re.compile(rb"<!\[CDATA\[(?P<text>.*?)\]\]>(?=\s*</)", re.DOTALL)
# A broken file is repaired in memory only up to this size.
MAX_REPAIRED_BYTES = 64 * 1024 * 1024

# Where WordPress files a post saved without a category, and so the section
# such posts get unless the import names one.
UNCATEGORIZED = SectionRef(slug="uncategorized", name="Uncategorized")


def parse_wxr(
    label: str, stream: BinaryIO, *, pages_section: str = ""
) -> Iterator[ParsedArticle | ParsedPicture | SkippedItem | LeftOut]:
    """Posts in the export as articles (and pages, in the section whose slug
    is `pages_section`, if one is given); everything else as skipped items.

    Raises InvalidSource, possibly after some items, if the file is not a
    well-formed WordPress export or an item in it cannot be read; the caller's
    transaction undoes the items before it.
    """
    if not stream.read(1):
        raise InvalidSource("is empty")
    stream.seek(0)
    # Attachments first: a post may come before the pictures it shows. This
    # pass yields nothing, so a file that is not well-formed can still be
    # read another way before any item is written.
    try:
        site = read_attachments(stream)
    except NotWellFormed as error:
        repaired = repaired_cdata(stream)
        if repaired is None:
            raise
        try:
            site = read_attachments(repaired)
        except NotWellFormed:
            raise error from None  # what is wrong with the file as it is
        stream = repaired
    stream.seek(0)
    for position, element in items(stream, site):
        yield from parse_item(element, site, position, pages_section)


def read_attachments(stream: BinaryIO) -> "Site":
    stream.seek(0)
    site = Site()
    for _, element in items(stream, site):
        if children(element).get("wp:post_type") == "attachment":
            site.add_attachment(element)
    return site


def repaired_cdata(stream: BinaryIO) -> BinaryIO | None:
    """The export with the text of its CDATA sections escaped as WordPress's
    exporter does (`]]>` inside one becomes `]]]]><![CDATA[>`), for files
    written by hand or by other tools with a section's end marker in the text,
    which WordPress's own importer reads with its fallback parser. None if
    that changes nothing, or the file is too large to repair in memory."""
    stream.seek(0)
    original = stream.read(MAX_REPAIRED_BYTES + 1)
    if len(original) > MAX_REPAIRED_BYTES:
        return None

    def escape_section(match):
        text = match["text"]
        pieces = text.split(b"]]><![CDATA[")  # already escaped: leave
        if not any(b"]]>" in piece for piece in pieces):
            return match[0]
        return b"<![CDATA[" + text.replace(b"]]>", b"]]]]><![CDATA[>") + b"]]>"

    repaired = CDATA_SECTION.sub(escape_section, original)
    return None if repaired == original else io.BytesIO(repaired)


def items(stream: BinaryIO, site: "Site") -> Iterator[tuple[int, object]]:
    """Each <item> of the export, numbered, once the channel's details
    before it are in `site`; dropped once the caller is done with it."""
    is_wxr = False
    channel = None
    position = 0
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
                site.authors[author.slug] = author
            elif name in ("wp:base_site_url", "wp:base_blog_url", "link"):
                if channel is not None and element in channel:
                    site.address(name, element.text or "")
            elif name == "item" and channel is not None:
                if not is_wxr:
                    break
                position += 1
                yield position, element
                channel.remove(element)
    except DefusedXmlException:
        raise InvalidSource(
            "declares XML entities, which are refused: they can expand into an "
            "XML bomb or read other files, and a WordPress export has none"
        ) from None
    except ParseError as error:
        raise NotWellFormed(f"is not well-formed XML ({error})") from None
    if not is_wxr:
        raise InvalidSource("is not a WordPress export (its XML has no wp:wxr_version)")


class Site:
    """What the export says about the site as a whole, read before its items."""

    def __init__(self):
        self.authors: dict[str, AuthorRef] = {}
        self.addresses: dict[str, str] = {}
        self.guids: set[str] = set()
        self.attachments: dict[str, PictureRef] = {}  # by post id
        self.attached: dict[str, list[PictureRef]] = {}  # by parent post id

    def add_attachment(self, element) -> None:
        fields, meta = children(element), postmeta(element)
        url = fields.get("wp:attachment_url", "")
        if not url:
            return
        credit = IMAGE_CREDIT.search(meta.get("_wp_attachment_metadata", ""))
        picture = PictureRef(
            url=url,
            alt=plain_title(meta.get("_wp_attachment_image_alt", "")),
            caption=fields.get("excerpt:encoded", ""),
            credit=html.unescape(credit[1]) if credit else "",
        )
        self.attachments[fields.get("wp:post_id", "")] = picture
        parent = fields.get("wp:post_parent", "0")
        if parent != "0":
            self.attached.setdefault(parent, []).append(picture)

    def address(self, name: str, value: str) -> None:
        self.addresses[name] = value.strip().rstrip("/")

    @property
    def url(self) -> str:
        """The blog's address, which with a post id names a post for good."""
        for name in ("wp:base_blog_url", "wp:base_site_url", "link"):
            if self.addresses.get(name):
                return self.addresses[name]
        return ""


def children(element) -> dict[str, str]:
    return {local_name(child.tag): (child.text or "").strip() for child in element}


def is_picture(fields: dict[str, str]) -> bool:
    mime = fields.get("wp:post_mime_type", "")
    if mime:
        return mime.startswith("image/")
    return fields.get("wp:attachment_url", "").lower().endswith(PICTURE_EXTENSIONS)


def postmeta(element) -> dict[str, str]:
    """The item's custom fields (wp:postmeta), by key."""
    found = {}
    for meta in element:
        if local_name(meta.tag) == "wp:postmeta":
            fields = {local_name(part.tag): part.text or "" for part in meta}
            found[fields.get("wp:meta_key", "")] = fields.get("wp:meta_value", "")
    return found


def parse_author(element) -> AuthorRef:
    fields = children(element)
    login = fields.get("wp:author_login", "")
    return AuthorRef(
        slug=slugify(login), name=fields.get("wp:author_display_name") or login
    )


def plain_title(title: str) -> str:
    """WordPress titles are HTML: tags go, entities are decoded once."""
    return html.unescape(strip_tags(title)).strip()


def parse_item(
    element, site: Site, position: int, pages_section: str = ""
) -> Iterator[ParsedArticle | ParsedPicture | SkippedItem | LeftOut]:
    fields = children(element)
    post_type = fields.get("wp:post_type", "post")
    wp_status = fields.get("wp:status", "")
    post_id = fields.get("wp:post_id", "")
    title = plain_title(fields.get("title", ""))
    label = f"{post_type} {post_id or '?'} “{title}”"
    if post_type in COUNTED_TYPES:
        yield LeftOut(post_type.replace("_", " "))
        return
    if post_type == "attachment":
        picture = site.attachments.get(post_id)
        if picture is None or not is_picture(fields):
            yield LeftOut("attachment that is not a picture")
        else:
            yield ParsedPicture(label, picture)
        return
    is_page = post_type == "page" and bool(pages_section)
    if post_type != "post" and not is_page:
        yield SkippedItem(label, f"a {post_type}, not a post", kind=post_type)
        return
    comments = sum(1 for child in element if local_name(child.tag) == "wp:comment")
    if comments:
        yield LeftOut("comment", comments)
    if wp_status not in PUBLISHED_STATUSES | DRAFT_STATUSES:
        yield SkippedItem(label, f"WordPress status “{wp_status}”")
        return
    if not title:
        yield SkippedItem(label, "no title")
        return
    if fields.get("wp:is_sticky", "0") not in ("", "0"):
        yield LeftOut("sticky flag")
    section = SectionRef(slug=pages_section) if is_page else None
    tags = []
    for category in element.iterfind("category"):
        name = (category.text or "").strip()
        if category.get("domain") == "category" and section is None:
            nicename = unquote(category.get("nicename", ""))
            section = SectionRef(slug=slugify(nicename, allow_unicode=True), name=name)
        elif category.get("domain") == "post_tag" and name:
            tags.append(name)
    login = fields.get("dc:creator", "")
    author = site.authors.get(slugify(login)) or AuthorRef(
        slug=slugify(login), name=login
    )
    notes = []
    is_published = wp_status in PUBLISHED_STATUSES
    if fields.get("wp:post_password"):
        is_published = False
        notes.append("password-protected in WordPress: imported as a draft")
    elif wp_status == "private":
        notes.append("private in WordPress: imported as a draft")
    try:
        published_at = post_time(fields) if is_published else None
    except ValueError:
        raise InvalidSource(
            f"item {position} ({label}) has a publication date that cannot be "
            f"read: “{fields.get('wp:post_date_gmt') or fields.get('wp:post_date')}”"
        ) from None
    guid = fields.get("guid", "")
    if guid in site.guids:
        notes.append("shares its GUID with an earlier post: its feed entry is new")
        guid = ""
    site.guids.add(guid)
    # WordPress percent-encodes non-ASCII slugs; keep their letters.
    slug = (
        slugify(unquote(fields.get("wp:post_name", "")), allow_unicode=True)
        or slugify(title, allow_unicode=True)
        or (f"post-{post_id}" if post_id else "")
    )
    pictures = Pictures(site.attachments, tuple(site.attached.get(post_id, ())))
    body, body_notes = body_html(fields.get("content:encoded", ""), pictures)
    notes += body_notes
    featured = postmeta(element).get("_thumbnail_id", "")
    lead_picture = site.attachments.get(featured) if featured else None
    if featured and lead_picture is None:
        notes.append(f"featured image (attachment {featured}) not in the export")
    yield ParsedArticle(
        label=label,
        title=title,
        body=body,
        slug=slug,
        section=section,
        dek=html.unescape(strip_tags(fields.get("excerpt:encoded", ""))).strip(),
        status="published" if is_published else "draft",
        published_at=published_at,
        authors=[author] if author.slug else [],
        tags=tags,
        source_id=f"wordpress:{site.url}#{post_id}" if site.url and post_id else "",
        source_guid=guid,
        source_url=fields.get("link", ""),
        old_paths=(
            (f"/?{'page_id' if is_page else 'p'}={post_id}",)
            if post_id.isdigit()
            else ()
        ),
        notes=tuple(notes),
        pictures=tuple(pictures.found),
        lead_picture=lead_picture,
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


def body_html(content: str, pictures: Pictures) -> tuple[str, list[str]]:
    """The body with its shortcodes expanded, and what could not come along.
    Block-editor posts carry their markup; classic ones get wpautop's."""
    content, notes = expand(content, pictures)
    return (content if "<!-- wp:" in content else autop(content)), notes
