"""Rate limits on the content API: per client address without a key, per key
with one. Applied before the page cache, so a cached answer counts too.

Counts are per minute (a fixed window) and shared by every worker and app
server: in Redis when the cache is Redis, else in the database
(NEWSROOM_API_LIMIT_STORE). A per-process LocMemCache would let each worker
count on its own, multiplying the limit by the number of workers.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import JsonResponse

from operations.security import client_ip

from .models import PartnerKey, RateLimitWindow

WINDOW_SECONDS = 60
KEY_HEADER = "HTTP_AUTHORIZATION"
KEY_SCHEME = "Api-Key "


def count_in_database(client, window_start):
    """Add one request to `client`'s window and return its count, in one
    atomic statement (SQLite 3.35+ and PostgreSQL both have upserts with
    RETURNING)."""
    table = RateLimitWindow._meta.db_table
    connection = connections[router.db_for_write(RateLimitWindow)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client, window_start, requests) "  # noqa: S608
            f"VALUES (%s, %s, 1) ON CONFLICT (client, window_start) "
            f"DO UPDATE SET requests = {table}.requests + 1 RETURNING requests",
            [client, window_start],
        )
        (count,) = cursor.fetchone()
    if count == 1:
        # A client's first request of a minute clears minutes gone by.
        RateLimitWindow.objects.filter(
            window_start__lt=window_start - WINDOW_SECONDS
        ).delete()
    return count


def count_in_cache(client, window_start):
    key = f"api-limit:{client}:{window_start}"
    cache.add(key, 0, timeout=2 * WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.add(key, 1, timeout=2 * WINDOW_SECONDS)
        return 1


STORES = {"database": count_in_database, "cache": count_in_cache}


def error(status, code, detail, **headers):
    response = JsonResponse({"error": code, "detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def partner_key(request):
    """The key the request presents: a PartnerKey, None without one, or False
    for one that is unknown, revoked or expired."""
    header = request.META.get(KEY_HEADER, "")
    if not header.startswith(KEY_SCHEME):
        return None
    try:
        return PartnerKey.objects.get_from_key(header.removeprefix(KEY_SCHEME).strip())
    except PartnerKey.DoesNotExist:
        return False


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        key = partner_key(request)
        if key is False:
            return error(401, "bad_key", "This API key is unknown or revoked.")
        if key:
            client = f"key:{key.pk}"
            limit = key.requests_per_minute
            if limit is None:
                limit = settings.NEWSROOM_API_KEY_PER_MINUTE
        else:
            client = f"address:{client_ip(request)}"
            limit = settings.NEWSROOM_API_ANON_PER_MINUTE
        if not limit:
            return self.get_response(request)
        now = time.time()
        window_start = int(now // WINDOW_SECONDS * WINDOW_SECONDS)
        count = STORES[settings.NEWSROOM_API_LIMIT_STORE](client, window_start)
        reset = max(1, int(window_start + WINDOW_SECONDS - now + 0.999))
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - count)),
            "X-RateLimit-Reset": str(reset),
        }
        if count > limit:
            return error(
                429,
                "rate_limited",
                f"More than {limit} requests a minute; try again in {reset} s.",
                **headers,
                **{"Retry-After": str(reset)},
            )
        response = self.get_response(request)
        for name, value in headers.items():
            response[name] = value
        return response
