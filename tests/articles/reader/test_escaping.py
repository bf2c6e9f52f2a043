"""Editor-typed text is escaped in every context a reader or an editor sees it."""

import json
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from articles.models import Author, Correction, Section
from tests.pages import json_ld

# Closes an attribute, a tag, a <script> and a JSON string, and starts markup.
HOSTILE = """</script><script>alert(1)</script>"'><img src=x onerror=alert(2)>&"""
RAW_MARKERS = ["<script>alert(1)", "<img src=x onerror"]


@pytest.fixture
def hostile(make_article, now, make_image):
    section = Section.objects.create(name=f"Desk {HOSTILE}", slug="desk")
    author = Author.objects.create(name=f"Ann {HOSTILE}", slug="ann", bio=HOSTILE)
    image = make_image(alt_text=f"Alt {HOSTILE}", caption=HOSTILE, credit=HOSTILE)
    article = make_article(
        title=f"Title {HOSTILE}",
        slug="hostile",
        section=section,
        dek=f"Dek {HOSTILE}",
        body="<p>Body.</p>",
        lead_image=image,
        published_at=now - timedelta(hours=1),
    )
    article.authors.add(author)
    article.tags.add(f"Tag {HOSTILE}")
    Correction.objects.create(article=article, text=f"Correction {HOSTILE}")
    return article


def public_pages(article):
    tag = article.tags.get()
    month = article.published_at.strftime("%Y/%m")
    return [
        "/",
        "/desk/",
        article.get_absolute_url(),
        f"/tags/{tag.slug}/",
        "/authors/ann/",
        f"/archive/{month}/",
        "/search/?q=" + "Title",
        "/search/?q=" + HOSTILE,
    ]


def assert_no_raw_markup(content, where):
    for marker in RAW_MARKERS:
        assert marker not in content, f"unescaped {marker!r} in {where}"


@pytest.mark.django_db
def test_pages_escape_editor_text_in_html_attributes_and_json_ld(client, hostile):
    for url in public_pages(hostile):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert_no_raw_markup(response.content.decode(), url)

    page = client.get(hostile.get_absolute_url()).content.decode()
    # The JSON-LD still carries the exact text, escaped only for the page.
    news_article = next(o for o in json_ld(page) if o["@type"] == "NewsArticle")
    assert news_article["headline"] == f"Title {HOSTILE}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "feed", ["/feed/", "/feed/atom/", "/desk/feed/", "/authors/ann/feed/"]
)
def test_feeds_carry_editor_text_as_xml_text(client, hostile, feed):
    content = client.get(feed).content
    assert_no_raw_markup(content.decode(), feed)
    titles = [
        element.text
        for element in ElementTree.fromstring(content).iter()
        if element.tag.rsplit("}", 1)[-1] == "title"
    ]
    assert f"Title {HOSTILE}" in titles


@pytest.mark.django_db
def test_sitemaps_stay_well_formed(client, hostile):
    for url in ["/sitemap-articles.xml", "/news-sitemap.xml"]:
        ElementTree.fromstring(client.get(url).content)


@pytest.mark.django_db
def test_admin_pages_escape_editor_text(admin_client, hostile):
    for url in [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[hostile.pk]),
        reverse("admin:articles_section_changelist"),
        reverse("admin:articles_author_changelist"),
        reverse("admin:images_image_changelist"),
        reverse("admin:images_image_change", args=[hostile.lead_image.pk]),
        reverse("admin:taggit_tag_changelist"),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_no_raw_markup(response.content.decode(), url)


@pytest.mark.django_db
def test_autocomplete_returns_titles_as_json_text(editor_client, hostile):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "previous_article",
            "term": "Title",
        },
    )
    assert json.loads(response.content)["results"][0]["text"] == f"Title {HOSTILE}"
