"""Readers get a plain 503, not a traceback, while the database is unreachable."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

# What a database that is down, restarting or out of disk raises; errors in a
# query itself (IntegrityError, ProgrammingError) are bugs and stay 500s.
UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request):
    """handler500: Django calls it for any uncaught exception, in a view or in a
    middleware (a session lookup, say), with the exception still being handled."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        # No database needed; each request reconnects, so the site recovers by
        # itself when the database is back.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
