"""The section, tag and author pages page through plain rows
(queries.ListedArticles) instead of querysets: they must list exactly what
Article.objects.published() gives for the subject, in the model's order."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from taggit.models import Tag

from articles.database import TAGGING_TIMES
from articles.models import Article, Section, TaggedArticle
from articles.reader.queries import author_articles, section_articles, tag_articles

SUBJECTS = {
    "section": (section_articles, "section"),
    "tag": (tag_articles, "tagged_items__tag"),
    "author": (author_articles, "authors"),
}


@pytest.fixture
def mixed_archive(make_article, author, section, now):
    """Published articles (two of them at the same moment), a draft, one in
    review and a scheduled one, all in one section, tagged and bylined."""
    articles = []
    for n in range(25):
        articles.append(
            make_article(
                title=f"Story {n}",
                published_at=now - timedelta(hours=n if n != 7 else 6),
            )
        )
    articles.append(make_article(title="Draft", status=Article.Status.DRAFT))
    articles.append(make_article(title="In review", status=Article.Status.REVIEW))
    articles.append(make_article(title="Embargoed", published_at=now + timedelta(1)))
    for article in articles:
        article.tags.add("harbour")
        article.authors.add(author)
    return articles


def subject_of(name, section, author):
    return {
        "section": section,
        "tag": Tag.objects.get(slug="harbour"),
        "author": author,
    }[name]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SUBJECTS)
def test_listed_articles_are_the_published_querysets_in_its_order(
    mixed_archive, section, author, name
):
    listed, lookup = SUBJECTS[name]
    subject = subject_of(name, section, author)
    published = list(
        Article.objects.published()
        .filter(**{lookup: subject})
        .values_list("pk", flat=True)
    )
    rows = listed(subject.pk, per_page=10)

    assert len(published) == 25
    assert rows.count_up_to(1001) == 25
    assert rows.count_up_to(20) == 20
    assert [*rows[0:10], *rows[10:20], *rows[20:30]] == published


def card_titles(html):
    return re.findall(r'class="story-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/news/", "/tags/harbour/", "/authors/ada-reporter/"])
def test_list_pages_show_every_published_article_once_and_no_other(
    client, settings, mixed_archive, url
):
    settings.NEWSROOM_PAGE_CACHE = False
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    titles = card_titles(first) + card_titles(second)
    assert sorted(titles) == sorted(f"Story {n}" for n in range(25))
    assert "Page 2 of 2" in second
    assert client.get(url, {"page": 3}).status_code == 404
    for hidden in ("Draft", "In review", "Embargoed"):
        assert hidden not in first + second


@pytest.mark.django_db
def test_tag_and_author_seen_only_on_drafts_have_no_page(client, make_article):
    draft = make_article(title="Draft", status=Article.Status.DRAFT)
    draft.tags.add("secret plans")
    draft.authors.create(name="New Hire", slug="new-hire")

    assert client.get("/tags/secret-plans/").status_code == 404
    assert client.get("/authors/new-hire/").status_code == 404


@pytest.mark.django_db
def test_a_section_page_shows_its_edits_and_new_sections_at_once(
    client, settings, section, make_article
):
    settings.NEWSROOM_PAGE_CACHE = False
    make_article(title="Story")
    assert client.get("/news/").status_code == 200
    assert client.get("/weather/").status_code == 404

    section.description = "What happened today."
    section.save()
    Section.objects.create(name="Weather", slug="weather")

    assert "What happened today." in client.get("/news/").content.decode()
    assert client.get("/weather/").status_code == 200


@pytest.mark.django_db
def test_a_tag_page_shows_no_draft_even_where_its_tagging_says_published(
    client, settings, make_article, past
):
    """A tag's list is counted and paged on its taggings' copy of the time;
    the cards are read under the read rule again, so a copy gone wrong
    (here written with the database's triggers off) still shows no draft."""
    settings.NEWSROOM_PAGE_CACHE = False
    make_article(title="Story").tags.add("harbour")
    draft = make_article(title="Draft", status=Article.Status.DRAFT)
    draft.tags.add("harbour")
    TAGGING_TIMES.remove(connection)
    TaggedArticle.objects.filter(content_object=draft).update(published_at=past)

    html = client.get("/tags/harbour/").content.decode()

    assert card_titles(html) == ["Story"]
