from datetime import datetime

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from images.models import Image

from ..figures import inline_image_ids, replace_inline_images
from ..publishing.cache import navigation_sections
from ..reader.structured_data import (
    article_description,
    article_json_ld,
    json_ld_script,
)
from ..search.query import mark_hits

register = template.Library()


@register.inclusion_tag("articles/includes/section_nav.html")
def section_nav(current=None):
    """The site's section navigation, marking the section the reader is in."""
    return {"sections": navigation_sections(), "current": current}


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


@register.inclusion_tag("articles/includes/article_meta.html", takes_context=True)
def article_meta(context, article):
    """Description, canonical link, feeds, and, once the article is public,
    social cards and JSON-LD for an article page's <head>."""
    request = context["request"]
    is_published = article.is_published()
    return {
        "request": request,
        "article": article,
        "is_published": is_published,
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
        "description": article_description(article),
        "site_name": settings.NEWSROOM_PUBLISHER_NAME,
        "json_ld": json_ld_script(article_json_ld(article, request))
        if is_published
        else "",
    }


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full address on this site, as a reader would type it."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag
def month_archive_url(date, section=None):
    """The archive of the month `date` falls in (in the site's time zone),
    for one section or, without it, the whole site."""
    if isinstance(date, datetime) and timezone.is_aware(date):
        date = timezone.localtime(date)
    kwargs = {"year": f"{date.year:04}", "month": f"{date.month:02}"}
    if not section:
        return reverse("articles:archive-month", kwargs=kwargs)
    return reverse(
        "articles:section-archive-month", kwargs={"slug": section.slug, **kwargs}
    )


@register.filter
def with_library_images(body):
    """A sanitised article body, with each library image it places shown in
    that image's renditions; images since deleted from the library are left out.
    """
    image_ids = inline_image_ids(body)
    images = Image.objects.prefetch_related("renditions").in_bulk(image_ids)

    def render(image_id):
        if image_id not in images:
            return ""
        return render_to_string(
            "images/includes/inline_image.html", {"image": images[image_id]}
        )

    # The body was cleaned by an allowlist sanitiser when it was saved, and
    # what replaces its images comes from an autoescaped template.
    return mark_safe(replace_inline_images(body, render))
