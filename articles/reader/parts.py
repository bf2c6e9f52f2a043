"""What other apps add to an article's page (a live story's entries), through
a registry, so articles imports none of them.

An app registers a function `part(request, article)` that returns an
`ArticlePart` for the articles it extends and None for the rest. The page
shows each part's template after the body, and its head template in <head>;
the page cache keeps the page until one of the part's dependencies changes,
and the part's `structured_data` is merged into the article's JSON-LD. A
part may also rewrite the body as shown (`body`: safe HTML in, safe HTML
out; embeds in place of their links) and let the page frame other sites
(`frame_sources`, added to the Content-Security-Policy's frame-src of that
page alone).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

_PARTS = []


@dataclass
class ArticlePart:
    template: str | None = None  # Jinja2, with the page's context and `part`
    context: dict = field(default_factory=dict)
    dependencies: frozenset = frozenset()
    head_template: str | None = None
    structured_data: dict = field(default_factory=dict)
    body: Callable[[SafeString], SafeString] | None = None
    frame_sources: frozenset = frozenset()


def register_article_part(part):
    """Call part(request, article) on every article page."""
    _PARTS.append(part)


def article_parts(request, article):
    """The parts the registered apps add to `article`'s page."""
    return [found for part in _PARTS if (found := part(request, article))]


def body_with_parts(body, parts):
    """The body as shown (with its library images), as each part rewrites it."""
    for part in parts:
        if part.body:
            body = part.body(body)
    return body


def frame_sources(parts):
    return sorted(set().union(*(part.frame_sources for part in parts)))
