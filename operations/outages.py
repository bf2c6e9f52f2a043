"""Readers and editors get a plain 503, not a traceback or a 400, while the
database is unreachable, full or read-only; an editor whose form was not
saved gets it back in that page, to send again. A save is reported as saved
exactly when it was committed: nothing after the commit (a session that
cannot be renewed, the on_commit hooks, which are robust) turns it into a
failure."""

import logging
import sys

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

logger = logging.getLogger(__name__)

# What a database that is down, restarting or out of disk raises; errors in a
# query itself (IntegrityError, ProgrammingError) are bugs and stay 500s.
UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable(request=None):
    # No database needed; each request reconnects, so the site recovers by
    # itself when the database is back.
    if request is not None and (kept := kept_form(request)):
        html = render_to_string(
            "503_not_saved.html",
            {
                "heading": "Not saved yet",
                "message": "The site cannot store changes just now (its "
                "database is full or read-only), so nothing was saved. Your "
                "text is kept in this page: send it again in a minute, or "
                "copy it somewhere safe first.",
                "hide_front_page_link": True,
                "action": request.path,
                "fields": kept,
            },
        )
    else:
        html = render_to_string("503.html")
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    return response


# Forms of signing in, with nothing an editor wrote to keep.
SIGN_IN_VIEWS = {"login", "logout", "password_change", "two_factor_enrol"}
# What a form posted again must carry but its editor need not read.
UNREAD_FIELDS = ("csrfmiddlewaretoken", "_")
UNREAD_SUFFIXES = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def kept_form(request):
    """A form posted in the admin, as (name, values, shown) for each field, to
    post again; passwords are never written back into a page."""
    if request.method != "POST" or not request.path.startswith(
        f"/{settings.ADMIN_URL}"
    ):
        return []
    try:
        match = request.resolver_match or resolve(request.path_info)
    except Resolver404:
        return []
    if match.url_name in SIGN_IN_VIEWS:
        return []
    try:
        posted = request.POST.lists()
    except (MultiPartParserError, SuspiciousOperation, OSError):
        return []  # a body that could not be read has nothing to give back
    return [
        (
            name,
            values,
            not name.startswith(UNREAD_FIELDS)
            and not name.endswith(UNREAD_SUFFIXES)
            and any(values),
        )
        for name, values in posted
        if "password" not in name
    ]


def caused_by_outage(exception):
    while exception is not None:
        if isinstance(exception, UNAVAILABLE):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def server_error(request):
    """handler500: Django calls it for any uncaught exception, in a view or in a
    middleware (a session lookup, say), with the exception still being handled."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable(request)
    return HttpResponseServerError(render_to_string("500.html"))


def bad_request(request, exception):
    """handler400. A session that cannot be saved (a full disk, a read-only
    database) is Django's SessionInterrupted, a 400: it is an outage."""
    if caused_by_outage(exception):
        return unavailable(request)
    return HttpResponseBadRequest(render_to_string("400.html"))


class CommittedWritesSessionMiddleware(SessionMiddleware):
    """Django's, except that a session which cannot be saved after a write
    succeeded (a POST, PUT or DELETE answered below 400) leaves that answer
    as it is: the write has committed, and reporting it as failed would have
    the editor save it again. The session goes unrenewed this once; a read
    whose session cannot be saved is still the outage's 503."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except (*UNAVAILABLE, SessionInterrupted) as error:
            if request.method in ("GET", "HEAD", "OPTIONS") or (
                response.status_code >= 400
            ):
                raise
            logger.warning("Session not saved after a committed write: %s", error)
            return response
