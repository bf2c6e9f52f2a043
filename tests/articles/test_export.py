import json

import pytest
from django.core import serializers
from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, Author, AuthorLink, Section, TaggedArticle

MODELS = [Section, Author, AuthorLink, Tag, Article, TaggedArticle]


def snapshot():
    """Every exported row, named by natural keys, so database ids don't matter."""
    rows = []
    for model in MODELS:
        data = serializers.serialize(
            "json",
            model.objects.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        rows += [json.dumps(row, sort_keys=True) for row in json.loads(data)]
    return sorted(rows)


@pytest.fixture
def archive(make_article, section, author, future):
    sport = Section.objects.create(name="Sport", slug="sport", description="Games")
    second_author = Author.objects.create(
        name="Bo Writer", slug="bo", bio="Hi.", role="Reporter", email="bo@example.com"
    )
    second_author.links.create(label="Website", url="https://bo.example/")
    # The first article links forward to one saved after it.
    first = make_article(title="First", body="<p>One <em>two</em>.</p>", dek="Dek")
    second = make_article(title="Second", section=sport, previous_article=first)
    first.next_article = second
    first.source_guid = "https://old.example/?p=1"
    first.source_url = "https://old.example/first/"
    first.save()
    first.authors.add(author, second_author)
    first.tags.add("Zürich", "Budget")
    second.tags.add("budget")
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(title="Scheduled", published_at=future).authors.add(author)


@pytest.mark.django_db
def test_export_loads_back_into_an_empty_database_with_nothing_lost(archive, tmp_path):
    before = snapshot()
    export = tmp_path / "export.json"

    call_command("export_articles", output=str(export), verbosity=0)
    TaggedArticle.objects.all().delete()
    Article.objects.all().delete()
    for model in [Tag, Author, Section]:
        model.objects.all().delete()
    assert snapshot() == []

    call_command("loaddata", str(export), verbosity=0)

    assert snapshot() == before
    first = Article.objects.get(title="First")
    assert first.next_article.get_previous_published() == first
    assert sorted(first.tags.names()) == ["Budget", "Zürich"]


@pytest.mark.django_db
def test_loading_an_export_again_changes_nothing(archive, tmp_path):
    export = tmp_path / "export.json"
    call_command("export_articles", output=str(export), verbosity=0)
    before = snapshot()

    call_command("loaddata", str(export), verbosity=0)

    assert snapshot() == before


@pytest.mark.django_db
def test_export_names_rows_by_natural_keys(archive, capsys):
    call_command("export_articles")

    rows = json.loads(capsys.readouterr().out)
    assert {row["model"] for row in rows} == {
        "articles.section",
        "articles.author",
        "articles.authorlink",
        "taggit.tag",
        "articles.article",
        "articles.taggedarticle",
    }
    assert all("pk" not in row for row in rows)
    second = next(row for row in rows if row["fields"].get("title") == "Second")
    assert second["fields"]["section"] == ["sport"]
    assert second["fields"]["previous_article"] == ["first", "news"]


HOSTILE_BODY = (
    "<p>Boats are back.</p><script>alert(1)</script>"
    '<p><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">more</a></p>'
)


@pytest.mark.django_db
def test_a_hostile_fixture_is_cleaned_on_every_reader_page_and_feed(
    section, client, tmp_path
):
    fixture = tmp_path / "hostile.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.article",
                    "fields": {
                        "title": "Harbour Reopens",
                        "slug": "harbour-reopens",
                        "section": [section.slug],
                        "status": "published",
                        "published_at": "2026-01-05T09:00:00Z",
                        "created_at": "2026-01-05T09:00:00Z",
                        "updated_at": "2026-01-05T09:00:00Z",
                        "body": HOSTILE_BODY,
                    },
                }
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)

    article = Article.objects.get(slug="harbour-reopens")
    assert "Boats are back." in article.body
    urls = [
        article.get_absolute_url(),
        "/",
        f"/{section.slug}/",
        "/feed/",
        "/feed/atom/",
        f"/{section.slug}/feed/",
        "/search/?q=boats",
        f"/api/v1/articles/{article.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        served = response.content.decode()
        for hostile in ("<script>alert", "alert(", "onerror", "javascript:"):
            assert hostile not in served, (url, hostile)
