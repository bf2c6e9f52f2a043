import json
from datetime import timedelta

import pytest
from django.core import serializers
from django.db import connection
from pytest_django.asserts import assertContains, assertNotContains

from articles.database import TAGGING_TIMES
from articles.models import Article, Section, TaggedArticle
from articles.neighbours import page_neighbours

DRAFT = Article.Status.DRAFT


@pytest.fixture
def sport(db):
    return Section.objects.create(name="Sport", slug="sport")


def related_titles(article):
    """Related stories, then those filling up from the section."""
    _, _, related, more_from_section = page_neighbours(article, related_count=10)
    return [row.title for row in [*related, *more_from_section]]


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
def test_only_articles_sharing_a_tag_are_related_the_rest_more_from_section(
    make_article, now
):
    story = make_article(title="Story", published_at=now - timedelta(days=3))
    story.tags.add("harbour")
    make_article(title="Shares a tag", published_at=now - timedelta(days=5)).tags.add(
        "harbour"
    )
    make_article(title="Newest in News", published_at=now - timedelta(days=1))
    _, _, related, more_from_section = page_neighbours(story, related_count=2)
    assert [row.title for row in related] == ["Shares a tag"]
    assert [row.title for row in more_from_section] == ["Newest in News"]


@pytest.mark.django_db
def test_the_section_fill_is_labelled_more_from_the_section(client, make_article, now):
    story = make_article(title="Story", published_at=now - timedelta(days=3))
    story.tags.add("harbour")
    make_article(title="Shares a tag", published_at=now - timedelta(days=5)).tags.add(
        "harbour"
    )
    make_article(title="Newest in News", published_at=now - timedelta(days=1))

    html = client.get(story.get_absolute_url()).content.decode()

    related = html.index('id="related-heading">Related stories</h2>')
    more = html.index('id="more-from-section-heading">More from News</h2>')
    assert related < html.index("Shares a tag</a>") < more
    assert more < html.index("Newest in News</a>", more)


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

    assertContains(response, "Related stories")
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


@pytest.mark.django_db
def test_related_are_chosen_from_each_tags_newest_articles(
    make_article, sport, now, monkeypatch
):
    """A bounded choice: an old article sharing most tags gives way once both
    its tags have newer articles enough."""
    monkeypatch.setattr("articles.neighbours.RELATED_CANDIDATES_PER_TAG", 2)
    story = make_article(title="Story")
    story.tags.add("harbour", "council")
    make_article(
        title="Old, both tags", section=sport, published_at=now - timedelta(days=30)
    ).tags.add("harbour", "council")
    for n in range(2):
        for tag in ("harbour", "council"):
            make_article(
                title=f"New {tag} {n}",
                section=sport,
                published_at=now - timedelta(days=n + 1),
            ).tags.add(tag)

    # Equal times break on the later id, as everywhere.
    assert related_titles(story) == [
        "New council 0",
        "New harbour 0",
        "New council 1",
        "New harbour 1",
    ]


@pytest.mark.django_db
def test_article_tagged_as_draft_is_related_once_published(make_article, sport):
    story = make_article(title="Story")
    story.tags.add("harbour")
    later = make_article(title="Later", section=sport, status=DRAFT)
    later.tags.add("harbour")
    assert related_titles(story) == []

    later.publish()
    assert related_titles(story) == ["Later"]

    later.make_draft()
    assert related_titles(story) == []


@pytest.mark.django_db
def test_rescheduled_article_leaves_related_until_its_time(make_article, sport, future):
    story = make_article(title="Story")
    story.tags.add("harbour")
    other = make_article(title="Other", section=sport)
    other.tags.add("harbour")

    other.publish(at=future)

    assert related_titles(story) == []


@pytest.mark.django_db
def test_taggings_loaded_from_a_fixture_relate_articles(make_article, sport):
    """loaddata writes rows directly, and older exports carry no tagging
    times: the database fills them in."""
    story = make_article(title="Story")
    other = make_article(title="Other", section=sport)
    for article in (story, other):
        article.tags.add("harbour")
    taggings = json.loads(
        serializers.serialize(
            "json",
            TaggedArticle.objects.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    )
    for tagging in taggings:
        del tagging["fields"]["published_at"]
    TaggedArticle.objects.all().delete()

    for loaded in serializers.deserialize("json", json.dumps(taggings)):
        loaded.save()

    assert related_titles(story) == ["Other"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers")
@pytest.mark.django_db
def test_tagging_times_come_back_after_a_table_rebuild(make_article, sport):
    story = make_article(title="Story")
    story.tags.add("harbour")
    other = make_article(title="Other", section=sport, status=DRAFT)
    other.tags.add("harbour")
    # What a migration that rebuilds the tagging table leaves behind.
    TAGGING_TIMES.remove(connection)

    TAGGING_TIMES.heal(connection)
    other.publish()

    assert related_titles(story) == ["Other"]
