import os
import time

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.admin.imports import SESSION_KEY, UPLOAD_DIR
from articles.models import Article
from tests.articles.importers.test_wordpress import POSTS, SAMPLE

IMPORT_URL = reverse("admin:articles_article_import")
CONFIRM_URL = reverse("admin:articles_article_import_confirm")


def upload(client, content, *, name="story.txt", **fields):
    fields.setdefault("format", "plaintext")
    return client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, content), **fields}
    )


@pytest.mark.django_db
def test_changelist_links_to_the_import_page(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))

    assertContains(response, f'href="{IMPORT_URL}"')


@pytest.mark.django_db
def test_preview_writes_nothing_and_confirm_imports(editor_client, section):
    preview = upload(
        editor_client,
        b"Storm Closes Schools\n\nAll schools shut.",
        section=section.pk,
        status="published",
        tags="Weather, Schools",
    )

    assertContains(preview, "Dry run, nothing written")
    assertContains(preview, "1 created")
    assertContains(preview, CONFIRM_URL)
    assert not Article.objects.exists()
    token = editor_client.session[SESSION_KEY]["token"]

    response = editor_client.post(CONFIRM_URL, follow=True)

    assertContains(response, "1 of 1 files imported: 1 created")
    article = Article.objects.get()
    assert article.title == "Storm Closes Schools"
    assert article.is_published()
    assert sorted(article.tags.names()) == ["Schools", "Weather"]
    assert SESSION_KEY not in editor_client.session
    assert not (UPLOAD_DIR / token).exists()


@pytest.mark.django_db
def test_wordpress_export_imports_from_the_admin(editor_client, section):
    preview = upload(
        editor_client, SAMPLE.read_bytes(), name="export.xml", format="wordpress"
    )
    assertContains(preview, "4 created")
    assertContains(preview, "Not imported (no place for them here): 1 page.")
    # A dry run fetches no pictures, and says so for each.
    assertContains(preview, "logo.png (not fetched in a dry run)")
    assertContains(preview, "<li>created: post 101 “City Council Approves Budget”</li>")

    editor_client.post(CONFIRM_URL)

    assert set(Article.objects.values_list("title", flat=True)) == POSTS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b" \n\n", "is empty"),
        (b"\xffCaf\xe9", "not UTF-8"),
        (b"\0\0\0", "binary"),
        (b"\nBody", "no title"),
    ],
)
def test_a_bad_file_is_explained_and_cannot_be_confirmed(
    editor_client, section, content, problem
):
    response = upload(editor_client, content, name="bad.txt", section=section.pk)

    assertContains(response, "bad.txt: ")
    assertContains(response, problem)
    assertNotContains(response, CONFIRM_URL)
    assert SESSION_KEY not in editor_client.session
    assert editor_client.post(CONFIRM_URL).status_code == 302
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_plain_text_needs_a_section(editor_client, section):
    response = upload(editor_client, b"Title\n\nBody")

    assertContains(response, "Plain-text articles need a section.")
    assert SESSION_KEY not in editor_client.session


@pytest.mark.django_db
def test_confirming_twice_imports_once(editor_client, section):
    upload(editor_client, b"Once Only\n\nText.", section=section.pk)
    editor_client.post(CONFIRM_URL)

    response = editor_client.post(CONFIRM_URL, follow=True)

    assertContains(response, "Nothing to import: upload the file again.")
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_staff_who_may_not_add_articles_cannot_import(client, section):
    user = User.objects.create_user("reader", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, b"T\n\nB", section=section.pk).status_code == 403
    assert client.post(CONFIRM_URL).status_code == 403
    changelist = client.get(reverse("admin:articles_article_changelist"))
    assertNotContains(changelist, IMPORT_URL)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_files_too_large_for_a_request_are_sent_to_the_commands(
    editor_client, section, monkeypatch
):
    monkeypatch.setattr("articles.admin.imports.MAX_UPLOAD_MEGABYTES", 0)

    response = upload(editor_client, b"Title\n\nBody", section=section.pk)

    assertContains(response, "import larger archives with manage.py")
    assert SESSION_KEY not in editor_client.session


@pytest.mark.django_db
def test_uploads_nobody_confirmed_are_removed_after_a_day(editor_client, section):
    upload(editor_client, b"Forgotten\n\nText.", section=section.pk)
    abandoned = UPLOAD_DIR / editor_client.session[SESSION_KEY]["token"]
    day_and_a_bit_ago = time.time() - 25 * 60 * 60
    os.utime(abandoned, (day_and_a_bit_ago, day_and_a_bit_ago))
    editor_client.logout()  # the session that named it is gone
    other = Client()
    other.force_login(User.objects.get(username="editor"))

    upload(other, b"Fresh\n\nText.", section=section.pk)

    assert not abandoned.exists()
    assert (UPLOAD_DIR / other.session[SESSION_KEY]["token"]).exists()
    other.post(CONFIRM_URL)
