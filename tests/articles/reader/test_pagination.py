from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains

from articles.reader import pagination


@pytest.fixture
def archive(make_article, now, monkeypatch):
    """45 published articles, with lists paged 2 pages deep at most."""
    monkeypatch.setattr(pagination, "MAX_PAGES", 2)
    for n in range(45):
        make_article(title=f"Story {n}", published_at=now - timedelta(hours=n + 1))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/news/", "/search/?q=story"])
def test_lists_page_no_deeper_than_the_bound(client, archive, url):
    separator = "&" if "?" in url else "?"
    second = client.get(f"{url}{separator}page=2")

    assertContains(second, "Page 2 of 2")
    assertContains(second, "/news/story-39/")
    assert 'rel="next"' not in second.content.decode()


@pytest.mark.django_db
def test_a_page_past_the_bound_is_not_found(client, archive):
    assert client.get("/news/?page=3").status_code == 404


@pytest.mark.django_db
def test_lists_never_count_the_whole_archive(client, archive, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    with CaptureQueriesContext(connection) as queries:
        client.get("/news/?page=2")
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert counts
    assert all("LIMIT 41" in sql for sql in counts)


@pytest.mark.django_db
def test_search_says_when_it_has_more_than_it_pages(client, archive):
    assertContains(client.get("/search/?q=story"), "More than 40 results for")
