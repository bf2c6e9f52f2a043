"""Security middleware: the Host check and the site's one origin, requests'
shape (text in the query, the size of the body), the
Content-Security-Policy with the admin's one exception, the client address
behind proxies, the staff session lifetime."""

import re
import time
from functools import lru_cache
from urllib.parse import unquote_to_bytes, urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.http.request import split_domain_port, validate_host
from django.template.loader import render_to_string

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


# Control characters no query needs: PostgreSQL refuses a NUL in any text
# (a 500 from whichever lookup the value reaches), and the rest are noise.
# Tab, CR and LF may come from text pasted into a search box.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QueryTextMiddleware:
    """A 400 for a query string that is not UTF-8 text or holds a control
    character, before any view or lookup sees it, on every database alike
    (Django would read invalid bytes as U+FFFD). Paths under
    NEWSROOM_QUERY_CHECKED_BY_VIEWS check their own parameters and answer in
    their own format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if query and not request.path_info.startswith(
            tuple(settings.NEWSROOM_QUERY_CHECKED_BY_VIEWS)
        ):
            try:
                # WSGI hands it over as bytes read as Latin-1 (PEP 3333).
                text = unquote_to_bytes(query.encode("iso-8859-1")).decode()
            except UnicodeError:
                raise BadRequest("The query is not UTF-8 text.") from None
            if CONTROL_CHARACTERS.search(text):
                raise BadRequest("The query holds a control character.")
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """A 413 for a body larger than the request may send, from its
    Content-Length, before anything reads it: staff's uploads in the admin
    (photos, archives to import) up to NEWSROOM_MAX_UPLOAD_BYTES, every other
    body up to DATA_UPLOAD_MAX_MEMORY_SIZE, beyond which Django would refuse
    it anyway, but only after reading it. After the authentication
    middleware, which reads the session and not the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadRequest("The Content-Length is not a number.") from None
        if length > self.limit(request):
            return HttpResponse(render_to_string("413.html"), status=413)
        return self.get_response(request)

    @staticmethod
    def limit(request):
        uploading = (
            request.content_type == "multipart/form-data"
            and request.path_info.startswith(f"/{settings.ADMIN_URL}")
            and request.user.is_staff
        )
        if uploading:
            return settings.NEWSROOM_MAX_UPLOAD_BYTES
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


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
