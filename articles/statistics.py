"""Statistics for the database's query planner."""

from django.db import connection
from taggit.models import Tag

from .models import Article, Author, TaggedArticle

# What the reader pages query, and the importers and seed_demo write.
READER_TABLES = [
    model._meta.db_table
    for model in (Article, Article.authors.through, Author, TaggedArticle, Tag)
]


def refresh_planner_statistics():
    """Gather the query planner's statistics again, as after any bulk load.

    SQLite never gathers them by itself: without them it takes "published"
    for a few rows rather than most of the archive and walks the wrong index
    (docs/performance.md). PostgreSQL's autovacuum gathers them, but only
    some time after the load. Only the reader pages' tables: the whole
    database, search index and revisions included, took 1.4 s at 100,000
    articles, these 0.1 s.
    """
    with connection.cursor() as cursor:
        for table in READER_TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
