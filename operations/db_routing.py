"""Readers' queries go to a PostgreSQL replica; editors and writes to the primary.

Active only when DATABASE_REPLICA_URL is set (see settings). A request is
served from the replica only if it is a GET or HEAD without a session cookie,
that is, an anonymous reader's; and once anything in a request writes, its
later reads go to the primary too, so it reads what it wrote. Everything
outside a request (commands, the shell) uses the primary.
"""

from contextvars import ContextVar

from django.conf import settings

_reads_from_replica = ContextVar("reads_from_replica", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if _reads_from_replica.get() else "default"

    def db_for_write(self, model, **hints):
        _reads_from_replica.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's WAL


class ReplicaForReadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_reader = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _reads_from_replica.set(is_reader)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
