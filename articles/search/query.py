"""Full-text search over published articles, on PostgreSQL and on SQLite,
through the index of ``articles/search/index.py``: ranked by ``ts_rank`` or
``bm25``, highlighted by ``ts_headline`` or FTS5's ``highlight`` and
``snippet``."""

import html
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, Func, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import Article, published_sql
from .index import FTS_TABLE, TEXT_SEARCH_CONFIG

# Private-use characters mark hits in the database's output; they are turned
# into <mark> only after the text around them has been escaped.
HIT_START = "\ue000"
HIT_END = "\ue001"

EXCERPT_WORDS = 30
BEST_FIRST = ["-rank", "-published_at", "-pk"]
NEWEST_FIRST = ["-published_at", "-pk"]
# Best-match order ranks only this many of the matches, the most recently
# added (ids, which FTS5 reads in order and stops), so that a word found in
# half the archive costs what it costs in a small one; the search page says
# so. Newest first reaches every match, pages allowing.
RANKED_MATCHES = 1000
# On PostgreSQL the newest matches are read a window of ids at a time, the
# first this many times as wide as the matches wanted.
FIRST_WINDOW = 3
# bm25 weights per FTS column (title, dek, body).
FTS_WEIGHTS = (10.0, 4.0, 1.0)
ORDERS = ("best", "newest")


def matching_articles(query):
    """Published articles matching the reader's words, in no order.

    Any string is a safe query: it is read as words, never as query syntax.
    """
    if connection.vendor == "postgresql":
        return _postgresql_matches(_listed(), _clean(query))
    return _sqlite_matches(_listed(), _clean(query))


def _listed():
    """Published articles as a list of results shows them."""
    return Article.objects.published().select_related("section").defer("body")


def search_articles(query, order="best", recent=None):
    """matching_articles(query), newest first, or best match first among
    the RANKED_MATCHES most recently added, each then carrying its ``rank``;
    ``add_hits()`` marks the words in a page of them. `recent` is
    ``recent_matches(query, RANKED_MATCHES + 1)`` if the caller has read it
    already."""
    if recent is None:
        recent = recent_matches(query, RANKED_MATCHES + 1)
    if order == "newest":
        return _newest(query, recent)
    return _ranked(_clean(query), recent[:RANKED_MATCHES])


