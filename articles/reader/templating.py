"""What the reader pages' templates (Jinja2, articles/jinja2/) call beyond
Django's URLs, static files and dates (newsroom/jinja2.py)."""

import hashlib
import itertools
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote, urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.safestring import mark_safe

from images.models import Image

from ..figures import inline_image_ids, replace_inline_images
from ..publishing.cache import navigation_sections
from ..search.query import mark_hits
from .parts import body_with_parts
from .publisher import publisher
from .structured_data import article_description, article_json_ld, json_ld_script


def article_meta(request, article, *, authors, tags, parts=()):
    """Description, canonical link and, once the article is public, JSON-LD
    (with what the page's parts add), for an article page's <head>."""
    is_published = article.is_published()
    return {
        "is_published": is_published,
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
        "description": article_description(article),
        "site_name": publisher().name,
        "json_ld": json_ld_script(
            article_json_ld(
                article,
                request,
                authors=authors,
                tags=tags,
                additions=[part.structured_data for part in parts],
            )
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


FACT_BOX_HEADING = re.compile(r'<aside class="fact-box"><(h[2-4])>')


def with_named_fact_boxes(body):
    """`body` with each fact box named by its heading (aria-labelledby), so
    screen readers announce it as a region called that, and no two fact
    boxes on a page are the same landmark. The ids carry a digest of the
    body, so two bodies on one page (a live story's entries) differ."""
    digest = hashlib.blake2b(str(body).encode(), digest_size=4).hexdigest()
    numbers = itertools.count(1)

    def name(match):
        heading_id = f"fact-box-{digest}-{next(numbers)}"
        return (
            f'<aside class="fact-box" aria-labelledby="{heading_id}">'
            f'<{match[1]} id="{heading_id}">'
        )

    # The body is sanitised (or already safe); only our own markup is added.
    return mark_safe(FACT_BOX_HEADING.sub(name, str(body)))


# Where a story card's picture is shown, and how wide (site.css): the lead
# large beside or above its text, the other cards in a grid of up to four
# columns, and on phones (PHONE) a small square beside the headline.
LEAD_SIZES = "(min-width: 76rem) 44rem, (min-width: 64rem) 58vw, calc(100vw - 2rem)"
CARD_SIZES = "(min-width: 76rem) 17rem, (min-width: 40rem) calc(50vw - 2rem), 6rem"
PHONE = "(max-width: 39.99rem)"
PHONE_THUMBNAIL = "6rem"
WORDS_PER_MINUTE = 230


@dataclass(frozen=True)
class Times:
    iso: str  # for <time datetime>
    exact: str  # "December 1, 2026, 8:42 a.m. UTC"
    short: str  # "Dec 1, 2026"


@lru_cache(maxsize=16)
def month_names(language):
    """(full, short) month names in `language`, by month number: MONTHS is
    lazy, and translating it again cost a card some 20 µs."""
    with translation.override(language):
        return (
            {number: str(name) for number, name in MONTHS.items()},
            {number: str(name).title() for number, name in MONTHS_3.items()},
        )


def times(value):
    """A moment in the site's time zone as pages write it, in one pass (the
    date filter costs some 15 µs a call, three times a card)."""
    local = timezone.localtime(value)
    months, short_months = month_names(translation.get_language())
    if local.minute == 0 and local.hour in (0, 12):
        clock = "midnight" if local.hour == 0 else "noon"
    else:
        hour = local.hour % 12 or 12
        minutes = f":{local.minute:02}" if local.minute else ""
        clock = f"{hour}{minutes} {'a.m.' if local.hour < 12 else 'p.m.'}"
    day = f"{local.day}, {local.year}"
    return Times(
        # To the second: validators refuse more than three decimals.
        iso=local.replace(microsecond=0).isoformat(),
        exact=f"{months[local.month]} {day}, {clock} {local.tzname()}",
        short=f"{short_months[local.month]} {day}",
    )


def byline(article):
    """The authors a card names, if they came with the article (a row's list
    or a prefetched relation); a template never queries for them."""
    authors = getattr(article, "authors", None)
    if isinstance(authors, list | tuple):
        return authors
    loaded = getattr(article, "_prefetched_objects_cache", {})
    return list(loaded["authors"]) if "authors" in loaded else []


def reading_minutes(body):
    """Minutes a reader takes over `body` (HTML) at WORDS_PER_MINUTE, its
    words counted by the spaces between them: tags barely change the count,
    and counting costs almost nothing."""
    return max(1, round(body.count(" ") / WORDS_PER_MINUTE))


def share_addresses(address, title):
    """(service, hidden prefix, label, link) for sharing `address`: each
    service's own share page, reached by a plain link."""
    text = f"{title} {address}"
    return [
        (
            "email",
            "Share by",
            "Email",
            "mailto:?"
            + urlencode({"subject": title, "body": address}, quote_via=quote),
        ),
        (
            "x",
            "Share on",
            "X",
            "https://x.com/intent/post?" + urlencode({"url": address, "text": title}),
        ),
        (
            "facebook",
            "Share on",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": address}),
        ),
        (
            "linkedin",
            "Share on",
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": address}),
        ),
        (
            "whatsapp",
            "Share on",
            "WhatsApp",
            "https://wa.me/?" + urlencode({"text": text}, quote_via=quote),
        ),
    ]


def author_links(author):
    """(label, address) of the ways to reach an author: email, then links."""
    email = [("Email", f"mailto:{author.email}")] if author.email else []
    return email + author.links  # an AuthorPageRow's (label, url) pairs


GLOBALS = {
    "CARD_SIZES": CARD_SIZES,
    "LEAD_SIZES": LEAD_SIZES,
    "PHONE": PHONE,
    "PHONE_THUMBNAIL": PHONE_THUMBNAIL,
    "author_links": author_links,
    "byline": byline,
    "reading_minutes": reading_minutes,
    "share_addresses": share_addresses,
    "times": times,
    "article_meta": article_meta,
    "month_archive_url": month_archive_url,
    "navigation_sections": navigation_sections,
    "querystring": querystring,
    "body_with_parts": body_with_parts,
}
FILTERS = {
    "search_hits": search_hits,
    "with_library_images": with_library_images,
    "with_named_fact_boxes": with_named_fact_boxes,
}
