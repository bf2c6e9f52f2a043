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


def sanitize_body(html: str) -> str:
    """Return `html` with every tag, attribute and URL scheme off the list removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )
