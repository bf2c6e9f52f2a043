"""What other apps add to an article's page (a live story's entries), through
a registry, so articles imports none of them.

An app registers a function `part(request, article)` that returns an
`ArticlePart` for the articles it extends and None for the rest. The page
shows each part's template after the body, and its head template in <head>;
the page cache keeps the page until one of the part's dependencies changes,
and the part's `structured_data` is merged into the article's JSON-LD.
"""

from dataclasses import dataclass, field

_PARTS = []


@dataclass
class ArticlePart:
    template: str  # Jinja2, rendered with the page's context and `part`
    context: dict = field(default_factory=dict)
    dependencies: frozenset = frozenset()
    head_template: str | None = None
    structured_data: dict = field(default_factory=dict)


def register_article_part(part):
    """Call part(request, article) on every article page."""
    _PARTS.append(part)


def article_parts(request, article):
    """The parts the registered apps add to `article`'s page."""
    return [found for part in _PARTS if (found := part(request, article))]
