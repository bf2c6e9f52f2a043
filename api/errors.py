"""Errors as JSON: {"error": <code>, "detail": <what was wrong>}, with the
offending parameters under "fields" when a query was refused."""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class BadQuery(exceptions.ValidationError):
    """A query string the API cannot answer (unknown or malformed parameters)."""


def json_error(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"query": exc.detail}
        fields = {
            name: [str(message) for message in messages]
            for name, messages in detail.items()
        }
        detail = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
        data = {"error": "bad_request", "detail": detail, "fields": fields}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    codes = exc.get_codes()
    response.data = {
        "error": codes if isinstance(codes, str) else "error",
        "detail": str(exc.detail),
    }
    return response
