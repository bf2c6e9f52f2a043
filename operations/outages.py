"""Readers and editors get a plain 503, not a traceback or a 400, while the
database is unreachable or full."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string

# What a database that is down, restarting or out of disk raises; errors in a
# query itself (IntegrityError, ProgrammingError) are bugs and stay 500s.
UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable():
    # No database needed; each request reconnects, so the site recovers by
    # itself when the database is back.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


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
        return unavailable()
    return HttpResponseServerError(render_to_string("500.html"))


def bad_request(request, exception):
    """handler400. A session that cannot be saved (a full disk, a read-only
    database) is Django's SessionInterrupted, a 400: it is an outage."""
    if caused_by_outage(exception):
        return unavailable()
    return HttpResponseBadRequest(render_to_string("400.html"))
