import json
import re
import shutil
import zipfile
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.importers.archive import ARCHIVE_VERSION
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
from publication.models import Publication

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
        for member in source.namelist():  # the manifest and the files
            if member != "articles.json":
                target.writestr(member, source.read(member))

    with pytest.raises(CommandError):
        call_command("load_archive", str(broken), stdout=StringIO())

    assert not [p for p in media_root.rglob("*") if p.is_file()]


def site_pages(client, author):
    """What readers and feed readers get, by address: every public page and
    feed the archive fixture's content appears on."""
    urls = ["/", "/news/", "/sport/", "/robots.txt", "/sitemap.xml"]
    urls += ["/feed/", "/feed/atom/", "/news/feed/", "/sport/feed/"]
    urls += ["/tags/budget/", "/tags/budget/feed/", "/tags/zürich/"]
    urls += [f"/authors/{author.slug}/", f"/authors/{author.slug}/feed/"]
    urls += [article.get_absolute_url() for article in Article.objects.published()]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = without_build_time(response.content)
    for sitemap in re.findall(
        rb"<loc>https?://[^/]+(/[^<]*)</loc>", pages["/sitemap.xml"]
    ):
        pages[sitemap.decode()] = client.get(sitemap.decode()).content
    return pages


def redirects(client):
    return {
        old: client.get(old).headers.get("Location")
        for old in ArticleRedirect.objects.values_list("old_path", flat=True)
    }


def empty_the_site(media_root):
    TaggedArticle.objects.all().delete()
    Article.objects.all().delete()
    for model in [Tag, Author, Section, Image]:
        model.objects.all().delete()
    shutil.rmtree(media_root, ignore_errors=True)


def rewrite_archive(path, target, **changes):
    """A copy of the archive at `path` with some members' contents replaced
    (None leaves one out)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for member in source.namelist():
            content = changes.get(member, source.read(member))
            if content is not None:
                copy.writestr(member, content)
    return target


@pytest.mark.django_db
def test_an_archive_loaded_into_an_empty_site_gives_the_same_site(
    archive, author, tmp_path, client, media_root, settings, make_article, make_image
):
    before = snapshot()
    pages, old_addresses = site_pages(client, author), redirects(client)
    assert old_addresses["/?p=1"] == "/news/first-story/"
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    empty_the_site(media_root)
    settings.NEWSROOM_PAGE_CACHE_NAMESPACE = "after"  # nothing served from before

    call_command("load_archive", str(path), stdout=StringIO())

    assert snapshot() == before
    assert redirects(client) == old_addresses
    after = site_pages(client, author)
    assert after.keys() == pages.keys()
    for url, content in pages.items():
        assert after[url] == content, url
    # The loaded ids are behind the database's counters (PostgreSQL's
    # sequences): a new article and picture get ids of their own.
    assert make_article(title="Written after", section=Section.objects.first()).pk
    assert make_image().pk


def manifest_of(path):
    return json.loads(zipfile.ZipFile(path).read("manifest.json"))


@pytest.mark.django_db
def test_an_archive_names_its_format_and_schema(archive, tmp_path):
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)

    manifest = manifest_of(path)
    assert manifest["format"] == "newsroom-archive"
    assert manifest["version"] == ARCHIVE_VERSION
    assert set(manifest["schema"]) == {"articles", "images", "taggit"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": ARCHIVE_VERSION + 1}, f"archive format {ARCHIVE_VERSION + 1}"),
        ({"schema": {"articles": "9999_from_the_future"}}, "articles 9999_from_the"),
    ],
)
def test_an_archive_from_a_newer_schema_is_refused_and_nothing_written(
    archive, tmp_path, media_root, change, message
):
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    newer = rewrite_archive(
        path,
        tmp_path / "newer.zip",
        **{"manifest.json": json.dumps({**manifest_of(path), **change})},
    )
    empty_the_site(media_root)

    with pytest.raises(CommandError) as refused:
        call_command("load_archive", str(newer), stdout=StringIO())

    assert "written by a newer Newsroom" in str(refused.value)
    assert message in str(refused.value)
    assert "Upgrade this site" in str(refused.value)
    assert snapshot() == []
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


@pytest.mark.django_db
def test_an_archive_written_before_manifests_still_loads(archive, tmp_path, media_root):
    before = snapshot()
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    older = rewrite_archive(path, tmp_path / "older.zip", **{"manifest.json": None})
    empty_the_site(media_root)

    call_command("load_archive", str(older), stdout=StringIO())

    assert snapshot() == before


@pytest.mark.django_db
def test_a_site_with_articles_is_not_overwritten_unless_told_to_replace(
    archive, tmp_path, make_article, media_root, django_capture_on_commit_callbacks
):
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    exported = snapshot()
    Article.objects.filter(title="Draft").update(title="Edited since")
    make_article(title="Written since")
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        call_command("load_archive", str(path), stdout=StringIO())

    assert "This site already has 5 articles and 1 library pictures" in str(
        refused.value
    )
    assert "--replace" in str(refused.value)
    assert snapshot() == before

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_archive", str(path), replace=True, stdout=StringIO())

    assert snapshot() == exported
    assert not Article.objects.filter(title="Written since").exists()
    # Its own archive's pictures: the files the rows name are still there.
    for name in Image.objects.values_list("file", flat=True):
        assert (media_root / name).is_file()


@pytest.mark.django_db
def test_replacing_a_site_with_an_archive_that_fails_keeps_the_site(
    archive, tmp_path, media_root
):
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    rows = json.loads(zipfile.ZipFile(path).read("articles.json"))
    rows[-1]["fields"]["article"] = ["no-such-article", "news"]
    broken = rewrite_archive(
        path, tmp_path / "broken.zip", **{"articles.json": json.dumps(rows)}
    )
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        call_command("load_archive", str(broken), replace=True, stdout=StringIO())

    assert str(refused.value).startswith("Nothing was loaded.")
    assert snapshot() == before


@pytest.mark.django_db
def test_content_other_records_hold_on_to_is_not_replaced(archive, tmp_path):
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    Publication.objects.create(name="The Gazette", logo=Image.objects.get())
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        call_command("load_archive", str(path), replace=True, stdout=StringIO())

    assert "other records point to it (publication details)" in str(refused.value)
    assert "Nothing was loaded." in str(refused.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_damaged_picture_in_an_archive_loads_nothing(archive, tmp_path, media_root):
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    last = zipfile.ZipFile(path).infolist()[-1]  # a picture, stored uncompressed
    data = bytearray(path.read_bytes())
    start = last.header_offset + 30 + len(last.filename.encode()) + len(last.extra)
    data[start + last.file_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    empty_the_site(media_root)

    with pytest.raises(CommandError) as refused:
        call_command("load_archive", str(path), stdout=StringIO())

    assert f"The archive's {last.filename} cannot be read" in str(refused.value)
    assert snapshot() == []
    assert not media_root.exists() or not any(media_root.rglob("*.*"))
