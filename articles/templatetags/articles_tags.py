from django import template

from ..models import Section

register = template.Library()


@register.inclusion_tag("articles/includes/section_nav.html")
def section_nav(current=None):
    """The site's section navigation, marking the section the reader is in."""
    return {"sections": Section.objects.all(), "current": current}
