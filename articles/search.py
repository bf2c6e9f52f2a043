"""Full-text search over published articles, on PostgreSQL and on SQLite.

A hit in the title weighs more than one in the standfirst, which weighs more
than one in the body. The index lives in the database and is kept in sync by
the database itself, so every write path (save(), update(), loaddata, raw SQL)
keeps it current:

- PostgreSQL: a weighted ``tsvector`` column, ``articles_article.search_vector``,
  filled by a trigger and indexed with GIN; ranked by ``ts_rank`` and
  highlighted by ``ts_headline``.
- SQLite: an FTS5 table, ``articles_article_search``, over the article table,
  filled by triggers; ranked by ``bm25`` and highlighted by ``highlight`` and
  ``snippet``.

The column and the table are not model fields, because neither can exist on the
other database; ``install_search_index`` creates them (migration 0003) and is
safe to run again.
"""

import html
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, FloatField, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

# Private-use characters mark hits in the database's output; they are turned
# into <mark> only after the text around them has been escaped.
HIT_START = "\ue000"
HIT_END = "\ue001"

TEXT_SEARCH_CONFIG = "english"
EXCERPT_WORDS = 30
BEST_FIRST = ["-rank", "-published_at", "-pk"]

FTS_TABLE = "articles_article_search"
# bm25 weights per FTS column (title, dek, body).
FTS_WEIGHTS = (10.0, 4.0, 1.0)

_POSTGRESQL_INSTALL = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
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
_POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]

# SQLite drops a table's triggers whenever a migration rebuilds the table, which
# it does for most field changes; see heal_search_index().
_SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_search_insert
    AFTER INSERT ON articles_article BEGIN
        INSERT INTO {FTS_TABLE} (rowid, title, dek, body)
        VALUES (new.id, new.title, new.dek, new.body);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_search_delete
    AFTER DELETE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, dek, body)
        VALUES ('delete', old.id, old.title, old.dek, old.body);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_search_update
    AFTER UPDATE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, dek, body)
        VALUES ('delete', old.id, old.title, old.dek, old.body);
        INSERT INTO {FTS_TABLE} (rowid, title, dek, body)
        VALUES (new.id, new.title, new.dek, new.body);
    END
    """,
]
_SQLITE_INSTALL = [
    f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title, dek, body,
        content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    *_SQLITE_TRIGGERS,
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')",
]
_SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS articles_article_search_insert",
    "DROP TRIGGER IF EXISTS articles_article_search_delete",
    "DROP TRIGGER IF EXISTS articles_article_search_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def _execute(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_search_index(connection):
    """Create the search index for this database and fill it; idempotent."""
    statements = {"postgresql": _POSTGRESQL_INSTALL, "sqlite": _SQLITE_INSTALL}
    _execute(connection, statements.get(connection.vendor, []))


def remove_search_index(connection):
    statements = {"postgresql": _POSTGRESQL_REMOVE, "sqlite": _SQLITE_REMOVE}
    _execute(connection, statements.get(connection.vendor, []))


def heal_search_index(connection):
    """Restore SQLite's sync triggers if a table rebuild dropped them."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE "
            "(type = 'table' AND name = %s) "
            "OR (type = 'trigger' AND name LIKE 'articles_article_search_%%')",
            [FTS_TABLE],
        )
        (present,) = cursor.fetchone()
    if present not in (0, 1 + len(_SQLITE_TRIGGERS)):
        install_search_index(connection)


def search_articles(query):
    """Published articles matching the reader's words, best match first.

    Each article carries ``rank`` and the raw ``title_hits``, ``dek_hits`` and
    ``excerpt_hits`` (text with hit markers; render them with ``mark_hits``).
    Any string is a safe query: it is read as words, never as query syntax.
    """
    articles = Article.objects.published().select_related("section").defer("body")
    # PostgreSQL refuses NUL in text; it is no word anyway.
    query = query.replace("\x00", "")
    if connection.vendor == "postgresql":
        return _postgresql_matches(articles, query)
    return _sqlite_matches(articles, query)


def _postgresql_matches(articles, query):
    search_query = SearchQuery(
        query, config=TEXT_SEARCH_CONFIG, search_type="websearch"
    )
    highlight = {
        "config": TEXT_SEARCH_CONFIG,
        "start_sel": HIT_START,
        "stop_sel": HIT_END,
    }
    return (
        articles.annotate(
            search_vector=RawSQL(
                "articles_article.search_vector", [], output_field=SearchVectorField()
            ),
            rank=SearchRank(F("search_vector"), search_query),
            title_hits=SearchHeadline(
                "title", search_query, highlight_all=True, **highlight
            ),
            dek_hits=SearchHeadline(
                "dek", search_query, highlight_all=True, **highlight
            ),
            excerpt_hits=SearchHeadline(
                "body",
                search_query,
                max_words=EXCERPT_WORDS,
                min_words=EXCERPT_WORDS // 2,
                max_fragments=1,
                **highlight,
            ),
        )
        .filter(search_vector=search_query)
        .order_by(*BEST_FIRST)
    )


def _sqlite_matches(articles, query):
    # Each word becomes a quoted FTS5 string, so quotes, stars, NEAR( and OR
    # are read as text; the words must all appear.
    words = re.findall(r"\w+", query)
    if not words:
        return articles.none()
    match = " ".join(f'"{word}"' for word in words)

    def about_this_article(function, output_field):
        return RawSQL(
            f"SELECT {function} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"AND rowid = articles_article.id",
            [match],
            output_field=output_field,
        )

    marks = f"'{HIT_START}', '{HIT_END}'"
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    return (
        articles.filter(
            pk__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]
            )
        )
        .annotate(
            # bm25 is lower for better matches; negate it to sort like ts_rank.
            rank=about_this_article(f"-bm25({FTS_TABLE}, {weights})", FloatField()),
            title_hits=about_this_article(
                f"highlight({FTS_TABLE}, 0, {marks})", TextField()
            ),
            dek_hits=about_this_article(
                f"highlight({FTS_TABLE}, 1, {marks})", TextField()
            ),
            excerpt_hits=about_this_article(
                f"snippet({FTS_TABLE}, 2, {marks}, '…', {EXCERPT_WORDS})", TextField()
            ),
        )
        .order_by(*BEST_FIRST)
    )


# Whole tags, and the cut-off tags at either end of an excerpt of HTML.
_TAGS = re.compile(r"<[^<>]*>|^[^<]*?>|<[^>]*$")


def mark_hits(text, *, from_html=False):
    """Text from the search annotations as safe HTML, hits in <mark>."""
    if from_html:
        text = html.unescape(_TAGS.sub(" ", text))
        text = " ".join(text.split())
    text = escape(text)
    text = re.sub(
        f"{HIT_START}(.*?){HIT_END}", r"<mark>\1</mark>", text, flags=re.DOTALL
    )
    return mark_safe(text.replace(HIT_START, "").replace(HIT_END, ""))
