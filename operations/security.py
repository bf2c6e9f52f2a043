"""Security middleware: the Host check and the site's one origin, the
Content-Security-Policy with the admin's one exception, the client address
behind proxies, the staff session lifetime."""

import time
from functools import lru_cache
from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.http.request import split_domain_port, validate_host

# django-prose-editor loads through an inline import map and ProseMirror injects
# <style> elements, so the admin needs inline scripts and styles; reader-facing
# pages never do.
ADMIN_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}


@lru_cache
def site_host(site_url, allowed_hosts):
    """NEWSROOM_SITE_URL's host, or None if ALLOWED_HOSTS would refuse it."""
    host = urlsplit(site_url).netloc
    domain, _port = split_domain_port(host)
    return host if validate_host(domain, allowed_hosts) else None


class SiteOriginMiddleware:
    """Check the Host header before anything answers, the page cache
    included (Django's own check runs later, in CommonMiddleware), and give
    reads outside the admin the site's one host (NEWSROOM_SITE_URL's): the
    absolute URLs of a cached page (canonical, og:url, feeds, sitemaps, the
    API's links) never name whichever allowed host first rendered it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.get_host()  # DisallowedHost: a 400
        if request.method in ("GET", "HEAD") and not request.path_info.startswith(
            f"/{settings.ADMIN_URL}"
        ):
            host = site_host(settings.NEWSROOM_SITE_URL, tuple(settings.ALLOWED_HOSTS))
            if host:
                # Where build_absolute_uri() and RequestSite read it. The
                # scheme stays the request's: production redirects HTTP first.
                request.META["HTTP_HOST"] = host
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """settings.CONTENT_SECURITY_POLICY everywhere, relaxed for the admin only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            parts.replace = (parts.replace or {}) | ADMIN_REPLACEMENTS
        return parts


def client_ip(request):
    """The reader's address: REMOTE_ADDR, unless that is one of our proxies.

    Behind trusted proxies (DJANGO_TRUSTED_PROXIES), walk X-Forwarded-For from the
    right, where our own proxies appended what they saw, and take the first
    address that is not one of them; anything further left the client could
    have forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote


class StaffSessionLifetimeMiddleware:
    """Sign a user out SESSION_ABSOLUTE_AGE seconds after they signed in, however
    active they are; Django's own expiry (SESSION_COOKIE_AGE, renewed on each
    request) covers idleness."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault("signed_in_at", time.time())
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
        return self.get_response(request)
