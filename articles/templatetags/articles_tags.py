from django import template

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
