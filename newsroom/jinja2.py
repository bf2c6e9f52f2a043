"""The Jinja2 environment the reader pages are rendered with (the admin keeps
Django's templates): Jinja2's own, Django's URLs, static files and date
formats, and each app's template helpers wired in."""

from datetime import datetime
from functools import lru_cache

from django.template.defaultfilters import date as django_date
from django.templatetags.static import static
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from jinja2 import Environment

from articles.reader import templating as reader_templating
from frontpage import templating as frontpage_templating
from images import templating as images_templating
from operations.links import link
from publication import templating as publication_templating

# Each app's helpers: a module with GLOBALS and FILTERS dicts. A new app adds
# its own module here; articles never imports it.
HELPERS = [
    images_templating,
    reader_templating,
    publication_templating,
    frontpage_templating,
]


def url(name, *args, **kwargs):
    """reverse() as templates call it: url("articles:tag", slug=tag.slug).
    Keyword arguments are quicker (operations/links.py)."""
    if args:
        return reverse(name, args=args, kwargs=kwargs or None)
    return link(name, **kwargs)


@lru_cache(maxsize=128)
def _month_name(language, month):
    return str(MONTHS[month])


def month_name(month):
    """The month's name in the active language (Django's own names)."""
    return _month_name(get_language(), month)


def date(value, format=None):
    """Django's date filter, in the current time zone as Django's templates
    show times: date("F j, Y"). The formats reader pages use most are
    written directly: Django's costs some 15 µs a date, a dozen a page."""
    if value in (None, ""):
        return ""
    value = template_localtime(value)
    if format == "c":
        # HTML's <time datetime> allows at most three fraction digits: none.
        if isinstance(value, datetime):
            value = value.replace(microsecond=0)
        return value.isoformat()
    if format == "F j, Y":
        return f"{month_name(value.month)} {value.day}, {value.year:04}"
    return django_date(value, format)


def environment(**options):
    # Keep each file's last newline, as Django's templates do, so the pages
    # come out as they were written.
    env = Environment(keep_trailing_newline=True, **options)
    env.globals |= {"url": url, "static": static}
    env.filters |= {"date": date}
    for helpers in HELPERS:
        env.globals |= helpers.GLOBALS
        env.filters |= helpers.FILTERS
    return env
