import json
import shutil
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.admin.archives import SESSION_KEY
from articles.admin.imports import UPLOAD_DIR
from articles.models import Article, Section
from images.models import Image

LOAD_URL = reverse("admin:articles_article_load_archive")
CONFIRM_URL = reverse("admin:articles_article_load_archive_confirm")


@pytest.fixture
def site_archive(make_article, make_image, tmp_path, media_root):
    """An archive of a site with two articles and a picture, and the site
    emptied of them afterwards."""
    make_article(title="Harbour Reopens", lead_image=make_image())
    make_article(title="Storm Warning")
    path = tmp_path / "site.zip"
    call_command("export_articles", archive=str(path), verbosity=0)
    Article.objects.all().delete()
    Image.objects.all().delete()
    Section.objects.all().delete()
    shutil.rmtree(media_root)
    return path


def upload(client, path, **fields):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(LOAD_URL, {"file": upload, **fields})


@pytest.mark.django_db
def test_an_archive_is_previewed_then_loaded_into_an_empty_site(
    admin_client, site_archive, media_root
):
    preview = upload(admin_client, site_archive)

    assertContains(preview, "2 articles, 1 sections")
    assertContains(preview, "1 library pictures")
    assertContains(preview, CONFIRM_URL)
    assert not Article.objects.exists()  # nothing yet
    token = admin_client.session[SESSION_KEY]["token"]

    response = admin_client.post(CONFIRM_URL, follow=True)

    assertContains(response, "Loaded site.zip: 2 articles")
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Harbour Reopens",
        "Storm Warning",
    }
    lead = Article.objects.get(title="Harbour Reopens").lead_image
    assert (media_root / lead.file.name).is_file()
    assert not (UPLOAD_DIR / token).exists()
    assert SESSION_KEY not in admin_client.session


@pytest.mark.django_db
def test_a_site_with_articles_is_refused_in_the_preview(
    admin_client, site_archive, make_article
):
    make_article(title="Written since", section=Section.objects.create(slug="local"))

    preview = upload(admin_client, site_archive)

    assertContains(preview, "This site already has 1 articles")
    assertNotContains(preview, CONFIRM_URL)
    assert SESSION_KEY not in admin_client.session
    assert list(Article.objects.values_list("title", flat=True)) == ["Written since"]


@pytest.mark.django_db
def test_replacing_the_site_says_what_goes_and_loads_the_archive(
    admin_client, site_archive, make_article
):
    make_article(title="Written since", section=Section.objects.create(slug="local"))

    preview = upload(admin_client, site_archive, replace="on")

    assertContains(preview, "Deleted first: 1 articles of this site.")
    admin_client.post(CONFIRM_URL)

    assert set(Article.objects.values_list("title", flat=True)) == {
        "Harbour Reopens",
        "Storm Warning",
    }


@pytest.mark.django_db
def test_an_archive_from_a_newer_schema_is_refused_in_the_preview(
    admin_client, site_archive, tmp_path
):
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(site_archive) as source, zipfile.ZipFile(newer, "w") as copy:
        for member in source.namelist():
            content = source.read(member)
            if member == "manifest.json":
                content = json.dumps({**json.loads(content), "version": 99})
            copy.writestr(member, content)

    preview = upload(admin_client, newer)

    assertContains(preview, "written by a newer Newsroom (archive format 99")
    assertNotContains(preview, CONFIRM_URL)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_an_archive_is_refused(admin_client, tmp_path):
    text = tmp_path / "notes.zip"
    text.write_text("Just notes.")

    preview = upload(admin_client, text)

    assertContains(preview, "notes.zip is not an archive")
    assertNotContains(preview, CONFIRM_URL)


@pytest.mark.django_db
def test_an_archive_over_the_admins_limit_is_sent_to_the_command(
    admin_client, tmp_path, monkeypatch
):
    monkeypatch.setattr("articles.admin.imports.MAX_UPLOAD_MEGABYTES", 0)
    big = tmp_path / "site.zip"
    big.write_bytes(b"PK" + b"0" * 100)

    preview = upload(admin_client, big)

    assertContains(preview, "load larger ones with manage.py load_archive")
    assertNotContains(preview, CONFIRM_URL)


@pytest.mark.django_db
def test_only_superusers_may_load_an_archive(editor_client, site_archive):
    changelist = editor_client.get(reverse("admin:articles_article_changelist"))

    assertNotContains(changelist, LOAD_URL)
    assert editor_client.get(LOAD_URL).status_code == 403
    assert upload(editor_client, site_archive).status_code == 403
    assert editor_client.post(CONFIRM_URL).status_code == 403
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_the_changelist_links_superusers_to_the_archive_page(admin_client):
    changelist = admin_client.get(reverse("admin:articles_article_changelist"))

    assertContains(changelist, f'href="{LOAD_URL}"')
