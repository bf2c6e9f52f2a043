"""Requests refused for their shape before anything reads them: a query that is
not text (400, on SQLite and PostgreSQL alike: run with DATABASE_URL for the
latter), a body larger than the request may send (413)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

ADMIN_LISTS = reverse("admin:articles_article_changelist")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/search/?q=%00",
        "/search/?q=harbour%00plan",
        "/search/?q=%FF%FE",
        "/search/?q=harbour&page=%00",
        "/?page=%00",
        "/news/?page=1%01",
        "/feed/?x=%7F",
        "/tags/budget/?%00=1",
    ],
)
def test_readers_get_400_for_a_query_that_is_not_text(client, make_article, address):
    make_article(title="Harbour plan").tags.add("budget")

    response = client.get(address)

    assertContains(response, "Bad request", status_code=400)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?q=%00",
        "?status__exact=%00",
        "?section__id__exact=1%00",
        "?o=%00",
        "?q=%C0%AF",  # an overlong '/', not UTF-8
    ],
)
def test_staff_get_400_for_a_list_filter_that_is_not_text(editor_client, query):
    response = editor_client.get(ADMIN_LISTS + query)
    assertContains(response, "Bad request", status_code=400)


@pytest.mark.django_db
def test_autocomplete_refuses_a_nul_term(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "\x00",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "previous_article",
        },
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_text_pasted_with_tabs_and_line_breaks_is_still_searched(client, make_article):
    make_article(title="Harbour plan")

    response = client.get("/search/", {"q": "harbour\tplan\r\n"})

    assertContains(response, "1 result for")


@pytest.mark.django_db
def test_the_api_answers_bad_queries_in_its_own_json(client):
    response = client.get("/api/v1/articles/?tag=%00")

    assert response.status_code == 400
    assert response.json()["fields"].keys() == {"tag"}


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, path, length, content_type="multipart/form-data"):
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE=f"{content_type}; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


MEGABYTE = 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/admin/login/", "application/x-www-form-urlencoded"),
        # Multipart, as an upload is, but no one is signed in.
        ("/admin/login/", "multipart/form-data"),
        ("/admin/images/image/add/", "multipart/form-data"),
    ],
)
def test_a_large_body_is_refused_with_413_unread(client, path, content_type):
    response = post_declaring(client, path, 200 * MEGABYTE, content_type)

    assertContains(response, "Request too large", status_code=413)


@pytest.mark.django_db
def test_staff_forms_without_uploads_keep_the_ordinary_limit(editor_client):
    change = reverse("admin:articles_article_add")
    form = post_declaring(
        editor_client, change, 3 * MEGABYTE, "application/x-www-form-urlencoded"
    )
    assert form.status_code == 413


@pytest.mark.django_db
def test_staff_may_upload_up_to_the_uploads_limit(editor_client, settings):
    add_photo = reverse("admin:images_image_add")
    too_large = settings.NEWSROOM_MAX_UPLOAD_BYTES + 1
    assert post_declaring(editor_client, add_photo, too_large).status_code == 413

    # Larger than any other body may be: read, and refused by the form.
    not_a_photo = SimpleUploadedFile("big.jpg", b"\xff" * (3 * MEGABYTE))
    response = editor_client.post(
        add_photo, {"file": not_a_photo, "alt_text": "Harbour"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
