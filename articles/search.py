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
from django.db.models import F
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


def execute_all(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_search_index(connection):
    """Create the search index for this database and fill it; idempotent."""
    statements = {"postgresql": _POSTGRESQL_INSTALL, "sqlite": _SQLITE_INSTALL}
    execute_all(connection, statements.get(connection.vendor, []))


def remove_search_index(connection):
    statements = {"postgresql": _POSTGRESQL_REMOVE, "sqlite": _SQLITE_REMOVE}
    execute_all(connection, statements.get(connection.vendor, []))


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
    """Published articles matching the reader's words, best match first, each
    carrying its ``rank``; ``add_hits()`` marks the words in a page of them.

    Any string is a safe query: it is read as words, never as query syntax.
    """
    articles = Article.objects.published().select_related("section").defer("body")
    if connection.vendor == "postgresql":
        return _postgresql_matches(articles, _clean(query))
    return _sqlite_matches(articles, _clean(query))


def add_hits(articles, query):
    """`articles` (a page of ``search_articles(query)``) as a list, each with
    ``title_hits``, ``dek_hits`` and ``excerpt_hits``: text with hit markers,
    rendered by ``mark_hits``. One query, for the shown articles only."""
    articles = list(articles)
    if not articles:
        return articles
    ids = [article.pk for article in articles]
    if connection.vendor == "postgresql":
        hits = _postgresql_hits(ids, _clean(query))
    else:
        hits = _sqlite_hits(ids, _clean(query))
    for article in articles:
        article.title_hits, article.dek_hits, article.excerpt_hits = hits[article.pk]
    return articles


def _clean(query):
    # PostgreSQL refuses NUL in text; it is no word anyway.
    return query.replace("\x00", "")


def _search_query(query):
    return SearchQuery(query, config=TEXT_SEARCH_CONFIG, search_type="websearch")


def _postgresql_matches(articles, query):
    search_query = _search_query(query)
    return (
        articles.annotate(
            search_vector=RawSQL(
                "articles_article.search_vector", [], output_field=SearchVectorField()
            ),
            rank=SearchRank(F("search_vector"), search_query),
        )
        .filter(search_vector=search_query)
        .order_by(*BEST_FIRST)
    )


def _postgresql_hits(ids, query):
    search_query = _search_query(query)
    highlight = {
        "config": TEXT_SEARCH_CONFIG,
        "start_sel": HIT_START,
        "stop_sel": HIT_END,
    }
    rows = Article.objects.filter(pk__in=ids).values_list(
        "pk",
        SearchHeadline("title", search_query, highlight_all=True, **highlight),
        SearchHeadline("dek", search_query, highlight_all=True, **highlight),
        SearchHeadline(
            "body",
            search_query,
            max_words=EXCERPT_WORDS,
            min_words=EXCERPT_WORDS // 2,
            max_fragments=1,
            **highlight,
        ),
    )
    return {pk: hits for pk, *hits in rows}


def _fts_match(query):
    """The reader's words as an FTS5 query, or None if there are none: each
    word a quoted string, so quotes, stars, NEAR( and OR are read as text, and
    all of them must appear."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{word}"' for word in words) if words else None


def _sqlite_matches(articles, query):
    match = _fts_match(query)
    if match is None:
        return articles.none()
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    # One pass over the index, joined to the articles, ranks every match; the
    # join has no model to name it, hence extra(). The unary plus keeps SQLite
    # from looking the index up once per article instead.
    return articles.extra(
        tables=[FTS_TABLE],
        where=[f"articles_article.id = +{FTS_TABLE}.rowid", f"{FTS_TABLE} MATCH %s"],
        params=[match],
        # bm25 is lower for better matches; negate it to sort like ts_rank.
        select={"rank": f"-bm25({FTS_TABLE}, {weights})"},
    ).order_by(*BEST_FIRST)


def _sqlite_hits(ids, query):
    marks = f"'{HIT_START}', '{HIT_END}'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, highlight({FTS_TABLE}, 0, {marks}), "
            f"highlight({FTS_TABLE}, 1, {marks}), "
            f"snippet({FTS_TABLE}, 2, {marks}, '…', {EXCERPT_WORDS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"AND rowid IN ({', '.join(['%s'] * len(ids))})",
            [_fts_match(query), *ids],
        )
        return {pk: hits for pk, *hits in cursor.fetchall()}


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
