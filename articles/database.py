"""What the database keeps for articles beyond the ORM's own tables.

- **Tagging times.** ``TaggedArticle.published_at`` is a copy of its
  article's publication time, which lets related articles be chosen from an
  index on (tag, published_at) instead of from every article carrying a tag.
  It is the article's ``published_at`` while the article's status is
  published, and null otherwise. The database keeps it, as it keeps the
  search index (articles/search/index.py), so every write path (save(),
  taggit's managers, bulk_create, loaddata, revision reverts, raw SQL) leaves
  it right: a tagging gets the value when it is inserted or changed, and an
  article's change of status or time is copied to its taggings.
  ``TAGGING_TIMES.install()`` creates the triggers and fills existing rows
  (migration 0011); it is safe to run again.
- **Planner statistics**, gathered again after bulk loads
  (``refresh_planner_statistics``), and a bulk load's indexes built once at
  its end (``indexes_built_after``).
"""

from contextlib import contextmanager

from django.db import connection as default_connection
from taggit.models import Tag

from .models import Article, Author, TaggedArticle


class ManagedSQL:
    """Database objects the ORM does not manage (triggers, a table, a
    column), installed and removed by statements given per database vendor
    (``{"postgresql": [...], "sqlite": [...]}``); every call is idempotent.

    SQLite drops a table's triggers whenever a migration rebuilds the table,
    which it does for most field changes: ``heal()`` installs again when some
    of ``sqlite_triggers`` are gone while ``sqlite_installed`` (a query
    counting what the first install made) says they were installed.
    """

    def __init__(self, *, install, remove, sqlite_triggers, sqlite_installed):
        self.statements = {"install": install, "remove": remove}
        self.sqlite_triggers = list(sqlite_triggers)
        self.sqlite_installed = sqlite_installed

    def install(self, connection):
        self._execute(connection, "install")

    def remove(self, connection):
        self._execute(connection, "remove")

    def heal(self, connection):
        if connection.vendor != "sqlite":
            return
        names = ", ".join(["%s"] * len(self.sqlite_triggers))
        with connection.cursor() as cursor:
            cursor.execute(self.sqlite_installed)
            (installed,) = cursor.fetchone()
            cursor.execute(
                "SELECT count(*) FROM sqlite_master "
                f"WHERE type = 'trigger' AND name IN ({names})",
                self.sqlite_triggers,
            )
            (present,) = cursor.fetchone()
        if installed and present < len(self.sqlite_triggers):
            self.install(connection)

    def _execute(self, connection, action):
        with connection.cursor() as cursor:
            for statement in self.statements[action].get(connection.vendor, []):
                cursor.execute(statement)


_COPY = "CASE WHEN {row}.status = 'published' THEN {row}.published_at END"
_ARTICLE_TIME = (
    "(SELECT " + _COPY.format(row="articles_article") + " FROM articles_article "
    "WHERE articles_article.id = {tagging}.content_object_id)"
)

_SET_NEW_TAGGING_TIME = (
    "UPDATE articles_taggedarticle SET published_at = "
    + _ARTICLE_TIME.format(tagging="new")
    + " WHERE id = new.id;"
)

