"""What the reader pages' templates (Jinja2, articles/jinja2/) call beyond
Django's URLs, static files and dates (newsroom/jinja2.py)."""

from datetime import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from images.models import Image

from ..figures import inline_image_ids, replace_inline_images
from ..publishing.cache import navigation_sections
from ..search.query import mark_hits
from .publisher import publisher
from .structured_data import article_description, article_json_ld, json_ld_script


def article_meta(request, article, *, authors, tags):
    """Description, canonical link and, once the article is public, JSON-LD,
    for an article page's <head>."""
    is_published = article.is_published()
    return {
        "is_published": is_published,
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
        "description": article_description(article),
        "site_name": publisher().name,
        "json_ld": json_ld_script(
            article_json_ld(article, request, authors=authors, tags=tags)
        )
        if is_published
        else "",
    }


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


def querystring(request, **changes):
    """The request's query string with `changes` made, as "?a=1&b=2"."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return f"?{params.urlencode()}"


def search_hits(text, source="text"):
    """A search annotation as safe HTML with its hits in <mark>; pass "html"
    for an excerpt of the (HTML) body."""
    return mark_hits(text or "", from_html=source == "html")


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


GLOBALS = {
    "article_meta": article_meta,
    "month_archive_url": month_archive_url,
    "navigation_sections": navigation_sections,
    "querystring": querystring,
}
FILTERS = {"search_hits": search_hits, "with_library_images": with_library_images}
