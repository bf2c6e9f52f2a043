"""The content API's front resource: the home page as readers see it, in
the order editors arranged it, with only published stories, at once."""

from datetime import timedelta

import pytest
from django.test import Client

from articles.models import Article
from tests.api.test_caching import queries_for


@pytest.fixture
def stories(make_article, now):
    """Eight published stories, the newest first."""
    return [
        make_article(title=f"Story {n}", published_at=now - timedelta(hours=n + 1))
        for n in range(8)
    ]


def front(reader=None):
    response = (reader or Client()).get("/api/v1/front/")
    assert response.status_code == 200
    return response.json()


def titles(stories):
    return [story["headline"] for story in stories]


@pytest.mark.django_db
def test_the_front_is_the_home_page_as_editors_arranged_it(
    home_front, arrange, stories, make_article, section
):
    reader = Client()
    assert front(reader)["lead"]["headline"] == "Story 0"  # and it is cached
    draft = make_article(title="Secret Scoop", status=Article.Status.DRAFT)

    arrange(home_front, [stories[6], draft, stories[4]], blocks=[section])

    shown = front(reader)
    assert shown["lead"]["headline"] == "Story 6"
    assert titles(shown["top_stories"])[:3] == ["Story 4", "Story 0", "Story 1"]
    assert "Secret Scoop" not in str(shown)
    assert shown["lead"]["canonical_url"].endswith("/news/story-6/")
    # The home page shows the same places.
    assert [block["section"]["slug"] for block in shown["sections"]] == ["news"]

    draft.publish()
    assert titles(front(reader)["top_stories"])[0] == "Secret Scoop"


@pytest.mark.django_db
def test_an_unarranged_front_leads_with_the_newest(
    stories, django_assert_max_num_queries
):
    # The next scheduled time; what each process keeps in memory (the
    # arrangements, the banner, the sections); the cards' ids and their
    # statement; the summaries with bylines and tags: however many stories.
    with django_assert_max_num_queries(9):
        shown = front()
    assert shown["lead"]["headline"] == "Story 0"
    assert titles(shown["top_stories"]) == [f"Story {n}" for n in range(1, 7)]
    # Every section gets a block until editors choose: the rest is in News.
    [block] = shown["sections"]
    assert titles(block["articles"]) == ["Story 7"]
    assert shown["latest"] == []


@pytest.mark.django_db
def test_an_empty_site_has_an_empty_front(db):
    assert front() == {"lead": None, "top_stories": [], "sections": [], "latest": []}


@pytest.mark.django_db
def test_the_front_costs_the_same_queries_however_many_stories_it_shows(
    client, make_article, author, make_image, now, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    # Generations are read again every half second, which a loaded machine
    # can pass in mid-request: an extra query, not a cost of the front.
    settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 3600

    def add_stories(first, count):
        for n in range(first, first + count):
            article = make_article(
                title=f"Story {n}",
                published_at=now - timedelta(minutes=n + 1),
                lead_image=make_image(),
            )
            article.authors.add(author)
            article.tags.add(f"tag {n}", "shared")

    add_stories(0, 2)
    front(client)  # what each process reads again after a change, and keeps
    with_two = queries_for(client, "/api/v1/front/")
    add_stories(2, 10)
    assert len(front(client)["top_stories"]) == 6
    assert queries_for(client, "/api/v1/front/") == with_two
