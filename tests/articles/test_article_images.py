import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from articles.sanitizer import sanitize_body
from images.models import Rendition
from tests import imagefiles
from tests.pages import json_ld

DRAFT = Article.Status.DRAFT


def figure(image, caption="Crews at work."):
    """A body figure as the editor's "Insert figure" writes it."""
    source = image.renditions_for("article")[0].file.url
    return (
        f'<figure class="figure"><img src="{source}" alt="" data-file="{image.pk}">'
        f'<figcaption class="figure-caption">{caption}</figcaption></figure>'
    )


def tags(html, name):
    return re.findall(rf"<{name}\b[^>]*>", html)


@pytest.mark.django_db
@pytest.mark.parametrize("alt_text", ["", "   "])
def test_article_with_an_unlabelled_lead_image_cannot_be_published(
    make_article, make_image, alt_text
):
    image = make_image(alt_text=alt_text)

    with pytest.raises(ValidationError, match="Add alt text to this image"):
        make_article(lead_image=image)

    assert not Article.objects.exists()


@pytest.mark.django_db
def test_draft_may_use_an_unlabelled_image_until_it_is_published(
    make_article, make_image
):
    image = make_image(alt_text="")
    draft = make_article(status=DRAFT, lead_image=image, body=figure(image))

    draft.status = Article.Status.PUBLISHED
    with pytest.raises(ValidationError) as refused:
        draft.save()

    assert set(refused.value.message_dict) == {"lead_image", "body"}
    draft.refresh_from_db()
    assert draft.status == DRAFT


@pytest.mark.django_db
def test_inline_image_without_alt_text_blocks_publishing(make_article, make_image):
    labelled = make_image()
    unlabelled = make_image(alt_text="")

    with pytest.raises(ValidationError, match=f"image {unlabelled.pk}\\)"):
        make_article(body=figure(labelled) + figure(unlabelled))


@pytest.mark.django_db
def test_admin_explains_why_it_will_not_publish(editor_client, section, make_image):
    image = make_image(alt_text="")

    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Fire on Main Street",
            "slug": "fire-on-main-street",
            "section": section.pk,
            "lead_image": image.pk,
            "status": "published",
        },
    )

    assertContains(response, "Add alt text to this image in the image library")
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_article_page_shows_the_lead_image_responsively(
    client, make_article, make_image
):
    image = make_image(caption="The fire at dawn.", credit="Ana Lens / Agency")
    article = make_article(title="Fire", lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    [source] = tags(html, "source")
    assert 'type="image/webp"' in source
    assert source.count(" 480w") == 1 and "sizes=" in source
    [img] = tags(html, "img")
    assert 'alt="Firefighters on a ladder"' in img
    assert re.search(r'width="\d+" height="\d+"', img)
    assert ".jpg 480w" in img
    # Above the fold: loaded at once, not lazily.
    assert 'loading="lazy"' not in img
    assert "The fire at dawn." in html and "Ana Lens / Agency" in html


@pytest.mark.django_db
def test_lead_image_is_the_opengraph_image(client, make_article, make_image):
    image = make_image(imagefiles.photo(size=(1600, 1200)))
    article = make_article(lead_image=image)
    [card] = image.renditions_for("social")

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        f'<meta property="og:image" content="http://testserver{card.file.url}">',
        html=True,
    )
    assertContains(response, '<meta property="og:image:width" content="1200">')
    assertContains(
        response, '<meta name="twitter:card" content="summary_large_image">', count=1
    )
    [news_article, _] = json_ld(response.content.decode())
    assert news_article["image"] == [f"http://testserver{card.file.url}"]


@pytest.mark.django_db
def test_inline_image_is_shown_from_the_library_and_loads_lazily(
    client, make_article, make_image
):
    image = make_image(alt_text="Hoses on the pavement", credit="City Photo")
    article = make_article(body="<p>Before.</p>" + figure(image) + "<p>After.</p>")

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    [img] = tags(html, "img")
    assert 'alt="Hoses on the pavement"' in img
    assert 'loading="lazy"' in img
    assert "<picture>" in html and "City Photo" in html
    assertContains(response, "<figcaption>Crews at work.</figcaption>", html=True)


