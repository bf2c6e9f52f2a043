"""The content API's front resource: the home page as readers see it, in
the order editors arranged it, with only published stories, at once."""

from datetime import timedelta

import pytest
from django.test import Client

from articles.models import Article


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
