"""WordPress shortcodes and embeds, turned into what a body here may hold.

WordPress expands `[caption]`, `[gallery]`, `[embed]`, `[audio]`, `[video]`
and a bare address on a line of its own (its oEmbed) only when it displays a
post; the export keeps them as text. Embeds and media become links to what
they showed; captions keep their text; pictures (which the body keeps only
from this site's library) and galleries are reported with their addresses,
as is any other shortcode, whose brackets go and whose text stays.
"""

import html
import re

from ..sanitizer import GALLERY
from . import PICTURE_PLACE, PictureRef

# A shortcode's attributes: name="value", name='value' or name=value.
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
ENCLOSING = re.compile(
    r"\[(?P<name>caption|wp_caption|embed|audio|video)(?P<attrs>[^\]]*)\]"
    r"(?P<inner>.*?)\[/(?P=name)\]",
    re.DOTALL,
)
SELF_CLOSING = re.compile(
    r"\[(?P<name>gallery|audio|video|playlist|embed)(?P<attrs>[^\]]*?)/?\]"
)
# Other shortcodes: a name and attributes, or a matching closing tag.
OTHER_ENCLOSING = re.compile(
    r"\[(?P<name>[a-z_][\w-]*)(?P<attrs>\s[^\]]*)?\](?P<inner>.*?)\[/(?P=name)\]",
    re.DOTALL,
)
OTHER_WITH_ATTRIBUTES = re.compile(r"\[(?P<name>[a-z_][\w-]*)\s+[\w-]+=[^\]]*\]")
# An address alone on its line is an embed in WordPress.
BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)
IMG = re.compile(r"<img\b[^>]*>", re.I)
# A picture, maybe linked (to its file or attachment page), maybe in a figure.
LINKED_IMG = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.I)
FIGURE = re.compile(r"<figure\b[^>]*>(?P<inner>.*?)</figure>", re.I | re.DOTALL)
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.I | re.DOTALL)
ATTACHMENT_CLASS = re.compile(r"\bwp-image-(\d+)\b")
MEDIA_EXTENSIONS = ("mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "mov")


def attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(next(v for v in values if v is not None))
        for name, *values in ATTRIBUTE.findall(text or "")
    }


def link(url: str, text: str = "") -> str:
    url = html.escape(url, quote=True)
    return f'<p><a href="{url}">{html.escape(text) if text else url}</a></p>'


class Pictures:
    """The pictures of one post, in body order: each found is given a place
    in the body (PICTURE_PLACE) and described by what the export says of it,
    its attachment's fields first."""

    def __init__(
        self,
        attachments: dict[str, PictureRef] | None = None,
        attached: tuple[PictureRef, ...] = (),
    ):
        self.attachments = attachments or {}
        self.attached = attached  # the post's own, which a bare [gallery] shows
        self.found: list[PictureRef] = []

    def place(self, picture: PictureRef) -> str:
        self.found.append(picture)
        return PICTURE_PLACE.format(len(self.found) - 1)

    def of_attachment(self, attachment_id: str) -> PictureRef | None:
        return self.attachments.get(attachment_id.strip())

    def from_img(self, html_text: str, caption: str = "") -> str:
        """The place of the picture an <img> (maybe linked) shows."""
        tag = IMG.search(html_text)
        attrs = attributes(tag[0][4:-1]) if tag else {}
        known = ATTACHMENT_CLASS.search(attrs.get("class", ""))
        attachment = self.of_attachment(known[1]) if known else None
        url = attachment.url if attachment else attrs.get("src", "")
        if not url:
            return f"<p>{caption}</p>" if caption else ""
        return self.place(
            PictureRef(
                url=url,
                alt=attrs.get("alt") or (attachment.alt if attachment else ""),
                caption=caption or (attachment.caption if attachment else ""),
                credit=attachment.credit if attachment else "",
            )
        )


def expand(content: str, pictures: Pictures) -> tuple[str, list[str]]:
    """`content` with its shortcodes and embeds expanded and its pictures
    given to `pictures`; and notes saying what could not come along."""
    notes: list[str] = []

    def enclosing(match: re.Match) -> str:
        name, attrs = match["name"], attributes(match["attrs"])
        inner = match["inner"].strip()
        if name in ("caption", "wp_caption"):
            caption = re.sub(r"<img\b[^>]*>", "", inner)
            caption = re.sub(r"<a\b[^>]*>\s*</a>", "", caption).strip()
            caption = caption or attrs.get("caption", "")
            return pictures.from_img(inner, caption)
        if name == "embed":
            return link(inner)
        return media(name, attrs) or link(inner)

    def self_closing(match: re.Match) -> str:
        name, attrs = match["name"], attributes(match["attrs"])
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
            found = [pictures.of_attachment(i) for i in ids] or pictures.attached
            missing = [i for i in ids if pictures.of_attachment(i) is None]
            if missing or not found:
                notes.append(
                    "[gallery]: "
                    + (
                        f"attachment {', '.join(missing)} not in the export"
                        if missing
                        else "no attached pictures in the export"
                    )
                )
            places = [pictures.place(p) for p in found if p is not None]
            if len(places) < 2:
                return "".join(places)
            # The body's own gallery block (articles/sanitizer.py, GALLERY).
            items = "".join(f"<li>{place}</li>" for place in places)
            return f'<ul class="{GALLERY}">{items}</ul>'

        if name == "playlist":
            notes.append("[playlist] not imported: it has no equivalent here")
            return ""
        if name == "embed":
            return ""
        return media(name, attrs)

    def media(name: str, attrs: dict[str, str]) -> str:
        url = attrs.get("src") or next(
            (attrs[key] for key in MEDIA_EXTENSIONS if key in attrs), ""
        )
        if not url:
            notes.append(f"[{name}] without a file address removed")
            return ""
        return link(url, f"{name.capitalize()}: {url.rsplit('/', 1)[-1]}")

    def other(match: re.Match) -> str:
        notes.append(
            f"shortcode [{match['name']}] has no equivalent here: its text kept"
        )
        return match.groupdict().get("inner") or ""

    def figure(match: re.Match) -> str:
        if not IMG.search(match["inner"]):
            return match[0]
        caption = FIGCAPTION.search(match["inner"])
        return pictures.from_img(match["inner"], caption[1].strip() if caption else "")

    content = ENCLOSING.sub(enclosing, content)
    content = FIGURE.sub(figure, content)
    content = LINKED_IMG.sub(lambda match: pictures.from_img(match[0]), content)
    content = SELF_CLOSING.sub(self_closing, content)
    content = OTHER_ENCLOSING.sub(other, content)
    content = OTHER_WITH_ATTRIBUTES.sub(other, content)
    content = BARE_URL.sub(lambda match: link(html.unescape(match[1])), content)
    return content, notes
