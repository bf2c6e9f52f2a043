"""Purge backends for the HTTP cache or CDN in front of the site, chosen by
NEWSROOM_CDN_PURGE_BACKEND (the page cache calls it after commit with the
changed Surrogate-Keys)."""

import http.client
import logging
import re
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)


def varnish(dependencies):
    """Ban, on every Varnish in NEWSROOM_VARNISH_URLS, each page whose
    Surrogate-Key names one of `dependencies` (deploy/varnish.vcl.template)."""
    keys = "|".join(re.escape(key) for key in sorted(dependencies))
    # Keys are space-separated; a ban's regex may hold no space itself.
    pattern = f"(^|[[:space:]])({keys})([[:space:]]|$)"
    for url in settings.NEWSROOM_VARNISH_URLS:
        address = urlsplit(url)
        connection = http.client.HTTPConnection(
            address.hostname, address.port or 80, timeout=2
        )
        try:
            connection.request("BAN", "/", headers={"X-Ban-Surrogate-Keys": pattern})
            status = connection.getresponse().status
        except OSError as error:
            # The page cache's own generations already moved; a proxy that
            # missed the ban serves the old page until its s-maxage runs out.
            logger.warning("Could not ban %s on %s: %s", keys, url, error)
            continue
        finally:
            connection.close()
        if status != 200:
            logger.warning("Varnish at %s refused a ban (HTTP %s)", url, status)
