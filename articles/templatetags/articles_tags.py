from django import template
from django.urls import reverse

from ..models import Section
from ..search import mark_hits

register = template.Library()


@register.inclusion_tag("articles/includes/section_nav.html")
def section_nav(current=None):
    """The site's section navigation, marking the section the reader is in."""
    return {"sections": Section.objects.all(), "current": current}


@register.filter
def search_hits(text, source="text"):
    """A search annotation as safe HTML with its hits in <mark>; pass "html"
    for an excerpt of the (HTML) body."""
    return mark_hits(text or "", from_html=source == "html")


@register.inclusion_tag("articles/includes/feed_links.html")
def feed_links(title, feed="articles:feed", slug=None):
    """<link rel="alternate"> to the RSS and Atom twins of a feed."""
    args = [slug] if slug else []
    return {
        "title": title,
        "rss": reverse(feed, args=args),
        "atom": reverse(f"{feed}-atom", args=args),
    }
