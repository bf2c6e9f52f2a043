"""Statistics for the database's query planner."""

from django.db import connection


def refresh_planner_statistics():
    """Gather the query planner's statistics again, as after any bulk load.

    SQLite never gathers them by itself: without them it takes "published"
    for a few rows rather than most of the archive and walks the wrong index
    (docs/performance.md). PostgreSQL's autovacuum gathers them, but only
    some time after the load.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
