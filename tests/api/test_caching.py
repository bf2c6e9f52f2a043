"""API answers are kept by the page cache and dropped by its exact
invalidation, carry validators, and cost a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Correction
from tests.articles.test_query_plans import plan_of, sorts_list, whole_table_steps


@pytest.fixture
def story(live):
    return live


@pytest.mark.django_db
def test_second_request_is_served_from_the_cache(
    client, story, django_assert_num_queries
):
    first = client.get(f"/api/v1/articles/{story.pk}/")
    with django_assert_num_queries(0):
        second = client.get(f"/api/v1/articles/{story.pk}/")
    assert second.content == first.content
    assert f"article:{story.pk}" in second["Surrogate-Key"].split()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["articles/", "articles/{pk}/", "articles/news/live-headline/", "tags/"]
)
def test_a_change_shows_at_once(client, story, path):
    url = "/api/v1/" + path.format(pk=story.pk)
    client.get(url)
    story.title = "Live Headline, Corrected"
    story.save()
    Correction.objects.create(article=story, text="A fix.")
    assert (
        "Live Headline, Corrected" in client.get(url).content.decode()
        or path == "tags/"
    )
    if path == "articles/{pk}/":
        assert "A fix." in client.get(url).content.decode()


@pytest.mark.django_db
def test_unpublishing_takes_the_article_off_at_once(client, story):
    client.get("/api/v1/articles/")
    client.get(f"/api/v1/articles/{story.pk}/")
    story.make_draft()
    assert client.get("/api/v1/articles/").json()["results"] == []
    assert client.get(f"/api/v1/articles/{story.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [True, False])
def test_conditional_requests_get_304(client, story, settings, page_cache):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    url = f"/api/v1/articles/{story.pk}/"
    first = client.get(url)

    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    if page_cache:
        since = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
        assert since.status_code == 304
    story.title = "Changed"
    story.save()
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


@pytest.mark.django_db
def test_staff_sessions_get_a_private_answer(editor_client, story):
    response = editor_client.get("/api/v1/articles/")
    assert "private" in response["Cache-Control"]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_list_and_detail_cost_a_fixed_number_of_queries(
    client, make_article, author, make_image, settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE = False
    # Generations are read again from the database every half second, which
    # a loaded machine can pass in mid-request: an extra query, not a cost.
    settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 3600

    def add_stories(count, first):
        made = []
        for n in range(first, first + count):
            article = make_article(
                title=f"Story {n}", lead_image=make_image(), body="<p>Body.</p>"
            )
            article.authors.add(author)
            article.tags.add(f"tag {n}", "shared")
            Correction.objects.create(article=article, text="Fix.")
            made.append(article)
        return made

    # What each process reads once and keeps until it changes (the fronts'
    # schedules, kept_in_memory) is read before counting.
    client.get("/api/v1/articles/")
    one = add_stories(1, 0)[0]
    list_queries = queries_for(client, "/api/v1/articles/")
    detail_queries = queries_for(client, f"/api/v1/articles/{one.pk}/")
    add_stories(20, 1)

    # articles, authors, tags, renditions (+ the next scheduled time's check)
    with django_assert_num_queries(list_queries):
        page = client.get("/api/v1/articles/?page_size=20").json()
    assert len(page["results"]) == 20
    with django_assert_num_queries(detail_queries):
        client.get(f"/api/v1/articles/{one.pk}/")
    assert list_queries <= 6
    assert detail_queries <= 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "?section=news", "?page_size=2", "?page_size=2&cursor=next"]
)
def test_the_list_reads_the_index_from_the_cursor_on(
    client, make_article, now, settings, query
):
    """Page 1,000 costs what page 1 does: the query seeks to the cursor in
    the (status, published_at) index rather than counting rows past."""
    settings.NEWSROOM_PAGE_CACHE = False
    for n in range(6):
        make_article(title=f"Story {n}", published_at=now - timedelta(hours=n))
    if "cursor=next" in query:
        query = (
            "?"
            + client.get("/api/v1/articles/?page_size=2").json()["next"].split("?")[1]
        )

    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/articles/{query}").status_code == 200
    listing = next(
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "articles_article"')
    )

    plan = plan_of(listing)
    assert whole_table_steps(plan) == [], listing
    assert not sorts_list(plan), listing
    assert "OFFSET" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["authors/", "authors/ada-reporter/"])
def test_an_authors_new_link_shows_at_once(client, make_article, author, path):
    make_article(title="Bylined").authors.add(author)
    url = "/api/v1/" + path
    client.get(url)
    author.links.create(label="Website", url="https://ada.example/")
    assert "https://ada.example/" in client.get(url).content.decode()