# SQLite drops these with their table when a migration rebuilds it; see
# ManagedSQL.heal().
_SQLITE_TRIGGERS = {
    "articles_taggedarticle_time_insert": f"""
    CREATE TRIGGER IF NOT EXISTS articles_taggedarticle_time_insert
    AFTER INSERT ON articles_taggedarticle BEGIN
        {_SET_NEW_TAGGING_TIME}
    END
    """,
    # Fires on Django's own update of a loaded (perhaps stale) tagging too.
    "articles_taggedarticle_time_update": f"""
    CREATE TRIGGER IF NOT EXISTS articles_taggedarticle_time_update
    AFTER UPDATE OF content_object_id, published_at ON articles_taggedarticle
    BEGIN
        {_SET_NEW_TAGGING_TIME}
    END
    """,
    "articles_article_tagging_times": f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_tagging_times
    AFTER UPDATE OF status, published_at ON articles_article
    WHEN new.status IS NOT old.status OR new.published_at IS NOT old.published_at
    BEGIN
        UPDATE articles_taggedarticle SET published_at = {_COPY.format(row="new")}
        WHERE content_object_id = new.id;
    END
    """,
}
_FILL = "UPDATE articles_taggedarticle SET published_at = " + _ARTICLE_TIME.format(
    tagging="articles_taggedarticle"
)
_SQLITE_INSTALL = [*_SQLITE_TRIGGERS.values(), _FILL]
_SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]

_POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION articles_taggedarticle_time() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.published_at := {_ARTICLE_TIME.format(tagging="NEW")};
        RETURN NEW;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS articles_taggedarticle_time ON articles_taggedarticle",
    """
    CREATE TRIGGER articles_taggedarticle_time
    BEFORE INSERT OR UPDATE ON articles_taggedarticle
    FOR EACH ROW EXECUTE FUNCTION articles_taggedarticle_time()
    """,
    f"""
    CREATE OR REPLACE FUNCTION articles_article_tagging_times() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_taggedarticle SET published_at = {_COPY.format(row="NEW")}
        WHERE content_object_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS articles_article_tagging_times ON articles_article",
    """
    CREATE TRIGGER articles_article_tagging_times
    AFTER UPDATE OF status, published_at ON articles_article
    FOR EACH ROW WHEN (
        NEW.status IS DISTINCT FROM OLD.status
        OR NEW.published_at IS DISTINCT FROM OLD.published_at
    )
    EXECUTE FUNCTION articles_article_tagging_times()
    """,
    _FILL,
]
_POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS articles_article_tagging_times ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_tagging_times()",
    "DROP TRIGGER IF EXISTS articles_taggedarticle_time ON articles_taggedarticle",
    "DROP FUNCTION IF EXISTS articles_taggedarticle_time()",
]


TAGGING_TIMES = ManagedSQL(
    install={"postgresql": _POSTGRESQL_INSTALL, "sqlite": _SQLITE_INSTALL},
    remove={"postgresql": _POSTGRESQL_REMOVE, "sqlite": _SQLITE_REMOVE},
    sqlite_triggers=_SQLITE_TRIGGERS,
    # Before migration 0011 there is no column, and nothing to heal.
    sqlite_installed="SELECT count(*) FROM pragma_table_info("
    "'articles_taggedarticle') WHERE name = 'published_at'",
)


# What the reader pages query, and the importers and seed_demo write.
READER_TABLES = [
    model._meta.db_table
    for model in (Article, Article.authors.through, Author, TaggedArticle, Tag)
]


@contextmanager
def indexes_built_after(tables, connection=default_connection):
    """Inside the block (in a transaction), the tables have only their unique
    indexes, which keep their constraints; the others, whatever defines them
    (a model, a migration, the search index), are dropped first and built
    again from their own definitions as the block ends. On PostgreSQL, where
    building each index once from the whole table is several times cheaper
    than keeping it up to date through a bulk load; elsewhere it does
    nothing. The tables stay locked until the transaction ends."""
    if not connection.in_atomic_block:
        raise RuntimeError("Load in bulk inside a transaction.")
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.indexrelid::regclass::text, "
            "pg_get_indexdef(index.indexrelid) FROM pg_index index "
            "WHERE index.indrelid = ANY(%s::regclass[]) AND NOT index.indisunique",
            [list(tables)],
        )
        dropped = cursor.fetchall()
        for name, _ in dropped:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # An index cannot be built while the load's deferred foreign key
        # checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in dropped:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def refresh_planner_statistics(*, vacuum=False):
    """Gather the query planner's statistics again, as after any bulk load.

    SQLite never gathers them by itself: without them it takes "published"
    for a few rows rather than most of the archive and walks the wrong index
    (docs/performance.md). PostgreSQL's autovacuum gathers them, but only
    some time after the load. Only the reader pages' tables: the whole
    database, search index and revisions included, took 1.4 s at 100,000
    articles, these 0.1 s.
    """
    # After a load of new rows PostgreSQL's VACUUM marks their pages
    # all-visible, or the first readers (and autovacuum, later, in the midst
    # of them) do that work; it cannot run inside a transaction.
    command = "ANALYZE"
    if (
        vacuum
        and default_connection.vendor == "postgresql"
        and not default_connection.in_atomic_block
    ):
        command = "VACUUM (ANALYZE)"
    with default_connection.cursor() as cursor:
        for table in READER_TABLES:
            quoted = default_connection.ops.quote_name(table)
            cursor.execute(f"{command} {quoted}")
