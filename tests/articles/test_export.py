import json
import re
import shutil
import zipfile
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleRedirect,
    Author,
    AuthorLink,
    Correction,
    Section,
    TaggedArticle,
)
from images.models import Image, Rendition

MODELS = [
    Image,
    Rendition,
    Section,
    Author,
    AuthorLink,
    Tag,
    Article,
    TaggedArticle,
    Correction,
    ArticleRedirect,
]


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


def without_times(content):
    return re.sub(rb"\d{4}-\d\d-\d\dT[\d:.]+\+00:00", b"", content)


def without_build_time(content):
    return re.sub(rb"<lastBuildDate>[^<]*</lastBuildDate>", b"", content)


@pytest.fixture
def archive(make_article, make_image, section, author, future):
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
    second.lead_image = make_image(caption="A ladder", credit="A. Photographer")
    second.save()
    second.corrections.create(text="The score was 2–1.")
    # An old address of an imported article, and one from a slug change.
    ArticleRedirect.objects.create(old_path="/?p=1", article=first)
    first.slug = "first-story"
    first.save()
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(title="Scheduled", published_at=future).authors.add(author)


@pytest.mark.django_db
def test_export_loads_back_into_an_empty_database_with_nothing_lost(
    archive, tmp_path, client
):
    before = snapshot()
    export = tmp_path / "export.json"

    call_command("export_articles", output=str(export), verbosity=0)
    pages = {url: client.get(url).content for url in ["/", "/sport/", "/feed/"]}
    TaggedArticle.objects.all().delete()
    Article.objects.all().delete()
    for model in [Tag, Author, Section, Image]:
        model.objects.all().delete()
    assert snapshot() == []

    call_command("loaddata", str(export), verbosity=0)

    assert snapshot() == before
    first = Article.objects.get(title="First")
    assert first.next_article.get_previous_published() == first
    assert sorted(first.tags.names()) == ["Budget", "Zürich"]
    second = Article.objects.get(title="Second")
    assert second.lead_image.caption == "A ladder"
    assert [c.text for c in second.corrections.all()] == ["The score was 2–1."]
    for old in ["/?p=1", "/news/first/"]:
        assert client.get(old).headers["Location"] == first.get_absolute_url()
    for url, content in pages.items():
        assert without_build_time(client.get(url).content) == without_build_time(
            content
        ), url


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
        "articles.correction",
        "articles.articleredirect",
        "images.image",
        "images.rendition",
    }
    # Rows name each other by natural keys; articles keep their ids too, from
    # which their feed entry IDs are made.
    kept_ids = {"images.image", "images.rendition", "articles.article"}
    assert all(("pk" in row) == (row["model"] in kept_ids) for row in rows)
    second = next(row for row in rows if row["fields"].get("title") == "Second")
    assert second["fields"]["section"] == ["sport"]
    assert second["fields"]["previous_article"] == ["first-story", "news"]


@pytest.mark.django_db
def test_a_bad_record_loads_nothing_and_is_named_in_one_line(archive, tmp_path):
    export = tmp_path / "export.json"
    call_command("export_articles", output=str(export), verbosity=0)
    rows = json.loads(export.read_text())
    # An article whose section the file does not have.
    broken = next(row for row in rows if row["model"] == "articles.article")
    broken["fields"]["section"] = ["no-such-section"]
    broken["fields"]["slug"] = "orphan"
    export.write_text(json.dumps(rows))
    TaggedArticle.objects.all().delete()
    Article.objects.all().delete()

    with pytest.raises(CommandError) as failure:
        call_command("loaddata", str(export), verbosity=0)

    message = str(failure.value)
    assert message.startswith("Nothing was loaded. Record ")
    assert "Could not load articles.Article(pk=" in message
    assert "section_id" in message
    assert "\n" not in message
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_record_that_cannot_be_read_is_named_by_its_place(archive, tmp_path):
    export = tmp_path / "export.json"
    call_command("export_articles", output=str(export), verbosity=0)
    rows = json.loads(export.read_text())
    position, tagging = next(
        (n, row)
        for n, row in enumerate(rows, 1)
        if row["model"] == "articles.taggedarticle"
    )
    tagging["fields"]["content_object"] = ["no-such-article", "news"]
    export.write_text(json.dumps(rows))
    before = snapshot()

    with pytest.raises(CommandError) as failure:
        call_command("loaddata", str(export), verbosity=0)

    assert str(failure.value).startswith(
        f"Nothing was loaded. Record {position}, after "
    )
    assert "could not be read" in str(failure.value)
    assert snapshot() == before


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


@pytest.mark.django_db
def test_an_archive_rebuilds_the_site_with_its_pictures(
    archive, tmp_path, client, media_root
):
    before = snapshot()
    second = Article.objects.get(title="Second")
    page = client.get(second.get_absolute_url()).content
    files = {
        name: (media_root / name).read_bytes()
        for name in [
            *Image.objects.values_list("file", flat=True),
            *Rendition.objects.values_list("file", flat=True),
        ]
    }
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    # An empty site: no rows, no media folder.
    Article.objects.all().delete()
    for model in [Tag, Author, Section, Image]:
        model.objects.all().delete()
    shutil.rmtree(media_root)

    call_command("load_archive", str(path), stdout=StringIO())

    assert snapshot() == before
    assert {name: (media_root / name).read_bytes() for name in files} == files
    # Django's JSON keeps times to the millisecond, which structured data shows.
    assert without_times(client.get(second.get_absolute_url()).content) == (
        without_times(page)
    )
    assert Rendition.objects.first().file.url.encode() in page


@pytest.mark.django_db
def test_an_archive_whose_rows_fail_leaves_no_files_behind(
    archive, tmp_path, media_root
):
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    shutil.rmtree(media_root)
    rows = json.loads(zipfile.ZipFile(path).read("articles.json"))
    rows[-1]["fields"]["article"] = ["no-such-article", "news"]
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        target.writestr("articles.json", json.dumps(rows))
        for member in source.namelist()[1:]:  # the files
            target.writestr(member, source.read(member))

    with pytest.raises(CommandError):
        call_command("load_archive", str(broken), stdout=StringIO())

    assert not [p for p in media_root.rglob("*") if p.is_file()]
