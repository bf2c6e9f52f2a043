from datetime import timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Section

DRAFT = Article.Status.DRAFT


@pytest.fixture
def sport(db):
    return Section.objects.create(name="Sport", slug="sport")


def related_titles(article):
    return [a.title for a in Article.objects.published().related_to(article)]


@pytest.mark.django_db
def test_most_shared_tags_first_then_newest(make_article, sport, now):
    story = make_article(title="Story", section=sport)
    story.tags.add("harbour", "council", "budget")

    def tagged(title, days_ago, *tags):
        article = make_article(
            title=title, section=sport, published_at=now - timedelta(days=days_ago)
        )
        article.tags.add(*tags)

    tagged("One tag, new", 1, "harbour")
    tagged("Two tags, old", 9, "harbour", "council")
    tagged("One tag, old", 5, "budget", "weather")
    tagged("Unrelated elsewhere", 1, "weather")

    assert related_titles(story) == [
        "Two tags, old",
        "One tag, new",
        "One tag, old",
        "Unrelated elsewhere",
    ]


@pytest.mark.django_db
def test_articles_sharing_no_tag_come_only_from_its_section(make_article, sport, now):
    story = make_article(title="Story", published_at=now - timedelta(days=3))
    story.tags.add("harbour")
    make_article(title="Same section", published_at=now - timedelta(days=1))
    make_article(title="Other section", section=sport)
    make_article(title="Other section, shared tag", section=sport).tags.add("harbour")

    assert related_titles(story) == ["Other section, shared tag", "Same section"]


@pytest.mark.django_db
def test_related_never_includes_drafts_or_itself(make_article, future):
    story = make_article(title="Story")
    story.tags.add("harbour")
    make_article(title="Draft", status=DRAFT).tags.add("harbour")
    make_article(title="Embargoed", published_at=future).tags.add("harbour")

    assert related_titles(story) == []


@pytest.mark.django_db
def test_article_page_lists_related_articles(client, make_article, now):
    story = make_article(title="Story")
    story.tags.add("harbour")
    for n in range(6):
        make_article(
            title=f"Harbour {n}", published_at=now - timedelta(days=n + 2)
        ).tags.add("harbour")
    make_article(title="Secret draft", status=DRAFT).tags.add("harbour")

    response = client.get(story.get_absolute_url())

    assertContains(response, "Related articles")
    for n in range(4):
        assertContains(response, f"Harbour {n}</a>")
    assertNotContains(response, "Harbour 4</a>")
    assertNotContains(response, "Secret draft")


@pytest.mark.django_db
def test_related_articles_cost_the_same_queries_as_data_grows(
    client, make_article, author, now, django_assert_max_num_queries
):
    story = make_article(title="Story")
    story.tags.add("harbour", "council")

    def grow(count):
        for n in range(Article.objects.count(), Article.objects.count() + count):
            article = make_article(
                title=f"Filler {n}", published_at=now - timedelta(days=n + 1)
            )
            article.tags.add("harbour", f"topic {n}")
            article.authors.add(author)

    grow(2)
    with django_assert_max_num_queries(8) as small:
        client.get(story.get_absolute_url())
    grow(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(story.get_absolute_url())
    assertContains(response, f"Filler {Article.objects.count() - 1}", count=0)
    assertContains(response, "Filler 1</a>")
