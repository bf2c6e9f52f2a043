"""Who publishes the site, as feeds, sitemaps, social cards and structured
data name it.

The settings give a name and a logo. An app that lets editors change them
(the publication app) names its own function in NEWSROOM_PUBLISHER, so the
core reads the details without knowing that app.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Publisher:
    name: str
    logo_url: str  # absolute, or a path on this site


def from_settings():
    """The publisher named by NEWSROOM_PUBLISHER_NAME and NEWSROOM_PUBLISHER_LOGO."""
    logo = settings.NEWSROOM_PUBLISHER_LOGO
    return Publisher(
        name=settings.NEWSROOM_PUBLISHER_NAME,
        logo_url=logo if logo.startswith(("https://", "http://")) else static(logo),
    )


@cache
def _source(path):
    return import_string(path)


def publisher():
    """The publisher's details now, from the function NEWSROOM_PUBLISHER names."""
    return _source(settings.NEWSROOM_PUBLISHER)()