@pytest.mark.django_db
def test_inline_image_removed_from_the_library_is_left_out(
    client, make_article, make_image
):
    image = make_image()
    article = make_article(body=figure(image))
    image.delete()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assertNotContains(response, "<img")


@pytest.mark.django_db
def test_article_without_a_photo_renders_cleanly(client, make_article):
    article = make_article(body="<p>No photo today.</p>")

    response = client.get(article.get_absolute_url())

    assertContains(response, "No photo today.")
    assertNotContains(response, "<picture")
    assertNotContains(response, "<figure")
    assertNotContains(response, "og:image")


@pytest.mark.django_db
def test_body_keeps_library_figures_and_drops_any_other_image(make_image):
    image = make_image()
    body = (
        figure(image)
        + '<img src="https://tracker.example/pixel.gif" alt="">'
        + '<img src="/media/../admin/" data-file="9">'
        + '<img src="x" data-file="1 onerror=alert(1)">'
    )

    cleaned = sanitize_body(body)

    assert cleaned == (
        f'<figure><img src="{image.renditions_for("article")[0].file.url}" alt="" '
        f'data-file="{image.pk}"><figcaption>Crews at work.</figcaption></figure>'
        '<img data-file="9">'
    )


@pytest.mark.django_db
def test_body_editor_offers_the_image_library_picker(editor_client, make_article):
    article = make_article()

    response = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )

    assertContains(response, "&quot;Figure&quot;")
    assertContains(response, reverse("admin:images_image_picker"))


@pytest.mark.django_db
def test_home_shows_photos_in_the_card_crop_and_loads_the_lead_first(
    client, make_article, make_image, now
):
    older = make_image(alt_text="Older photo")
    newer = make_image(alt_text="Lead photo")
    make_article(title="Older", lead_image=older, published_at=now - timedelta(days=1))
    make_article(title="Newer", lead_image=newer, published_at=now)

    html = client.get("/").content.decode()

    lead_img, older_img = tags(html, "img")
    assert 'alt="Lead photo"' in lead_img and 'loading="lazy"' not in lead_img
    assert 'alt="Older photo"' in older_img and 'loading="lazy"' in older_img
    # 640 × 480 photos, cropped to 3:2 for cards and made 480 wide.
    assert 'width="480" height="320"' in lead_img


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/news/"])
def test_list_queries_do_not_grow_with_photos(
    client, make_article, make_image, now, url, django_assert_max_num_queries, settings
):
    settings.NEWSROOM_PAGE_CACHE = False

    def add_articles(count):
        for n in range(count):
            make_article(
                title=f"Story {n} of {count}",
                lead_image=make_image(),
                published_at=now - timedelta(minutes=n),
            )

    add_articles(2)
    # The first page after a change reads the navigation and the
    # publication's details, which the next ones take from the cache.
    client.get(url)
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    # Read now: the next request clears the connection's query log.
    few_count = len(few.captured_queries)
    add_articles(6)
    client.get(url)
    with django_assert_max_num_queries(few_count):
        response = client.get(url)
    assertContains(response, '<picture class="story-picture">', count=8)


@pytest.mark.django_db
def test_pages_reuse_stored_renditions_and_make_none(
    client, make_article, make_image, media_root
):
    image = make_image()
    article = make_article(lead_image=image, body=figure(make_image()))
    files_before = sorted(media_root.rglob("*"))
    renditions_before = set(Rendition.objects.values_list("pk", "file"))

    for _ in range(2):
        client.get(article.get_absolute_url())
        client.get("/")

    assert sorted(media_root.rglob("*")) == files_before
    assert set(Rendition.objects.values_list("pk", "file")) == renditions_before


@pytest.mark.django_db
def test_image_without_renditions_shows_nothing_rather_than_a_broken_image(
    client, make_article, make_image
):
    image = make_image()
    article = make_article(lead_image=image)
    image.renditions.all().delete()

    response = client.get(article.get_absolute_url())

    assertNotContains(response, "<img")
