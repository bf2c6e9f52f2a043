"""Probes for load balancers and orchestrators: is the process up, can it serve?"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """The process answers; it touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """The database and the cache answer; 503 names whichever does not."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        logger.exception("Readiness check: database unreachable")
        return False


def _cache_ok():
    try:
        cache.set("readyz", "ok", timeout=5)
        return cache.get("readyz") == "ok"
    except Exception:  # each cache backend raises its own errors
        logger.exception("Readiness check: cache unreachable")
        return False
