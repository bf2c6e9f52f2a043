"""Links other apps add to an article's admin page (a live story's desk),
through a registry, so the admin names none of them."""

_LINKS = []


def register_article_admin_link(link):
    """Call link(article) on each article's change page; it gives
    (label, address) to show beside "Preview", or None."""
    _LINKS.append(link)


def article_admin_links(article):
    return [found for link in _LINKS if (found := link(article))]