def recent_matches(query, count):
    """The ids of the `count` most recently added published articles
    matching `query`, newest first: one read of the index, which gives the
    search page its count and best match the range it ranks."""
    query = _clean(query)
    if connection.vendor == "postgresql":
        return _postgresql_recent(query, count)
    if (match := _fts_match(query)) is None:
        return []
    published, params = published_sql("recent", using=connection)
    # The index's matches in descending rowid order, each article looked up
    # by its key, until enough are published.
    sql = (
        f"SELECT recent.id FROM {FTS_TABLE} CROSS JOIN articles_article AS "
        f"recent ON recent.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s "
        f"AND {published} ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, count])
        return [pk for (pk,) in cursor.fetchall()]


def _postgresql_recent(query, count):
    """recent_matches() on PostgreSQL: the newest ids first, a window of
    them at a time, each window's matches read through the GIN index and
    only their rows visited. Walking the ids down and testing every article
    instead read 20 of them a match for a word in 5% of the archive."""
    published, params = published_sql("recent", using=connection)
    sql = (
        f"SELECT recent.id FROM articles_article AS recent WHERE {published} "
        f"AND recent.search_vector @@ websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', "
        "%s) AND recent.id >= %s AND recent.id < %s ORDER BY recent.id DESC LIMIT %s"
    )
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM articles_article")
        oldest, newest = cursor.fetchone()
        if newest is None:
            return found
        upper, span = newest + 1, FIRST_WINDOW * count
        while upper > oldest and len(found) < count:
            lower = max(upper - span, oldest)
            cursor.execute(sql, [*params, query, lower, upper, count - len(found)])
            matches = [pk for (pk,) in cursor.fetchall()]
            found += matches
            # The next window as wide as this one's share of matches says
            # the rest will need, within limits; after a window without
            # any, all the rest: for a word that rare the planner still
            # ANDs its matches with the window's range of ids, which at a
            # million articles read 150,000 key entries to find one match.
            wanted = (count - len(found)) * (upper - lower) * 5 // 4
            span = min(max(wanted // max(len(matches), 1), span), span * 16)
            if not matches:
                span = lower - oldest
            upper = lower
    return found


def _newest(query, recent):
    """Every match of `query`, newest first. When `recent` holds them all,
    they are sorted alone; a word in more articles than that is common
    enough that, on SQLite, walking the published articles newest first and
    looking each up in the index reaches a page soonest (sorting every
    match by date cost 150 ms for a word in half of 100,000 articles)."""
    if len(recent) <= RANKED_MATCHES:
        return _listed().filter(pk__in=recent).order_by(*NEWEST_FIRST)
    if connection.vendor == "postgresql":
        return matching_articles(query).order_by(*NEWEST_FIRST)
    return (
        _listed()
        .extra(
            where=[
                f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND {FTS_TABLE}.rowid = articles_article.id)"
            ],
            params=[_fts_match(_clean(query))],
        )
        .order_by(*NEWEST_FIRST)
    )


def _ranked(query, recent):
    """The published articles among the `recent` matches of `query`, best
    first: ts_rank, or bm25 (lower for better matches, so negated to sort
    like ts_rank)."""
    if not recent:
        return _listed().none()
    if connection.vendor == "postgresql":
        # The ids are this request's matches: each row is looked up by its key
        # and ranked, with no second test against the index.
        rank = SearchRank(_search_vector(), _search_query(query))
        return _listed().filter(pk__in=recent).annotate(rank=rank).order_by(*BEST_FIRST)
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    # Every published match from the oldest of them on is one of them: a
    # range of rowids FTS5 reads alone, rather than every match tested
    # against a list.
    return (
        matching_articles(query)
        .extra(
            select={"rank": f"-bm25({FTS_TABLE}, {weights})"},
            where=[f"{FTS_TABLE}.rowid >= %s"],
            params=[min(recent)],
        )
        .order_by(*BEST_FIRST)
    )


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


def _search_vector():
    return RawSQL(
        "articles_article.search_vector", [], output_field=SearchVectorField()
    )


def _postgresql_matches(articles, query):
    return articles.annotate(search_vector=_search_vector()).filter(
        search_vector=_search_query(query)
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
            # ts_headline turns every tag into a space, so the inline ones go
            # first: "<em>history</em>." must not read "history .".
            Func(
                F("body"),
                Value(INLINE_TAG_PATTERN),
                Value(""),
                Value("gi"),
                function="regexp_replace",
            ),
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
    # One pass over the index, joined to the articles; the join has no model
    # to name it, hence extra(). The unary plus keeps SQLite from looking the
    # index up once per article instead.
    return articles.extra(
        tables=[FTS_TABLE],
        where=[f"articles_article.id = +{FTS_TABLE}.rowid", f"{FTS_TABLE} MATCH %s"],
        params=[match],
    )


def _sqlite_hits(ids, query):
    marks = f"'{HIT_START}', '{HIT_END}'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, highlight({FTS_TABLE}, 0, {marks}), "
            f"highlight({FTS_TABLE}, 1, {marks}), "
            f"snippet({FTS_TABLE}, 2, {marks}, '…', {EXCERPT_WORDS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            # FTS5 reads the range of the page's rowids once; looked up one by
            # one, each would be a search of its own (4x the time at 100,000).
            f"AND rowid BETWEEN %s AND %s "
            f"AND +rowid IN ({', '.join(['%s'] * len(ids))})",
            [_fts_match(query), min(ids), max(ids), *ids],
        )
        return {pk: hits for pk, *hits in cursor.fetchall()}


# Tags inside a line of text (emphasis, links, quotations) join the words
# either side as written; every other tag, and a tag cut off at either end of
# an excerpt, separates them.
# (Written for both Python and PostgreSQL's regular expressions.)
INLINE_TAG_PATTERN = r"</?(?:a|b|i|em|strong|q|cite)(?:\s[^<>]*)?>"
_INLINE_TAGS = re.compile(INLINE_TAG_PATTERN, re.IGNORECASE)
_TAGS = re.compile(r"<[^<>]*>|^[^<]*?>|<[^>]*$")


def mark_hits(text, *, from_html=False):
    """Text from the search annotations as safe HTML, hits in <mark>."""
    if from_html:
        text = html.unescape(_TAGS.sub(" ", _INLINE_TAGS.sub("", text)))
        text = " ".join(text.split())
    text = escape(text)
    text = re.sub(
        f"{HIT_START}(.*?){HIT_END}", r"<mark>\1</mark>", text, flags=re.DOTALL
    )
    return mark_safe(text.replace(HIT_START, "").replace(HIT_END, ""))
