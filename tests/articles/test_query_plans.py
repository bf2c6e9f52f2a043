"""The reader pages' article queries read indexes, not the whole archive.

Each test requests a page, takes the SQL it ran on the article and tagging
tables, and asks the database for its plan. SQLite plans from the schema
alone (no statistics are gathered), so a full scan or a sort of the whole
table shows whatever the rows; PostgreSQL is asked with sequential scans
priced out (`enable_seqscan = off`), so a sequential scan still chosen means
no index can serve the query.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Section

WATCHED_TABLES = ("articles_article", "articles_taggedarticle")


def plan_of(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return [row[0] for row in cursor.fetchall()]


def whole_table_steps(plan):
    """The steps of `plan` that read a watched table whole."""
    tables = "|".join(WATCHED_TABLES)
    if connection.vendor == "sqlite":
        scan = re.compile(rf"^SCAN ({tables})\b(?! USING (COVERING )?INDEX)")
    else:
        scan = re.compile(rf"Seq Scan on ({tables})\b")
    return [step for step in plan if scan.search(step)]


def sorts_list(plan):
    """Whether SQLite sorts the rows a list query found, rather than reading
    them in index order: the whole list, or its articles of equal times
    ("RIGHT PART OF ORDER BY"), which a deep page's OFFSET pays for all the
    rows before it. PostgreSQL's plans for tiny tables sort cheaply whatever
    the indexes."""
    return connection.vendor == "sqlite" and any(
        step.startswith("USE TEMP B-TREE FOR") and "ORDER BY" in step for step in plan
    )


def article_queries(client, url):
    """(sql, plan) for each query `url` ran on a watched table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    found = [
        (query["sql"], plan_of(query["sql"]))
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        and any(table in query["sql"] for table in WATCHED_TABLES)
    ]
    assert found, f"{url} read no articles"
    return found


@pytest.fixture
def archive(make_article, author):
    """A few articles of two sections, tagged and bylined, over some months."""
    sport = Section.objects.create(name="Sport", slug="sport")
    start = datetime(2023, 5, 1, 12, tzinfo=UTC)
    articles = []
    for n in range(12):
        article = make_article(
            title=f"Story {n}",
            section=sport if n % 3 == 0 else Section.objects.get(slug="news"),
            published_at=start + timedelta(days=3 * n),
        )
        article.tags.add("harbour", f"topic {n % 4}")
        article.authors.add(author)
        articles.append(article)
    make_article(title="Draft", status=Article.Status.DRAFT).tags.add("harbour")
    return articles


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/tags/harbour/",
        "/authors/ada-reporter/",
        "/archive/2023/05/",
        "/news/archive/2023/05/",
    ],
)
def test_lists_read_articles_in_index_order(client, archive, url, settings):
    settings.NEWSROOM_PAGE_CACHE = False

    for sql, plan in article_queries(client, url):
        assert whole_table_steps(plan) == [], sql
        if re.match(r'SELECT .*? FROM "?articles_article"? ', sql):
            assert not sorts_list(plan), sql


@pytest.mark.django_db
def test_tag_page_reads_only_that_tags_taggings(client, archive, settings):
    """Not a walk through every article checking its tags, which a rare tag
    would make as long as the archive."""
    settings.NEWSROOM_PAGE_CACHE = False

    for sql, plan in article_queries(client, "/tags/harbour/"):
        if "articles_taggedarticle" in sql:
            assert "tagged_article_pub_idx" in "\n".join(plan), sql
            # SQLite's first table step is the outer loop.
            if connection.vendor == "sqlite":
                outer = next(step for step in plan if step.startswith("SEARCH"))
                assert "tagged_article_pub_idx" in outer, sql


@pytest.mark.django_db
def test_article_page_finds_neighbours_and_related_from_indexes(
    client, archive, settings
):
    """Previous/next from the section's index, related articles from each
    tag's newest taggings."""
    settings.NEWSROOM_PAGE_CACHE = False

    queries = article_queries(client, archive[6].get_absolute_url())

    for sql, plan in queries:
        assert whole_table_steps(plan) == [], sql
    # PostgreSQL picks among usable indexes by its statistics, which tiny
    # tables make arbitrary; SQLite's choice follows from the schema.
    if connection.vendor == "sqlite":
        plans = "\n".join(step for _, plan in queries for step in plan)
        assert "article_section_pub_idx" in plans
        assert "tagged_article_pub_idx" in plans
