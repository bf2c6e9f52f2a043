"""The search index, kept by the database itself.

A hit in the title weighs more than one in the standfirst, which weighs more
than one in the body. The database keeps the index in sync, so every write
path (save(), update(), loaddata, raw SQL) keeps it current:

- PostgreSQL: a weighted ``tsvector`` column, ``articles_article.search_vector``,
  filled by a trigger, indexed with GIN and kept in the article's row.
- SQLite: an FTS5 table, ``articles_article_search``, over the article table,
  filled by triggers.

The column and the table are not model fields, because neither can exist on the
other database; ``SEARCH_INDEX.install()`` creates them (migration 0003) and is
safe to run again. Querying them is ``articles/search/query.py``.
"""

from contextlib import contextmanager

from ..database import ManagedSQL

TEXT_SEARCH_CONFIG = "english"
FTS_TABLE = "articles_article_search"

_POSTGRESQL_INSTALL = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    # In the row rather than TOASTed (the body goes out of line instead):
    # search tests and ranks one vector per article it reads, and fetching
    # each from the TOAST table made that 3-4x slower (docs/performance.md).
    # A vector too long for the row still goes out of line.
    "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE MAIN",
    f"""
    CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', NEW.title), 'A')
            || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', NEW.dek), 'B')
            || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', NEW.body), 'C');
        RETURN NEW;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    """
    CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF title, dek, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
    """,
    "CREATE INDEX IF NOT EXISTS article_search_vector_idx "
    "ON articles_article USING gin (search_vector)",
    # Index the rows that existed before the trigger.
    "UPDATE articles_article SET title = title WHERE search_vector IS NULL",
]
# Vectors stored before STORAGE MAIN stay where they are until rewritten;
# concatenating nothing makes a new value without parsing any text again.
POSTGRESQL_STORE_INLINE = (
    "UPDATE articles_article SET search_vector = search_vector || ''::tsvector "
    "WHERE search_vector IS NOT NULL"
)
_POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]

# SQLite drops a table's triggers whenever a migration rebuilds the table, which
# it does for most field changes; see ManagedSQL.heal().
_SQLITE_TRIGGERS = {
    "articles_article_search_insert": f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_search_insert
    AFTER INSERT ON articles_article BEGIN
        INSERT INTO {FTS_TABLE} (rowid, title, dek, body)
        VALUES (new.id, new.title, new.dek, new.body);
    END
    """,
    "articles_article_search_delete": f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_search_delete
    AFTER DELETE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, dek, body)
        VALUES ('delete', old.id, old.title, old.dek, old.body);
    END
    """,
    "articles_article_search_update": f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_search_update
    AFTER UPDATE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, dek, body)
        VALUES ('delete', old.id, old.title, old.dek, old.body);
        INSERT INTO {FTS_TABLE} (rowid, title, dek, body)
        VALUES (new.id, new.title, new.dek, new.body);
    END
    """,
}
_SQLITE_INSTALL = [
    f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title, dek, body,
        content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    *_SQLITE_TRIGGERS.values(),
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')",
]
_SQLITE_REMOVE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


SEARCH_INDEX = ManagedSQL(
    install={"postgresql": _POSTGRESQL_INSTALL, "sqlite": _SQLITE_INSTALL},
    remove={"postgresql": _POSTGRESQL_REMOVE, "sqlite": _SQLITE_REMOVE},
    sqlite_triggers=_SQLITE_TRIGGERS,
    # Before migration 0003 there is no index, and nothing to heal.
    sqlite_installed="SELECT count(*) FROM sqlite_master "
    f"WHERE type = 'table' AND name = '{FTS_TABLE}'",
)


@contextmanager
def copies_keep_their_index(connection):
    """Inside the block, rows inserted into the article table as copies of
    indexed rows, every column copied, are searchable without the database
    tokenising them again (seed_demo's copies).

    PostgreSQL: the copied ``search_vector`` is the copy's index, so the
    trigger that would compute it again is off until the block ends; this
    must run inside a transaction, which holds the table locked. SQLite:
    FTS5 keeps its index outside the row, so its triggers index each copy.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Copy articles inside a transaction.")
    if connection.vendor != "postgresql":
        yield
        return
    trigger = "ALTER TABLE articles_article {} TRIGGER articles_article_search_vector"
    for action in ("DISABLE", "ENABLE"):
        with connection.cursor() as cursor:
            # The table cannot be altered while deferred foreign key checks
            # of rows written before are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(trigger.format(action))
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        if action == "DISABLE":
            yield
