"""Probes for load balancers and orchestrators: is the process up, can it serve?"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """The process answers; it touches nothing else."""
    return JsonResponse({"status": "ok"})


# What other apps need for the site to serve, added from their AppConfig.ready()
# with add_readiness_check(): a name and a function that says why the site
# cannot serve, or returns None. They run only while the database answers.
readiness_checks = {}


def add_readiness_check(name, check):
    readiness_checks[name] = check


@require_safe
@never_cache
def readyz(request):
    """The database, the cache and the apps' own checks pass; a 503 names
    whichever do not, and says why."""
    problems = {}
    if not _database_ok():
        problems["database"] = "the database does not answer"
    if not _cache_ok():
        problems["cache"] = "the cache does not answer"
    if "database" not in problems:
        for name, check in readiness_checks.items():
            if problem := check():
                problems[name] = problem
    checks = {
        name: name not in problems for name in ["database", "cache", *readiness_checks]
    }
    return JsonResponse(
        {
            "status": "unavailable" if problems else "ok",
            "checks": checks,
            "problems": problems,
        },
        status=503 if problems else 200,
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
