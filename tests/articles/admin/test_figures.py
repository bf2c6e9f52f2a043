import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import Article
from articles.sanitizer import sanitize_body
from tests.articles.admin.test_articles import change_form_data

CAPTION = "<figcaption>Crews at work.</figcaption>"


def saved_with_body(client, article, body):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, change_form_data(article, body=body))


@pytest.mark.django_db
def test_a_picture_from_elsewhere_is_refused_by_name_not_dropped(
    admin_client, make_article
):
    article = make_article(title="Fire", body="<p>Before.</p>")
    body = (
        f'<figure><img src="https://photos.example/fire.jpg" alt="">{CAPTION}</figure>'
    )

    response = saved_with_body(admin_client, article, body)

    assertContains(response, "Not in the image library, so it cannot be kept")
    assertContains(response, "https://photos.example/fire.jpg")
    # The form keeps the picture for the editor; nothing was stored.
    assertContains(response, "photos.example/fire.jpg", count=2)
    assert Article.objects.get(pk=article.pk).body == "<p>Before.</p>"


@pytest.mark.django_db
def test_a_pasted_picture_file_is_refused(admin_client, make_article):
    article = make_article(title="Fire", body="<p>Before.</p>")
    body = '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="x"></p>'

    response = saved_with_body(admin_client, article, body)

    assertContains(response, "a picture pasted as a file")
    assert Article.objects.get(pk=article.pk).body == "<p>Before.</p>"


@pytest.mark.django_db
def test_a_library_picture_by_address_alone_is_kept_as_that_image(
    admin_client, make_article, make_image
):
    image = make_image()
    article = make_article(title="Fire")
    # As copied from a reader's page: a rendition's address, no image id.
    address = image.renditions_for("article")[0].file.url
    body = f'<figure><img src="http://testserver{address}" alt="">{CAPTION}</figure>'

    assert saved_with_body(admin_client, article, body).status_code == 302

    stored = Article.objects.get(pk=article.pk).body
    assert f'data-file="{image.pk}"' in stored
    assert stored.startswith("<figure><img") and stored.endswith(f"{CAPTION}</figure>")


@pytest.mark.parametrize(
    ("body", "stored"),
    [
        (f"<figure>{CAPTION}</figure>", "<p>Crews at work.</p>"),
        (f"<figure></figure>{CAPTION}", "<p>Crews at work.</p>"),
        (
            f'<figure><img src="https://x.example/a.jpg">{CAPTION}</figure>',
            "<p>Crews at work.</p>",
        ),
        ("<figure><p>Text.</p></figure>", "<p>Text.</p>"),
    ],
)
def test_a_caption_is_never_stored_without_its_picture(body, stored, settings):
    assert sanitize_body(body) == stored
    assert sanitize_body(stored) == stored
