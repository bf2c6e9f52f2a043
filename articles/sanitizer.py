"""The allowlist that article bodies are cleaned with before they are stored."""

import re

import nh3
from django.core.files.storage import default_storage

# What an article body may hold: paragraphs, subheadings, links, lists,
# emphasis, quotations (and pull quotes), fact boxes, figures of library
# images and galleries of them.
# Headings start at h2 because the headline is the page's h1.
ALLOWED_TAGS = {
    "a",
    "aside",
    "b",
    "blockquote",
    "br",
    "cite",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "q",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "data-file"},
    "aside": {"class"},
    "blockquote": {"class"},
    "ul": {"class"},
}
# The classes a block may carry, each a format pages style: a quotation
# lifted out of the text as a pull quote, a box of facts beside the story
# (an <aside> opening with its heading), and a list of figures shown as a
# gallery (<ul class="gallery"><li><figure>…</figure></li>…</ul>).
PULL_QUOTE = "pull-quote"
FACT_BOX = "fact-box"
GALLERY = "gallery"
ALLOWED_CLASSES = {"blockquote": {PULL_QUOTE}, "aside": {FACT_BOX}, "ul": {GALLERY}}
# nh3 allows some 25 schemes by default; a news body needs only these.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# nh3 writes every attribute value in double quotes, so this finds each <img>
# of a sanitised body whole, whatever its attribute values hold.
IMG_TAG = re.compile(r'<img(?:\s+[\w:-]+(?:="[^"]*")?)*\s*/?>')
LINE_BREAK = re.compile(r"\r\n?")
IMAGE_ID = re.compile(r'\sdata-file="(\d+)"')
LINK_TAG = re.compile(r'<a((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*>')
REL = re.compile(r'\srel="[^"]*"')
EXTERNAL_HREF = re.compile(r'\shref="https?://', re.IGNORECASE)
# Of what an editor may write in rel, only this is kept ("don't vouch for it").
EDITOR_REL = "nofollow"
FIGURE = re.compile(r"<figure>(.*?)</figure>", re.DOTALL)
FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
BLOCK_START = re.compile(r"<(?:p|h[2-4]|ul|ol|blockquote|aside)[ >]")
# Where the image library stores its files (see images/models.py).
LIBRARY_FILE = re.compile(
    r"(images|renditions)/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|webp)"
)


def sanitize_body(html: str) -> str:
    """Return `html` with every tag, attribute and URL off the allowlist
    removed, cleaned again until that changes nothing: markup the parser
    repairs oddly (a heading inside a heading) comes out different from a
    second pass, and a body must stay the same each time it is saved."""
    cleaned = clean_once(html)
    for _ in range(3):
        if (again := clean_once(cleaned)) == cleaned:
            break
        cleaned = again
    return cleaned


def clean_once(html):
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=filter_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )
    # A carriage return written as a reference (&#13;) comes out raw, and
    # parsing turns raw ones into newlines; do that now, so cleaning is stable.
    cleaned = LINE_BREAK.sub("\n", cleaned)
    # An image that is not from the library has no place in the body.
    cleaned = IMG_TAG.sub(
        lambda tag: tag[0] if IMAGE_ID.search(tag[0]) else "", cleaned
    )
    cleaned = LINK_TAG.sub(link_with_rel, cleaned)
    return keep_figures_whole(cleaned)


def link_with_rel(tag):
    """An external link opens with neither access to the page nor its
    address (noopener noreferrer); an editor's nofollow is kept."""
    attributes = tag[1]
    rel = [EDITOR_REL] if REL.search(attributes) else []
    if EXTERNAL_HREF.search(attributes):
        rel += ["noopener", "noreferrer"]
    attributes = REL.sub("", attributes)
    return f'<a{attributes} rel="{" ".join(rel)}">' if rel else f"<a{attributes}>"


def keep_figures_whole(html):
    """A figure without its picture becomes its caption's text, and a caption
    outside a figure a paragraph: readers never get a caption alone, and the
    body stays valid HTML."""
    parts, position = [], 0
    for figure in FIGURE.finditer(html):
        parts.append(FIGCAPTION.sub(r"<p>\1</p>", html[position : figure.start()]))
        if "<img" in figure[1]:
            parts.append(figure[0])
        elif text := FIGCAPTION.sub(r"\1", figure[1]).strip():
            parts.append(text if BLOCK_START.search(text) else f"<p>{text}</p>")
        position = figure.end()
    parts.append(FIGCAPTION.sub(r"<p>\1</p>", html[position:]))
    return "".join(parts)


def filter_attribute(element, attribute, value):
    """Drop protocol-relative links, and keep images to the library: an image's
    id must be a number and its source this site's own media, so a body can
    show only library images, never a file from elsewhere."""
    # "//host/path" (and browsers' backslash spellings of it) leaves the site
    # without naming a scheme; editors link elsewhere with a full https:// URL.
    if attribute == "href" and value.strip().replace("\\", "/").startswith("//"):
        return None
    if attribute == "class":
        return value if value in ALLOWED_CLASSES.get(element, ()) else None
    if attribute == "rel":
        return EDITOR_REL if EDITOR_REL in value.lower().split() else None
    if element != "img":
        return value
    if attribute == "data-file":
        return value if value.isascii() and value.isdigit() else None
    if attribute == "src":
        media_url = default_storage.url("")
        in_library = value.startswith(media_url) and LIBRARY_FILE.fullmatch(
            value.removeprefix(media_url)
        )
        return value if in_library else None
    return value
