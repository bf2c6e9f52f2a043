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
IMAGE_SOURCE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
MEDIA_EXTENSIONS = ("mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "mov")


def attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(next(v for v in values if v is not None))
        for name, *values in ATTRIBUTE.findall(text or "")
    }


def link(url: str, text: str = "") -> str:
    url = html.escape(url, quote=True)
    return f'<p><a href="{url}">{html.escape(text) if text else url}</a></p>'


def expand(content: str) -> tuple[str, list[str]]:
    """`content` with its shortcodes and embeds expanded; and notes saying
    what could not come along."""
    notes: list[str] = []

    def enclosing(match: re.Match) -> str:
        name, attrs = match["name"], attributes(match["attrs"])
        inner = match["inner"].strip()
        if name in ("caption", "wp_caption"):
            caption = re.sub(r"<img\b[^>]*>", "", inner)
            caption = re.sub(r"<a\b[^>]*>\s*</a>", "", caption).strip()
            caption = caption or attrs.get("caption", "")
            return f"<p>{caption}</p>" if caption else ""
        if name == "embed":
            return link(inner)
        return media(name, attrs) or link(inner)

    def self_closing(match: re.Match) -> str:
        name, attrs = match["name"], attributes(match["attrs"])
        if name in ("gallery", "playlist"):
            ids = [i for i in attrs.get("ids", "").split(",") if i.strip()]
            notes.append(
                f"[{name}] of {len(ids) or 'its attached'} "
                f"{'item' if len(ids) == 1 else 'items'} not imported"
                + (f" (attachment ids {', '.join(ids)})" if ids else "")
            )
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

    # Pictures first: a caption's picture is reported as any other.
    for source in IMAGE_SOURCE.findall(content):
        notes.append(f"picture not imported: {html.unescape(source)}")
    content = ENCLOSING.sub(enclosing, content)
    content = SELF_CLOSING.sub(self_closing, content)
    content = OTHER_ENCLOSING.sub(other, content)
    content = OTHER_WITH_ATTRIBUTES.sub(other, content)
    content = BARE_URL.sub(lambda match: link(html.unescape(match[1])), content)
    return content, notes
