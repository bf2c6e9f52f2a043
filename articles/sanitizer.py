"""The allowlist that article bodies are cleaned with before they are stored."""

import nh3

# What an article body may hold: paragraphs, subheadings, links, lists, emphasis
# and quotations. Headings start at h2 because the headline is the page's h1.
ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "cite",
    "em",
    "h2",
    "h3",
    "h4",
    "i",
    "li",
    "ol",
    "p",
    "q",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# nh3 allows some 25 schemes by default; a news body needs only these.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _drop_protocol_relative_links(tag, attribute, value):
    # "//host/path" (and browsers' backslash spellings of it) leaves the site
    # without naming a scheme; editors link elsewhere with a full https:// URL.
    if attribute == "href" and value.strip().replace("\\", "/").startswith("//"):
        return None
    return value


def sanitize_body(html: str) -> str:
    """Return `html` with every tag, attribute and URL off the allowlist removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_drop_protocol_relative_links,
        link_rel=None,
    )
